import { randomUUID } from 'node:crypto';
import { snapshotStoreContract } from '@shopstream/kernel/testing';
import { MongoClient } from 'mongodb';
import { afterAll, describe } from 'vitest';
import { mongoSnapshotStore } from './mongoSnapshotStore.js';
import type { MongoSnapshotStore } from './mongoSnapshotStore.js';

/** The snapshot store contract against a real server (MONGODB_URI); skipped without one. */
const uri = process.env.MONGODB_URI;
const database = `shopstream_snapshots_${randomUUID().slice(0, 8)}`;
const opened: MongoSnapshotStore[] = [];
let made = 0;
let current = '';

const open = async (collection: string): Promise<MongoSnapshotStore> => {
  const store = await mongoSnapshotStore({ uri: uri as string, database, collection });
  opened.push(store);
  return store;
};

describe.skipIf(uri === undefined)('MongoDB snapshot store (MONGODB_URI)', () => {
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
    const client = await new MongoClient(uri as string).connect();
    await client.db(database).dropDatabase();
    await client.close();
  });

  snapshotStoreContract('mongodb', {
    create: () => open((current = `snapshots_${(made += 1)}`)),
    reopen: () => open(current),
  });
});
