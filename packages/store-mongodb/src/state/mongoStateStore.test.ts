import { randomUUID } from 'node:crypto';
import { stateStoreContract } from '@shopstream/kernel/testing';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { mongoStateStore } from './mongoStateStore.js';

/** The shop state contract against a real server (MONGODB_URI); skipped without one. */
const uri = process.env.MONGODB_URI;
const database = `shopstream_state_${randomUUID().slice(0, 8)}`;
let made = 0;
let current = '';

describe.skipIf(uri === undefined)('MongoDB state store (MONGODB_URI)', () => {
  afterAll(async () => {
    const client = await new MongoClient(uri as string).connect();
    await client.db(database).dropDatabase();
    await client.close();
  });

  stateStoreContract('mongodb', {
    create: (clock) => mongoStateStore({ uri: uri as string, database, collection: (current = `state_${(made += 1)}`), clock, sweepIntervalMs: 0 }),
    reopen: (clock) => mongoStateStore({ uri: uri as string, database, collection: current, clock, sweepIntervalMs: 0 }),
    sweeping: (clock, sweepIntervalMs) => mongoStateStore({ uri: uri as string, database, collection: `state_${(made += 1)}`, clock, sweepIntervalMs }),
  });

  it('two stores on one collection (two host processes) share entries and lose no concurrent update', async () => {
    const collection = `state_shared_${(made += 1)}`;
    const [a, b] = await Promise.all([
      mongoStateStore({ uri: uri as string, database, collection, sweepIntervalMs: 0 }),
      mongoStateStore({ uri: uri as string, database, collection, sweepIntervalMs: 0 }),
    ]);
    try {
      const bump = async (store: typeof a) => {
        for (;;) {
          const entry = await store.get('counters', 'cas');
          const next = (typeof entry?.value === 'number' ? entry.value : 0) + 1;
          if (await store.put('counters', 'cas', next, { ifVersion: entry?.version ?? 'absent' })) return;
        }
      };
      await Promise.all([...Array.from({ length: 20 }, () => bump(a)), ...Array.from({ length: 20 }, () => bump(b))]);
      await Promise.all(Array.from({ length: 25 }, (_, i) => (i % 2 === 0 ? a : b).increment('rate', 'ip', { ttlMs: 60_000 })));
      expect((await b.get('counters', 'cas'))?.value).toBe(40);
      expect((await a.get('rate', 'ip'))?.value).toBe(25);
      expect(await a.put('sessions', 's-1', { userId: 'u-1' }, { ifVersion: 'absent' })).toBe(true);
      expect(await b.put('sessions', 's-1', { userId: 'u-2' }, { ifVersion: 'absent' })).toBe(false);
      expect((await b.get('sessions', 's-1'))?.value).toEqual({ userId: 'u-1' });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('MongoDB state store options', () => {
  it('refuses a connection string that is not a MongoDB one before connecting', async () => {
    await expect(mongoStateStore({ uri: 'postgres://localhost', database: 'shop' })).rejects.toThrow(/InvalidOption: uri/);
  });
});
