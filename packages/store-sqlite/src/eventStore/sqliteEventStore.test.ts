import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { matchesFilter, verifyStreamIntegrity } from '@shopstream/kernel';
import type { EventFilter } from '@shopstream/kernel';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SCHEMA_VERSION } from './schema.js';
import { sqliteEventStore } from './sqliteEventStore.js';

const folder = mkdtempSync(join(tmpdir(), 'shopstream-sqlite-'));
let files = 0;
const newFile = () => join(folder, `store-${(files += 1)}.db`);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('connection settings', () => {
  it('runs a file in WAL mode with synchronous=NORMAL by default', async () => {
    const store = sqliteEventStore({ path: newFile() });
    expect(store.settings()).toEqual({ journalMode: 'wal', synchronous: 'normal', busyTimeoutMs: 5000, schemaVersion: SCHEMA_VERSION });
    await store.close();
  });

  it("honours durability 'full' and the busy timeout", async () => {
    const store = sqliteEventStore({ path: newFile(), durability: 'full', busyTimeoutMs: 1234 });
    expect(store.settings()).toMatchObject({ journalMode: 'wal', synchronous: 'full', busyTimeoutMs: 1234 });
    await store.close();
  });

  it("keeps an in-memory database's own journal", async () => {
    const store = sqliteEventStore({ path: ':memory:', durability: 'full' });
    expect(store.settings()).toMatchObject({ journalMode: 'memory', synchronous: 'full' });
    await store.close();
  });

  it('refuses options that make no sense', () => {
    expect(() => sqliteEventStore({ path: ':memory:', durability: 'sometimes' as never })).toThrow(TypeError);
    expect(() => sqliteEventStore({ path: ':memory:', pollIntervalMs: 0 })).toThrow(TypeError);
    expect(() => sqliteEventStore({ path: ':memory:', busyTimeoutMs: -1 })).toThrow(TypeError);
  });
});

describe('the file', () => {
  it('keeps events across a close and reopen, and the hash chain continues from them', async () => {
    const path = newFile();
    const first = sqliteEventStore({ path });
    await first.append('cart-1', [{ type: 'ItemAdded', data: { sku: 'a' } }]);
    await first.close();
    const second = sqliteEventStore({ path });
    const result = await second.append('cart-1', [{ type: 'ItemAdded', data: { sku: 'b' } }], { expectedRevision: 0 });
    expect(result.position).toBe(2);
    const events = await second.readStream('cart-1', { raw: true });
    expect(events.map((event) => event.data)).toEqual([{ sku: 'a' }, { sku: 'b' }]);
    expect(verifyStreamIntegrity(events)).toEqual([]);
    await second.close();
  });

  it('refuses a file written by a newer schema instead of guessing at it', async () => {
    const path = newFile();
    await sqliteEventStore({ path }).close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => sqliteEventStore({ path })).toThrow(/newer than/);
  });

  it('gives the next append the next position after a write that was rolled back', async () => {
    const path = newFile();
    const store = sqliteEventStore({ path });
    await store.append('cart-1', [{ type: 'A', data: {} }]);
    const other = new Database(path);
    const insertThenFail = other.transaction(() => {
      other
        .prepare(
          "INSERT INTO events (id, stream, category, revision, type, schema_version, data, metadata, occurred_at, hash) VALUES ('00000000-0000-4000-8000-000000000001', 'cart-2', 'cart', 0, 'A', 1, '{}', '{}', '', '')",
        )
        .run();
      throw new Error('roll back');
    });
    expect(() => insertThenFail()).toThrow('roll back');
    other.close();
    const result = await store.append('cart-2', [{ type: 'B', data: {} }]);
    expect(result.position).toBe(2);
    await store.close();
  });
});

describe('filtered reads', () => {
  const types = ['A', 'B', 'C', 'D'];
  const categories = ['cart', 'order', 'user'];
  const filter = fc.record(
    { eventTypes: fc.subarray(types), streamCategories: fc.subarray(categories) },
    { requiredKeys: [] },
  ) as fc.Arbitrary<EventFilter>;

  it('select exactly what the kernel matchesFilter selects, in log order, from any position and up to any count', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ type: fc.constantFrom(...types), category: fc.constantFrom(...categories), id: fc.integer({ min: 0, max: 2 }) }), {
          minLength: 5,
          maxLength: 40,
          size: 'max',
        }),
        fc.array(fc.record({ filter: fc.option(filter, { nil: undefined }), after: fc.nat(45), maxCount: fc.integer({ min: 0, max: 50 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        async (appends, reads) => {
          const store = sqliteEventStore({ path: ':memory:' });
          for (const { type, category, id } of appends) await store.append(`${category}-${id}`, [{ type, data: {} }]);
          const all = await store.readAll();
          for (const { filter: f, after, maxCount } of reads) {
            const expected = all.filter((e) => e.position > after && matchesFilter(f, e.stream, e.type)).slice(0, maxCount);
            expect(await store.readAll({ after, maxCount, ...(f ? { filter: f } : {}) })).toEqual(expected);
          }
          await store.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('deliver through a subscription what readAll selects, batch after batch', async () => {
    const store = sqliteEventStore({ path: ':memory:' });
    for (let i = 0; i < 30; i++) await store.append(`${categories[i % 3] ?? 'cart'}-${i % 4}`, [{ type: types[i % 4] ?? 'A', data: { i } }]);
    const selected = { eventTypes: ['A', 'C'], streamCategories: ['cart', 'user'] };
    const subscription = store.subscribe({ filter: selected, batchSize: 2 });
    const delivered: number[] = [];
    for await (const message of subscription) {
      if (message.type === 'caughtUp') break;
      delivered.push(message.event.position);
    }
    expect(delivered).toEqual((await store.readAll({ filter: selected })).map((event) => event.position));
    expect(delivered.length).toBeGreaterThan(2);
    await store.close();
  });
});

describe('polling for other processes', () => {
  /**
   * The poll timers the store has running: intervals of its poll period, started and not yet cleared. Counting
   * every Timeout of the process instead made the test wait for others' timers too (a timer of an earlier test
   * ending under load looked like the poll timer never starting).
   */
  const pollTimers = (periodMs: number) => {
    const running = new Set<unknown>();
    const start = globalThis.setInterval;
    const clear = globalThis.clearInterval;
    vi.spyOn(globalThis, 'setInterval').mockImplementation((callback: () => void, ms?: number) => {
      const timer = start(callback, ms);
      if (ms === periodMs) running.add(timer);
      return timer;
    });
    vi.spyOn(globalThis, 'clearInterval').mockImplementation((timer?: Parameters<typeof clearInterval>[0]) => {
      running.delete(timer);
      clear(timer);
    });
    return () => running.size;
  };

  it('runs a timer only while a subscription waits, so a process whose subscriptions stopped can exit', async () => {
    const timers = pollTimers(5);
    try {
      const store = sqliteEventStore({ path: newFile(), pollIntervalMs: 5 });
      const subscription = store.subscribe();
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toEqual({ type: 'caughtUp', position: 0 });
      expect(timers()).toBe(0);
      const waiting = iterator.next();
      // The subscription goes to sleep a few event-loop turns later (the change watcher batches per turn); on a
      // loaded machine those turns can take a while, so the wait is bounded by time rather than by a count of turns.
      const deadline = Date.now() + 5_000;
      while (timers() === 0 && Date.now() < deadline) await new Promise((done) => setImmediate(done));
      expect(timers()).toBe(1);
      await store.append('cart-1', [{ type: 'ItemAdded', data: {} }]);
      expect((await waiting).value).toMatchObject({ type: 'event', event: { stream: 'cart-1' } });
      expect(timers()).toBe(0);
      await subscription.stop();
      await store.close();
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('closing', () => {
  it('ends waiting subscriptions and refuses further work', async () => {
    const store = sqliteEventStore({ path: newFile(), pollIntervalMs: 5 });
    const subscription = store.subscribe();
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ type: 'caughtUp', position: 0 });
    const waiting = iterator.next();
    await store.close();
    expect((await waiting).done).toBe(true);
    expect(() => store.subscribe()).toThrow(/closed/);
    await expect(store.headPosition()).rejects.toThrow(/closed/);
    await store.close();
  });
});
