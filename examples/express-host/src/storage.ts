import { join } from 'node:path';
import { commerceEventRegistry } from '@shopstream/commerce';
import type { EventStore, ReadStore, ShopStateStore, SnapshotStore } from '@shopstream/kernel';
import { EMBEDDED_FILES } from '@shopstream/sdk';
import type { StorageConfig } from '@shopstream/sdk';
import { eventStoreDbEventStore } from '@shopstream/store-eventstoredb';
import { mongoReadStore, mongoSnapshotStore, mongoStateStore } from '@shopstream/store-mongodb';
import { sqliteEventStore, sqliteReadStore, sqliteSnapshotStore } from '@shopstream/store-sqlite';
import type { HostConfig } from './config.js';

/** Which store holds what, as the log line at start says. */
export interface StorageChoice {
  readonly events: 'sqlite' | 'eventstoredb';
  readonly readModels: 'sqlite' | 'mongodb';
  /** Sessions, idempotency records, rate-limit counters and the webhook outbox: shared by every host process. */
  readonly shopState: 'sqlite' | 'mongodb';
}

export const storageChoice = (config: HostConfig): StorageChoice => ({
  events: config.ESDB_CONNECTION_STRING === undefined ? 'sqlite' : 'eventstoredb',
  readModels: config.MONGODB_URI === undefined ? 'sqlite' : 'mongodb',
  shopState: config.MONGODB_URI === undefined ? 'sqlite' : 'mongodb',
});

/**
 * The shop's stores from the environment: the embedded default (undefined: the SDK opens its SQLite files under
 * the data folder) unless `ESDB_CONNECTION_STRING` or `MONGODB_URI` names a scale-out server, in which case that
 * side goes there and the other stays in the data folder, under the file names the embedded default uses. Keys
 * and peppers stay in the data folder either way (the host passes it as the shop's `dataDir`); the shop state
 * follows the read models (`hostState`).
 */
export const hostStorage = async (config: HostConfig, dataDir: string): Promise<StorageConfig | undefined> => {
  const choice = storageChoice(config);
  if (choice.events === 'sqlite' && choice.readModels === 'sqlite') return undefined;
  const registry = commerceEventRegistry();
  const opened: { close(): Promise<void> | void }[] = [];
  const closeAll = async () => {
    // Readers first, as the embedded default closes: nothing appends once the projectors have stopped.
    for (const store of [...opened].reverse()) await store.close();
  };
  try {
    const eventStore: EventStore =
      config.ESDB_CONNECTION_STRING === undefined
        ? sqliteEventStore({ path: join(dataDir, 'events.sqlite'), registry })
        : eventStoreDbEventStore({ connectionString: config.ESDB_CONNECTION_STRING, registry });
    opened.push(eventStore);
    let readStore: ReadStore;
    let snapshots: SnapshotStore;
    if (config.MONGODB_URI === undefined) {
      readStore = sqliteReadStore({ path: join(dataDir, EMBEDDED_FILES.read) });
      opened.push(readStore);
      const sqliteSnapshots = sqliteSnapshotStore({ path: join(dataDir, EMBEDDED_FILES.snapshots) });
      opened.push(sqliteSnapshots);
      snapshots = sqliteSnapshots;
    } else {
      const mongoSnapshots = await mongoSnapshotStore({ uri: config.MONGODB_URI, database: config.MONGODB_DATABASE, collection: 'snapshots' });
      opened.push(mongoSnapshots);
      snapshots = mongoSnapshots;
      readStore = await mongoReadStore({ uri: config.MONGODB_URI, database: config.MONGODB_DATABASE });
      opened.push(readStore);
    }
    return { kind: 'custom', eventStore, readStore, snapshots, close: closeAll };
  } catch (error) {
    await closeAll().catch(() => undefined);
    throw error;
  }
};

/**
 * The shop state when the read models are on MongoDB: in the same database (collection `shop_state`), so that
 * every host process behind a load balancer sees the same sessions, idempotency records and rate-limit counters.
 * Undefined otherwise: the SDK keeps it in `<dataDir>/state.sqlite`, which the processes of one machine share.
 * The caller owns the store and closes it after the shop has stopped.
 */
export const hostState = async (config: HostConfig): Promise<ShopStateStore | undefined> =>
  config.MONGODB_URI === undefined ? undefined : mongoStateStore({ uri: config.MONGODB_URI, database: config.MONGODB_DATABASE, collection: 'shop_state' });
