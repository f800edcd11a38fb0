import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { NewEvent, RecordedEvent } from '../events/event.js';
import { verifyStreamIntegrity } from '../events/integrity.js';
import { defineEvent, eventRegistry } from '../events/registry.js';
import type { EventRegistry } from '../events/registry.js';
import { EventStoreError } from '../eventStore/errors.js';
import type { EventStoreErrorTag } from '../eventStore/errors.js';
import type { EventStore, SubscriptionMessage } from '../eventStore/eventStore.js';

export interface EventStoreFactoryOptions {
  readonly registry?: EventRegistry;
}

export interface EventStoreContractOptions {
  /** A new, empty store. It is closed by the suite after each test. */
  readonly create: (options: EventStoreFactoryOptions) => Promise<EventStore> | EventStore;
  /** Property runs per property test; keep it modest for slow stores. */
  readonly numRuns?: number;
}

/** The schemas the contract appends with when it tests validation and upcasting. */
export const contractRegistry = (): EventRegistry =>
  eventRegistry([
    defineEvent('ItemAdded', z.strictObject({ sku: z.string().min(1), quantity: z.number().int().positive() })),
    defineEvent('PriceSet', z.strictObject({ sku: z.string(), price: z.strictObject({ amount: z.number().int(), currency: z.string().length(3) }) }), {
      version: 2,
      upcasters: { 1: (v1) => ({ sku: (v1 as { sku: string }).sku, price: { amount: (v1 as { fen: number }).fen, currency: 'CNY' } }) },
    }),
  ]);

const event = (type = 'Something', data: unknown = { n: 1 }, extra: Partial<NewEvent> = {}): NewEvent => ({ type, data, ...extra });

const rejected = async (promise: Promise<unknown>, tag: EventStoreErrorTag): Promise<EventStoreError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EventStoreError);
    expect((error as EventStoreError).detail._tag).toBe(tag);
    return error as EventStoreError;
  }
  throw new Error(`expected a ${tag} refusal, but the call succeeded`);
};

/** Reads messages until `until` says stop, failing after `timeoutMs` rather than hanging the suite. */
const collect = async (
  messages: AsyncIterable<SubscriptionMessage>,
  until: (events: readonly RecordedEvent[], message: SubscriptionMessage) => boolean,
  timeoutMs = 10_000,
): Promise<{ events: RecordedEvent[]; caughtUp: number[] }> => {
  const events: RecordedEvent[] = [];
  const caughtUp: number[] = [];
  const deadline = Date.now() + timeoutMs;
  for await (const message of messages) {
    if (message.type === 'event') events.push(message.event);
    else caughtUp.push(message.position);
    if (until(events, message)) break;
    if (Date.now() > deadline) throw new Error(`subscription timed out after ${events.length} events`);
  }
  return { events, caughtUp };
};

/**
 * The behaviour every EventStore must show. Run it from each store's tests:
 * `eventStoreContract('sqlite', { create: () => sqliteEventStore({ path: ':memory:' }) })`.
 */
export const eventStoreContract = (name: string, options: EventStoreContractOptions): void => {
  const numRuns = options.numRuns ?? 25;
  const open: EventStore[] = [];
  const make = async (factoryOptions: EventStoreFactoryOptions = {}): Promise<EventStore> => {
    const store = await options.create(factoryOptions);
    open.push(store);
    return store;
  };
  const stream = (category = 'test') => `${category}-${randomUUID()}`;

  describe(`EventStore contract: ${name}`, () => {
    afterEach(async () => {
      await Promise.all(open.splice(0).map((store) => store.close()));
    });

    describe('expected revision', () => {
      it('no_stream creates a stream and refuses an existing one', async () => {
        const store = await make();
        const s = stream();
        const first = await store.append(s, [event(), event()], { expectedRevision: 'no_stream' });
        expect(first.nextExpectedRevision).toBe(1);
        expect(first.events.map((e) => e.revision)).toEqual([0, 1]);
        const error = await rejected(store.append(s, [event()], { expectedRevision: 'no_stream' }), 'WrongExpectedRevision');
        expect(error.detail).toMatchObject({ stream: s, expected: 'no_stream', actual: 1 });
      });

      it('stream_exists refuses a missing stream and accepts an existing one', async () => {
        const store = await make();
        const s = stream();
        const error = await rejected(store.append(s, [event()], { expectedRevision: 'stream_exists' }), 'WrongExpectedRevision');
        expect(error.detail).toMatchObject({ expected: 'stream_exists', actual: -1 });
        expect(await store.streamRevision(s)).toBe(-1);
        await store.append(s, [event()], { expectedRevision: 'any' });
        const result = await store.append(s, [event()], { expectedRevision: 'stream_exists' });
        expect(result.nextExpectedRevision).toBe(1);
      });

      it('an exact revision must match the last revision', async () => {
        const store = await make();
        const s = stream();
        await rejected(store.append(s, [event()], { expectedRevision: 0 }), 'WrongExpectedRevision');
        await store.append(s, [event()]);
        const ahead = await rejected(store.append(s, [event()], { expectedRevision: 5 }), 'WrongExpectedRevision');
        expect(ahead.detail).toMatchObject({ expected: 5, actual: 0 });
        const ok = await store.append(s, [event(), event(), event()], { expectedRevision: 0 });
        expect(ok.nextExpectedRevision).toBe(3);
        const behind = await rejected(store.append(s, [event()], { expectedRevision: 0 }), 'WrongExpectedRevision');
        expect(behind.detail).toMatchObject({ expected: 0, actual: 3 });
        expect(await store.streamRevision(s)).toBe(3);
      });

      it('any appends whatever the stream holds, and is the default', async () => {
        const store = await make();
        const s = stream();
        await store.append(s, [event()], { expectedRevision: 'any' });
        await store.append(s, [event()]);
        expect(await store.streamRevision(s)).toBe(1);
      });

      it('refuses an expectation that is no mode', async () => {
        const store = await make();
        await rejected(store.append(stream(), [event()], { expectedRevision: -3 }), 'InvalidReadOptions');
        await rejected(store.append(stream(), [event()], { expectedRevision: 'sometimes' as never }), 'InvalidReadOptions');
      });

      it('of N appenders at the same expected revision exactly one wins', async () => {
        const store = await make();
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 2, max: 8 }), fc.integer({ min: -1, max: 3 }), async (appenders, existing) => {
            const s = stream();
            for (let i = 0; i <= existing; i++) await store.append(s, [event()]);
            const expectedRevision = existing === -1 ? ('no_stream' as const) : existing;
            const outcomes = await Promise.allSettled(
              Array.from({ length: appenders }, (_, i) => store.append(s, [event('Attempt', { i })], { expectedRevision })),
            );
            const winners = outcomes.filter((o) => o.status === 'fulfilled');
            const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
            expect(winners).toHaveLength(1);
            for (const loser of losers) {
              expect(loser.reason).toBeInstanceOf(EventStoreError);
              expect((loser.reason as EventStoreError).detail).toMatchObject({ _tag: 'WrongExpectedRevision', actual: existing + 1 });
            }
            const stored = await store.readStream(s);
            expect(stored).toHaveLength(existing + 2);
          }),
          { numRuns },
        );
      });
    });

    describe('revisions and positions', () => {
      it('keeps stream revisions contiguous and global positions strictly increasing, over any sequence of appends', async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.record({ stream: fc.integer({ min: 0, max: 3 }), count: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 20 }),
            async (appends) => {
              const store = await make();
              const names = [stream('a'), stream('b'), stream('c'), stream('d')];
              let lastPosition = await store.headPosition();
              for (const { stream: which, count } of appends) {
                const name = names[which] as string;
                const result = await store.append(name, Array.from({ length: count }, (_, i) => event('Counted', { i })));
                expect(result.events).toHaveLength(count);
                for (const recorded of result.events) {
                  expect(recorded.position).toBeGreaterThan(lastPosition);
                  lastPosition = recorded.position;
                }
                expect(result.position).toBe(lastPosition);
              }
              expect(await store.headPosition()).toBe(lastPosition);
              for (const name of names) {
                const events = await store.readStream(name);
                expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
              }
              const all = await store.readAll();
              expect(all.map((e) => e.position)).toEqual([...all.map((e) => e.position)].sort((a, b) => a - b));
              expect(new Set(all.map((e) => e.position)).size).toBe(all.length);
              expect(all).toHaveLength(appends.reduce((sum, a) => sum + a.count, 0));
            },
          ),
          { numRuns },
        );
      });

      it('records the metadata it is given and fills in what is missing', async () => {
        const store = await make();
        const s = stream();
        const id = randomUUID();
        const [given] = (
          await store.append(s, [
            event('Tagged', { x: 1 }, {
              id,
              occurredAt: '2026-03-04T05:06:07.008Z',
              metadata: {
                correlationId: 'corr-1',
                causationId: 'cause-1',
                actor: { kind: 'customer', id: 'c-1' },
                traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
              },
            }),
          ])
        ).events;
        expect(given).toMatchObject({
          id,
          type: 'Tagged',
          data: { x: 1 },
          schemaVersion: 1,
          stream: s,
          revision: 0,
          occurredAt: '2026-03-04T05:06:07.008Z',
          metadata: {
            correlationId: 'corr-1',
            causationId: 'cause-1',
            actor: { kind: 'customer', id: 'c-1' },
            traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
            tracestate: null,
          },
        });
        const [filled] = (await store.append(s, [event('Plain')])).events;
        expect(filled?.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(filled?.metadata).toEqual({ correlationId: filled?.id, causationId: null, actor: null, traceparent: null, tracestate: null });
        expect(Number.isNaN(Date.parse(filled?.occurredAt ?? ''))).toBe(false);
        const read = await store.readStream(s);
        expect(read[0]).toEqual(given);
        expect(read[1]).toEqual(filled);
      });
    });

    describe('idempotent retries', () => {
      for (const mode of ['any', 'no_stream', 'exact'] as const) {
        it(`appending the same ids again with the same expectation (${mode}) returns the first result and writes nothing`, async () => {
          const store = await make();
          const s = stream();
          const expectedRevision = mode === 'exact' ? 0 : mode;
          if (mode !== 'no_stream') await store.append(s, [event('Before')]);
          const batch = [event('A', { n: 1 }, { id: randomUUID() }), event('B', { n: 2 }, { id: randomUUID() })];
          const first = await store.append(s, batch, { expectedRevision });
          const head = await store.headPosition();
          const again = await store.append(s, batch, { expectedRevision });
          expect(again).toEqual(first);
          expect(await store.headPosition()).toBe(head);
          expect(await store.readStream(s)).toHaveLength(mode === 'no_stream' ? 2 : 3);
        });
      }

      it('the same ids with an expectation that did not hold for the first append are a conflict', async () => {
        const store = await make();
        const s = stream();
        const batch = [event('A', { n: 1 }, { id: randomUUID() })];
        await store.append(s, batch, { expectedRevision: 'no_stream' });
        await store.append(s, [event('Later')]);
        await rejected(store.append(s, batch, { expectedRevision: 1 }), 'WrongExpectedRevision');
        expect(await store.streamRevision(s)).toBe(1);
      });

      it('an id already stored elsewhere is refused, and nothing of the batch is written', async () => {
        const store = await make();
        const id = randomUUID();
        const s1 = stream();
        const s2 = stream();
        await store.append(s1, [event('A', {}, { id })]);
        await rejected(store.append(s2, [event('B', {}, { id })]), 'DuplicateEventId');
        await rejected(store.append(s2, [event('C'), event('B', {}, { id })]), 'DuplicateEventId');
        expect(await store.streamRevision(s2)).toBe(-1);
      });

      it('ids are compared without regard to case, as UUIDs are', async () => {
        const store = await make();
        const s = stream();
        const id = randomUUID();
        const first = await store.append(s, [event('A', {}, { id })], { expectedRevision: 'no_stream' });
        const again = await store.append(s, [event('A', {}, { id: id.toUpperCase() })], { expectedRevision: 'no_stream' });
        expect(again).toEqual(first);
      });
    });

    describe('reading', () => {
      it('reads a stream forwards and backwards from a revision with a max count', async () => {
        const store = await make();
        const s = stream();
        await store.append(s, Array.from({ length: 10 }, (_, i) => event('N', { i })));
        const data = (events: RecordedEvent[]) => events.map((e) => (e.data as { i: number }).i);
        expect(data(await store.readStream(s))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(data(await store.readStream(s, { fromRevision: 3, maxCount: 4 }))).toEqual([3, 4, 5, 6]);
        expect(data(await store.readStream(s, { direction: 'backwards' }))).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
        expect(data(await store.readStream(s, { direction: 'backwards', fromRevision: 5, maxCount: 3 }))).toEqual([5, 4, 3]);
        expect(data(await store.readStream(s, { direction: 'backwards', maxCount: 2 }))).toEqual([9, 8]);
        expect(data(await store.readStream(s, { direction: 'backwards', fromRevision: 100, maxCount: 1 }))).toEqual([9]);
        expect(await store.readStream(s, { fromRevision: 10 })).toEqual([]);
        expect(await store.readStream(s, { maxCount: 0 })).toEqual([]);
        expect(await store.readStream(stream())).toEqual([]);
      });

      it('reads all from a position, with a max count and a filter on type or category', async () => {
        const store = await make();
        const carts = stream('cart');
        const orders = stream('order');
        await store.append(carts, [event('ItemAdded', { sku: 'a', quantity: 1 }), event('ItemRemoved', { sku: 'a' })]);
        await store.append(orders, [event('OrderPlaced', { total: 1 })]);
        await store.append(carts, [event('ItemAdded', { sku: 'b', quantity: 2 })]);
        const all = await store.readAll();
        expect(all.map((e) => e.type)).toEqual(['ItemAdded', 'ItemRemoved', 'OrderPlaced', 'ItemAdded']);
        const second = all[1] as RecordedEvent;
        expect((await store.readAll({ after: second.position })).map((e) => e.type)).toEqual(['OrderPlaced', 'ItemAdded']);
        expect((await store.readAll({ maxCount: 2 })).map((e) => e.type)).toEqual(['ItemAdded', 'ItemRemoved']);
        expect((await store.readAll({ filter: { eventTypes: ['ItemAdded'] } })).map((e) => e.stream)).toEqual([carts, carts]);
        expect((await store.readAll({ filter: { streamCategories: ['order'] } })).map((e) => e.type)).toEqual(['OrderPlaced']);
        expect(await store.readAll({ filter: { streamCategories: ['order'], eventTypes: ['ItemAdded'] } })).toEqual([]);
        expect((await store.readAll({ after: second.position, maxCount: 1, filter: { streamCategories: ['cart'] } })).map((e) => e.type)).toEqual([
          'ItemAdded',
        ]);
      });

      it('refuses read options that make no sense', async () => {
        const store = await make();
        await rejected(store.readStream(stream(), { maxCount: -1 }), 'InvalidReadOptions');
        await rejected(store.readStream(stream(), { fromRevision: 1.5 }), 'InvalidReadOptions');
        await rejected(store.readAll({ after: -1 }), 'InvalidReadOptions');
        await rejected(store.readStream(''), 'InvalidStreamName');
      });
    });

    describe('subscriptions', () => {
      it('catches up, says so, then delivers live events, and stops', async () => {
        const store = await make();
        const s = stream();
        await store.append(s, [event('A'), event('B')]);
        const subscription = store.subscribe();
        const iterator = subscription[Symbol.asyncIterator]();
        const first = await iterator.next();
        const second = await iterator.next();
        const caughtUp = await iterator.next();
        expect([first.value, second.value].map((m: SubscriptionMessage) => (m.type === 'event' ? m.event.type : m.type))).toEqual(['A', 'B']);
        expect(caughtUp.value).toEqual({ type: 'caughtUp', position: await store.headPosition() });
        const live = iterator.next();
        await store.append(s, [event('C')]);
        const delivered = await live;
        expect(delivered.value).toMatchObject({ type: 'event', event: { type: 'C', revision: 2 } });
        await subscription.stop();
        expect((await iterator.next()).done).toBe(true);
      });

      it('does not lose a wake-up for an append made while it was between its read and its wait', async () => {
        const store = await make();
        const subscription = store.subscribe();
        const iterator = subscription[Symbol.asyncIterator]();
        const within = async <T>(promise: Promise<T>): Promise<T | 'timed out'> => {
          let timer: ReturnType<typeof setTimeout> | undefined;
          const timedOut = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), 2_000)));
          const result = await Promise.race([promise, timedOut]);
          clearTimeout(timer);
          return result;
        };
        expect((await iterator.next()).value).toEqual({ type: 'caughtUp', position: 0 });
        // Append after a growing number of microtask turns, so that one of them lands in the gap.
        for (let turns = 0; turns < 30; turns++) {
          const next = iterator.next();
          for (let i = 0; i < turns; i++) await Promise.resolve();
          await store.append(stream(), [event('Late', { turns })]);
          expect(await within(next), `append after ${turns} turns`).toMatchObject({ value: { type: 'event', event: { data: { turns } } } });
          expect(await within(iterator.next())).toMatchObject({ value: { type: 'caughtUp' } });
        }
        await subscription.stop();
      });

      it('starts after a given position and applies its filter', async () => {
        const store = await make();
        const carts = stream('cart');
        const first = await store.append(carts, [event('ItemAdded', { n: 1 })]);
        await store.append(stream('order'), [event('OrderPlaced')]);
        await store.append(carts, [event('ItemAdded', { n: 2 })]);
        const subscription = store.subscribe({ after: first.position, filter: { streamCategories: ['cart'] } });
        const { events, caughtUp } = await collect(subscription, (_, message) => message.type === 'caughtUp');
        expect(events.map((e) => e.data)).toEqual([{ n: 2 }]);
        expect(caughtUp).toEqual([await store.headPosition()]);
        await subscription.stop();
      });

      it('delivers every matching event exactly once and in order across the hand-off, while others append', async () => {
        const store = await make();
        const writers = 4;
        const perWriter = 60;
        const streams = Array.from({ length: writers }, () => stream('load'));
        const append = async (w: number, from: number, to: number) => {
          for (let i = from; i < to; i++) await store.append(streams[w] as string, [event('Tick', { w, i })]);
        };
        await Promise.all(streams.map((_, w) => append(w, 0, perWriter / 2)));
        const subscription = store.subscribe({ batchSize: 7, filter: { streamCategories: ['load'] } });
        const received = collect(subscription, (events) => events.length >= writers * perWriter);
        await Promise.all(streams.map((_, w) => append(w, perWriter / 2, perWriter)));
        const { events } = await received;
        await subscription.stop();
        const stored = await store.readAll({ filter: { streamCategories: ['load'] } });
        expect(events.map((e) => e.id)).toEqual(stored.map((e) => e.id));
        expect(new Set(events.map((e) => e.id)).size).toBe(writers * perWriter);
        for (const w of streams.keys()) {
          const mine = events.filter((e) => (e.data as { w: number }).w === w).map((e) => (e.data as { i: number }).i);
          expect(mine).toEqual(Array.from({ length: perWriter }, (_, i) => i));
        }
      });

      it('two subscriptions on one store each see every event', async () => {
        const store = await make();
        const one = store.subscribe();
        const two = store.subscribe();
        const a = collect(one, (events) => events.length === 3);
        const b = collect(two, (events) => events.length === 3);
        await store.append(stream(), [event('X'), event('Y')]);
        await store.append(stream(), [event('Z')]);
        expect((await a).events.map((e) => e.type)).toEqual(['X', 'Y', 'Z']);
        expect((await b).events.map((e) => e.type)).toEqual(['X', 'Y', 'Z']);
        await Promise.all([one.stop(), two.stop()]);
      });
    });

    describe('payloads', () => {
      it('keeps unicode in payloads, types and stream names exactly', async () => {
        const store = await make();
        const s = `商品-${randomUUID()}`;
        const data = { title: '华为 Mate 60 Pro 手机 📱', note: 'naïve café ﬁ — \u2028 line', nested: { 键: ['值', 'ä', '🧧'] } };
        await store.append(s, [event('商品已上架', data)]);
        const [read] = await store.readStream(s);
        expect(read?.data).toEqual(data);
        expect(read?.type).toBe('商品已上架');
        expect((await store.readAll({ filter: { streamCategories: ['商品'] } })).map((e) => e.stream)).toEqual([s]);
      });

      it('stores a large payload whole', async () => {
        const store = await make();
        const s = stream();
        const big = { blob: 'x'.repeat(2 * 1024 * 1024), items: Array.from({ length: 5000 }, (_, i) => ({ i, sku: `sku-${i}` })) };
        await store.append(s, [event('Big', big)]);
        const [read] = await store.readStream(s);
        expect(read?.data).toEqual(big);
      });
    });

    describe('bad input is refused with a typed error and nothing is written', () => {
      const nothingWritten = async (store: EventStore, s: string) => {
        expect(await store.streamRevision(s)).toBe(-1);
        expect(await store.headPosition()).toBe(0);
      };

      it('an empty or reserved stream name', async () => {
        const store = await make();
        await rejected(store.append('', [event()]), 'InvalidStreamName');
        await rejected(store.append('$all', [event()]), 'InvalidStreamName');
        await rejected(store.append('a\u0000b', [event()]), 'InvalidStreamName');
        expect(await store.headPosition()).toBe(0);
      });

      it('an empty list of events', async () => {
        const store = await make();
        const s = stream();
        await rejected(store.append(s, []), 'EmptyAppend');
        await nothingWritten(store, s);
      });

      it('a payload that fails its schema, even when other events of the batch are fine', async () => {
        const store = await make({ registry: contractRegistry() });
        const s = stream();
        const error = await rejected(
          store.append(s, [event('ItemAdded', { sku: 'a', quantity: 1 }), event('ItemAdded', { sku: 'b', quantity: -2 })]),
          'InvalidEvent',
        );
        expect(error.detail).toMatchObject({ index: 1, type: 'ItemAdded' });
        await rejected(store.append(s, [event('ItemAdded', { sku: 'a', quantity: 1, extra: true })]), 'InvalidEvent');
        await rejected(store.append(s, [event('NoSuchType', {})]), 'InvalidEvent');
        await nothingWritten(store, s);
      });

      it('a payload JSON cannot hold, a malformed id or time, and ids repeated within a batch', async () => {
        const store = await make();
        const s = stream();
        await rejected(store.append(s, [event('T', { n: 1n })]), 'InvalidEvent');
        await rejected(store.append(s, [event('T', { at: new Date() })]), 'InvalidEvent');
        await rejected(store.append(s, [event('T', { n: Number.NaN })]), 'InvalidEvent');
        await rejected(store.append(s, [event('T', {}, { id: 'not-a-uuid' })]), 'InvalidEvent');
        await rejected(store.append(s, [event('T', {}, { occurredAt: 'yesterday' })]), 'InvalidEvent');
        await rejected(store.append(s, [event('', {})]), 'InvalidEvent');
        const id = randomUUID();
        await rejected(store.append(s, [event('T', {}, { id }), event('T', {}, { id })]), 'InvalidEvent');
        await nothingWritten(store, s);
      });
    });

    describe('schema versions', () => {
      it('validates against the current schema and upcasts older versions on read, keeping the stored form', async () => {
        const store = await make({ registry: contractRegistry() });
        const s = stream();
        await store.append(s, [
          event('PriceSet', { sku: 'a', fen: 1999 }, { schemaVersion: 1 }),
          event('PriceSet', { sku: 'a', price: { amount: 2999, currency: 'CNY' } }),
        ]);
        const read = await store.readStream(s);
        expect(read.map((e) => [e.schemaVersion, e.data])).toEqual([
          [2, { sku: 'a', price: { amount: 1999, currency: 'CNY' } }],
          [2, { sku: 'a', price: { amount: 2999, currency: 'CNY' } }],
        ]);
        const raw = await store.readStream(s, { raw: true });
        expect(raw[0]).toMatchObject({ schemaVersion: 1, data: { sku: 'a', fen: 1999 } });
        expect((await store.readAll({ raw: true }))[0]?.data).toEqual({ sku: 'a', fen: 1999 });
        expect((await store.readAll())[0]?.data).toEqual({ sku: 'a', price: { amount: 1999, currency: 'CNY' } });
        await rejected(store.append(s, [event('PriceSet', { sku: 'a', fen: 'free' }, { schemaVersion: 1 })]), 'InvalidEvent');
        await rejected(store.append(s, [event('PriceSet', { sku: 'a' }, { schemaVersion: 3 })]), 'InvalidEvent');
      });
    });

    describe('integrity', () => {
      it('chains each event hash to the previous one in its stream', async () => {
        const store = await make();
        const s = stream();
        await store.append(s, [event('A', { n: 1 }), event('B', { n: 2 })]);
        await store.append(stream(), [event('Elsewhere')]);
        await store.append(s, [event('C', { n: 3 })]);
        const stored = await store.readStream(s, { raw: true });
        expect(verifyStreamIntegrity(stored)).toEqual([]);
        expect(new Set(stored.map((e) => e.hash)).size).toBe(3);
        const tampered = stored.map((e, i) => (i === 1 ? { ...e, data: { n: 20 } } : e));
        expect(verifyStreamIntegrity(tampered)).toEqual([expect.objectContaining({ _tag: 'HashMismatch', revision: 1 })]);
      });
    });

    it('refuses to work once closed', async () => {
      const store = await options.create({});
      await store.close();
      await rejected(store.append(stream(), [event()]), 'StoreClosed');
      await rejected(store.readAll(), 'StoreClosed');
    });
  });
};
