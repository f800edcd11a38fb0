import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { memoryEventStore, memoryReadStore, memorySnapshotStore } from '@shopstream/kernel';
import type { Clock, EventStore, IdGenerator, ReadStore, SnapshotStore } from '@shopstream/kernel';
import { commerceEventRegistry } from '@shopstream/commerce';
import { sqliteEventStore, sqliteReadStore, sqliteSnapshotStore } from '@shopstream/store-sqlite';
import type { ShopConfig } from './config.js';

/** The stores a shop runs on, and how to let them go. */
/**
 * The files of the embedded default in its data folder (besides the key store's `keys.db` and `master.key` and
 * the peppers' `secrets.json`): the names the audit tools and operators find them by.
 */
export const EMBEDDED_FILES = { events: 'events.sqlite', read: 'read.sqlite', snapshots: 'snapshots.sqlite', state: 'state.sqlite' } as const;

export interface ShopStorage {
  readonly kind: 'sqlite' | 'memory' | 'custom';
  /**
   * The folder of the embedded default's files, or of the keys, peppers and shop state of custom storage when
   * the configuration names a `dataDir`; null otherwise.
   */
  readonly dataDir: string | null;
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly snapshots: SnapshotStore;
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = './data';

/** Opens (or creates) the stores the configuration names. */
export const openStorage = (config: ShopConfig, clock: Clock, ids: IdGenerator): ShopStorage => {
  const storage = config.storage ?? { kind: 'sqlite' };
  const stamp = { registry: commerceEventRegistry(), now: () => clock.now(), newId: () => ids.next() };
  switch (storage.kind) {
    case 'memory':
      return {
        kind: 'memory',
        dataDir: null,
        eventStore: memoryEventStore(stamp),
        readStore: memoryReadStore(),
        snapshots: memorySnapshotStore(),
        close: async () => undefined,
      };
    case 'custom': {
      const { eventStore, readStore, close } = storage;
      // The stores are the caller's; a data folder given besides keeps what they do not hold (keys, peppers, state).
      const dataDir = config.dataDir === undefined ? null : resolve(config.dataDir);
      if (dataDir !== null) mkdirSync(dataDir, { recursive: true });
      return { kind: 'custom', dataDir, eventStore, readStore, snapshots: storage.snapshots ?? memorySnapshotStore(), close: close ?? (async () => undefined) };
    }
    case 'sqlite': {
      const dataDir = resolve(storage.dataDir ?? config.dataDir ?? DEFAULT_DATA_DIR);
      mkdirSync(dataDir, { recursive: true });
      const durability = storage.durability ?? 'normal';
      const eventStore = sqliteEventStore({ path: join(dataDir, EMBEDDED_FILES.events), durability, ...stamp });
      const readStore = sqliteReadStore({ path: join(dataDir, EMBEDDED_FILES.read), durability });
      const snapshots = sqliteSnapshotStore({ path: join(dataDir, EMBEDDED_FILES.snapshots) });
      return {
        kind: 'sqlite',
        dataDir,
        eventStore,
        readStore,
        snapshots,
        close: async () => {
          // Readers first: nothing writes to the event store once the projectors and processes have stopped.
          await readStore.close();
          snapshots.close();
          await eventStore.close();
        },
      };
    }
  }
};
