import { randomUUID } from 'node:crypto';
import { generateMasterKey, isPersistentKeyStoreError } from '@shopstream/kernel';
import { persistentKeyStoreContract } from '@shopstream/kernel/testing';
import { Binary, MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { isMongoStoreSetupError } from '../setup.js';
import { mongoKeyStore } from './mongoKeyStore.js';

/** The key store contract against a real server (MONGODB_URI); skipped without one. */
const uri = process.env.MONGODB_URI;
const database = `shopstream_keys_${randomUUID().slice(0, 8)}`;
let made = 0;
let current = '';

describe.skipIf(uri === undefined)('MongoDB key store (MONGODB_URI)', () => {
  const server = uri as string;
  afterAll(async () => {
    const client = await new MongoClient(server).connect();
    await client.db(database).dropDatabase();
    await client.close();
  });

  persistentKeyStoreContract('mongodb', {
    create: (masterKey) => mongoKeyStore({ uri: server, database, collection: (current = `keys_${(made += 1)}`), masterKey }),
    reopen: (masterKey) => mongoKeyStore({ uri: server, database, collection: current, masterKey }),
  });

  /** Every byte string and text of the store's collections as stored, one after another, to look for key bytes in. */
  const storedBytes = async (client: MongoClient, collection: string): Promise<Buffer> => {
    const db = client.db(database);
    const docs = [...(await db.collection(collection).find().toArray()), ...(await db.collection(`${collection}_meta`).find().toArray())];
    const parts: Buffer[] = [];
    const walk = (value: unknown): void => {
      if (value instanceof Binary) parts.push(Buffer.from(value.value()));
      else if (value instanceof Uint8Array) parts.push(Buffer.from(value));
      else if (typeof value === 'string') parts.push(Buffer.from(value));
      else if (Array.isArray(value)) value.forEach(walk);
      else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
    };
    walk(docs);
    return Buffer.concat(parts);
  };

  it('keeps no data key in clear, and no wrapped key of an erased subject', async () => {
    const client = await new MongoClient(server).connect();
    const collection = `keys_bytes_${(made += 1)}`;
    const masterKey = generateMasterKey();
    const store = await mongoKeyStore({ client, database, collection, masterKey });
    try {
      const erased = await store.create('user-1');
      const kept = await store.create('user-2');
      const raw = await client.db(database).collection<{ _id: string; keys: { wrapped: Binary }[] }>(collection).findOne({ _id: 'user-1' });
      const wrapped = Buffer.from(raw?.keys[0]?.wrapped.value() ?? []);
      expect(wrapped).toHaveLength(12 + 16 + 32);
      const before = await storedBytes(client, collection);
      expect(before.includes(wrapped)).toBe(true);
      for (const key of [erased, kept]) expect(before.includes(Buffer.from(key.key))).toBe(false);
      await store.delete('user-1');
      expect((await storedBytes(client, collection)).includes(wrapped)).toBe(false);
      expect(await store.current('user-2')).toEqual(kept);
    } finally {
      await store.close();
      await client.close();
    }
  });

  it('refuses a wrapped key moved to another subject (WrappedKeyCorrupt)', async () => {
    const client = await new MongoClient(server).connect();
    const collection = `keys_moved_${(made += 1)}`;
    const store = await mongoKeyStore({ client, database, collection, masterKey: generateMasterKey() });
    try {
      const victim = await store.create('user-1');
      await store.create('user-2');
      const keys = client.db(database).collection<{ _id: string; keys: unknown[] }>(collection);
      const stolen = await keys.findOne({ _id: 'user-1' });
      await keys.updateOne({ _id: 'user-2' }, { $push: { keys: stolen?.keys[0] } });
      await expect(store.get('user-2', victim.keyId)).rejects.toSatisfy((error) => isPersistentKeyStoreError(error, 'WrappedKeyCorrupt'));
    } finally {
      await store.close();
      await client.close();
    }
  });
});

describe('MongoDB key store options', () => {
  it('refuses a malformed master key before connecting (nothing listens on this port)', async () => {
    await expect(mongoKeyStore({ uri: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200', database: 'shop', masterKey: 'c2hvcnQ=' })).rejects.toSatisfy((error) =>
      isPersistentKeyStoreError(error, 'InvalidMasterKey'),
    );
  });

  it('refuses a connection string that is not a MongoDB one, and a database name MongoDB refuses, before connecting', async () => {
    await expect(mongoKeyStore({ uri: 'postgres://localhost', database: 'shop', masterKey: generateMasterKey() })).rejects.toThrow(/InvalidOption: uri/);
    await expect(mongoKeyStore({ uri: 'mongodb://127.0.0.1:1', database: 'a.b', masterKey: generateMasterKey() })).rejects.toSatisfy((error) => isMongoStoreSetupError(error, 'InvalidOption'));
  });
});
