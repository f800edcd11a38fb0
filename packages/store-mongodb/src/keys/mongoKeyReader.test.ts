import { randomUUID } from 'node:crypto';
import { generateMasterKey, isPersistentKeyStoreError, isReadStoreError } from '@shopstream/kernel';
import { keyReaderContract } from '@shopstream/kernel/testing';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMongoStoreSetupError } from '../setup.js';
import { mongoKeyReader } from './mongoKeyReader.js';
import { mongoKeyStore } from './mongoKeyStore.js';

/** The reader contract against a real server (MONGODB_URI); skipped without one. The same suite runs on SQLite in the SDK. */
const uri = process.env.MONGODB_URI;
const database = `shopstream_key_reader_${randomUUID().slice(0, 8)}`;
let made = 0;
let current = '';

describe.skipIf(uri === undefined)('MongoDB key reader (MONGODB_URI)', () => {
  const server = uri as string;
  let client: MongoClient;
  beforeAll(async () => {
    client = await new MongoClient(server).connect();
  });
  afterAll(async () => {
    await client.db(database).dropDatabase();
    await client.close();
  });

  /** Every document and index of a key store's two collections, and which collections exist. */
  const contents = async (collection: string) => {
    const db = client.db(database);
    const existing = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((name) => name === collection || name === `${collection}_meta`).sort();
    const of = async (name: string) => ({
      name,
      documents: await db.collection(name).find().sort({ _id: 1 }).toArray(),
      indexes: await db.collection(name).listIndexes().toArray(),
    });
    return Promise.all(existing.map(of));
  };

  keyReaderContract('mongodb', {
    create: (masterKey) => mongoKeyStore({ uri: server, database, collection: (current = `keys_${(made += 1)}`), masterKey }),
    read: (masterKey) => mongoKeyReader({ uri: server, database, collection: current, masterKey }),
    stored: () => contents(current),
    missing: () => {
      const collection = `nowhere_${(made += 1)}`;
      return { read: (masterKey) => mongoKeyReader({ uri: server, database, collection, masterKey }), stored: () => contents(collection) };
    },
  });
});

describe('MongoDB key reader options', () => {
  it('refuses a malformed master key before connecting (nothing listens on this port)', async () => {
    await expect(mongoKeyReader({ uri: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200', database: 'shop', masterKey: 'c2hvcnQ=' })).rejects.toSatisfy((error) =>
      isPersistentKeyStoreError(error, 'InvalidMasterKey'),
    );
  });

  it('refuses a connection string that is not a MongoDB one, and names MongoDB refuses, before connecting', async () => {
    const masterKey = generateMasterKey();
    await expect(mongoKeyReader({ uri: 'postgres://localhost', database: 'shop', masterKey })).rejects.toSatisfy((error) => isMongoStoreSetupError(error, 'InvalidOption'));
    await expect(mongoKeyReader({ uri: 'mongodb://127.0.0.1:1', database: 'a.b', masterKey })).rejects.toSatisfy((error) => isMongoStoreSetupError(error, 'InvalidOption'));
    await expect(mongoKeyReader({ uri: 'mongodb://127.0.0.1:1', database: 'shop', collection: 'a$b', masterKey })).rejects.toSatisfy((error) => isReadStoreError(error, 'InvalidCollectionName'));
  });
});
