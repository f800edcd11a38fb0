import { join } from 'node:path';
import { commerceEventRegistry } from '@shopstream/commerce';
import type { EventStore, ReadStore, SnapshotStore } from '@shopstream/kernel';
import { EMBEDDED_FILES } from '@shopstream/sdk';
import type { StorageConfig } from '@shopstream/sdk';
import { eventStoreDbEventStore } from '@shopstream/store-eventstoredb';
import { mongoReadStore, mongoSnapshotStore } from '@shopstream/store-mongodb';
import { sqliteEventStore, sqliteReadStore, sqliteSnapshotStore } from '@shopstream/store-sqlite';
import type { HostConfig } from './config.js';

/** Which store holds what, as the log line at start says. */
export interface StorageChoice {
  readonly events: 'sqlite' | 'eventstoredb';
  readonly readModels: 'sqlite' | 'mongodb';
}

export const storageChoice = (config: HostConfig): StorageChoice => ({
  events: config.ESDB_CONNECTION_STRING === undefined ? 'sqlite' : 'eventstoredb',
  readModels: config.MONGODB_URI === undefined ? 'sqlite' : 'mongodb',
});

/**
 * The shop's stores from the environment: the embedded default (undefined: the SDK opens its SQLite files under
 * the data folder) unless `ESDB_CONNECTION_STRING` or `MONGODB_URI` names a scale-out server, in which case that
 * side goes there and the other stays in the data folder, under the file names the embedded default uses. Keys,
 * peppers and shop state stay in the data folder either way (the host passes it as the shop's `dataDir`).
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
