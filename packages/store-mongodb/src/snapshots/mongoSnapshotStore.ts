import type { Snapshot, SnapshotStore } from '@shopstream/kernel';
import type { Collection } from 'mongodb';
import { connect } from '../connection.js';
import type { MongoConnection } from '../connection.js';
import { collectionNaming } from '../readStore/names.js';

export type MongoSnapshotStoreOptions = MongoConnection & {
  readonly database: string;
  /** The collection snapshots live in (default `snapshots`); keep it outside a read store's prefix. */
  readonly collection?: string;
};

export interface MongoSnapshotStore extends SnapshotStore {
  close(): Promise<void>;
}

/** One snapshot per stream; the state is kept as its JSON text, exactly what the memory store keeps. */
interface SnapshotRow {
  _id: string;
  revision: number;
  version: string;
  state: string;
}

const DUPLICATE_KEY = 11000;

/**
 * Snapshots on MongoDB: one document per stream, keyed by the stream name. A save only ever moves a stream's
 * snapshot forward: the update matches the stored snapshot only when it is not newer, and when it is newer the
 * upsert's insert collides on `_id` (E11000), which means another writer got there first, so the older snapshot
 * is dropped. Works on a standalone server too (no transactions needed).
 */
export const mongoSnapshotStore = async (options: MongoSnapshotStoreOptions): Promise<MongoSnapshotStore> => {
  const name = collectionNaming(options.database).toMongo(options.collection ?? 'snapshots');
  const { client, release } = await connect(options);
  const snapshots: Collection<SnapshotRow> = client.db(options.database).collection<SnapshotRow>(name);
  let closed = false;
  const checkOpen = (): void => {
    if (closed) throw new Error('the MongoDB snapshot store was closed');
  };
  return {
    load: async (stream) => {
      checkOpen();
      const row = await snapshots.findOne({ _id: stream });
      if (row === null) return null;
      return { stream, revision: row.revision, version: row.version, state: JSON.parse(row.state) as unknown };
    },
    save: async (snapshot: Snapshot) => {
      checkOpen();
      const state = JSON.stringify(snapshot.state) as string | undefined;
      try {
        await snapshots.updateOne(
          { _id: snapshot.stream, revision: { $lte: snapshot.revision } },
          { $set: { revision: snapshot.revision, version: snapshot.version, state: state ?? 'null' } },
          { upsert: true },
        );
      } catch (error) {
        if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await release();
    },
  };
};
