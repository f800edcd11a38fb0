import { randomUUID } from 'node:crypto';
import { readStoreContract } from '@shopstream/kernel/testing';
import type { ReadStore } from '@shopstream/kernel';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { isMongoStoreSetupError } from '../setup.js';
import { mongoReadStore } from './mongoReadStore.js';

/**
 * The read store contract against a real server: set MONGODB_URI to a replica set (docker compose up mongodb, see
 * README.md). Without it these tests are reported as skipped: there is no server to run them against here.
 */
const uri = process.env.MONGODB_URI;
const database = `shopstream_contract_${randomUUID().slice(0, 8)}`;
const prefixes = new WeakMap<ReadStore, string>();
let made = 0;

const open = async (prefix: string): Promise<ReadStore> => {
  const store = await mongoReadStore({ uri: uri as string, database, prefix });
  prefixes.set(store, prefix);
  return store;
};

describe.skipIf(uri === undefined)('MongoDB read store (MONGODB_URI)', () => {
  afterAll(async () => {
    const client = await new MongoClient(uri as string).connect();
    await client.db(database).dropDatabase();
    await client.close();
  });

  // Each store gets its own prefix in one database: a new, empty store, and a check that prefixes keep shops apart.
  readStoreContract('mongodb', {
    create: () => open(`t${(made += 1)}_`),
    reopen: async (store) => {
      const prefix = prefixes.get(store);
      if (prefix === undefined) throw new Error('reopen needs a store made by this test');
      await store.close();
      return open(prefix);
    },
    numRuns: 10,
  });

  it('keeps shops with different prefixes apart in one database', async () => {
    const [a, b] = [await open('shop_a_'), await open('shop_b_')];
    await a.collection('orders').replaceOne({ _id: 'o-1', total: 5 });
    expect(await b.collection('orders').get('o-1')).toBeNull();
    expect(await a.listCollections()).toEqual(['orders']);
    expect(await b.listCollections()).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('opening the MongoDB read store', () => {
  it('refuses a connection string that is not one, before connecting', async () => {
    const caught = await mongoReadStore({ uri: 'http://localhost:27017', database: 'shop' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isMongoStoreSetupError(caught, 'InvalidOption')).toBe(true);
  });

  it('refuses a database name MongoDB cannot hold, before connecting', async () => {
    const caught = await mongoReadStore({ uri: 'mongodb://localhost:1', database: 'my.shop' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(caught).toMatchObject({ detail: { _tag: 'InvalidOption', option: 'database' } });
  });
});
