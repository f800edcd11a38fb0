import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, memoryEventStore } from '@shopstream/kernel';
import type { Event, EventStore, RecordedEvent } from '@shopstream/kernel';
import { storedHistory, storedLog, testRegistry } from '../verify/fixtures.js';
import type { GeneratedAppend } from '../verify/fixtures.js';
import { logUpTo } from '../readModels/logUpTo.js';
import { positionAt } from '../readModels/positionAt.js';
import { aggregate } from './aggregates.js';
import { replayAggregate } from './replay.js';

/** A cart-like aggregate over the test events: quantities by SKU. */
type Quantities = Readonly<Record<string, number>>;
type TestEvent = { readonly type: 'ItemAdded'; readonly data: { sku: string; quantity: number } } | { readonly type: 'ItemRemoved'; readonly data: { sku: string } };
const quantities = aggregate<Quantities, TestEvent>('cart', {
  initialState: () => ({}),
  evolve: (state, event) => (event.type === 'ItemAdded' ? { ...state, [event.data.sku]: (state[event.data.sku] ?? 0) + event.data.quantity } : { ...state, [event.data.sku]: 0 }),
});
const aggregates = new Map([
  ['cart', quantities],
  ['order', quantities],
]);

const appendArb: fc.Arbitrary<GeneratedAppend> = fc.record({
  stream: fc.constantFrom('cart-a', 'cart-b', 'order-c'),
  sku: fc.constantFrom('TEA-250G', 'MUG'),
  quantity: fc.integer({ min: 1, max: 9 }),
  remove: fc.boolean(),
});
const historyArb = fc.array(appendArb, { minLength: 1, maxLength: 30 });

/** The same history with one minute between events, so instants mean something. */
const timedStore = async (appends: readonly GeneratedAppend[]): Promise<EventStore> => {
  let minute = 0;
  const store = memoryEventStore({ registry: testRegistry, now: () => new Date(Date.UTC(2026, 0, 1, 0, minute++)) });
  for (const a of appends) {
    await store.append(a.stream, [a.remove ? { type: 'ItemRemoved', data: { sku: a.sku } } : { type: 'ItemAdded', data: { sku: a.sku, quantity: a.quantity } }]);
  }
  return store;
};

const toDomain = (events: readonly RecordedEvent[]) => events.map((e): Event => ({ type: e.type, data: e.data }));

describe('replayAggregate', () => {
  it('at revision r is the fold of the stream’s first r + 1 events, and each step is the fold so far', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.nat(), async (appends, pick) => {
        const store = await timedStore(appends);
        const stream = appends[pick % appends.length]?.stream ?? 'cart-a';
        const events = await store.readStream(stream);
        const revision = pick % events.length;
        const replay = await replayAggregate(store, stream, { at: { kind: 'revision', revision }, steps: true, aggregates, pageSize: 3 });
        expect(replay.state).toEqual(fold(quantities, toDomain(events.slice(0, revision + 1))));
        expect([replay.revision, replay.latestRevision]).toEqual([revision, events.length - 1]);
        replay.steps.forEach((step, i) => expect(step.state).toEqual(fold(quantities, toDomain(events.slice(0, i + 1)))));
      }),
    );
  });

  it('at an instant or a position folds exactly the stream’s events at or before it', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.nat({ max: 40 }), async (appends, minute) => {
        const store = await timedStore(appends);
        const at = new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
        for (const stream of new Set(appends.map((a) => a.stream))) {
          const events = await store.readStream(stream);
          const byTime = await replayAggregate(store, stream, { at: { kind: 'instant', at }, aggregates });
          expect(byTime.state).toEqual(fold(quantities, toDomain(events.filter((e) => e.occurredAt <= at))));
          const byPosition = await replayAggregate(store, stream, { at: { kind: 'position', position: minute }, aggregates });
          expect(byPosition.state).toEqual(fold(quantities, toDomain(events.filter((e) => e.position <= minute))));
        }
      }),
    );
  });

  it("reports an event its stream's decider cannot fold as EvolveFailed, naming it", async () => {
    const store = memoryEventStore({ registry: testRegistry });
    await store.append('order-1', [{ type: 'ItemAdded', data: { sku: 'MUG', quantity: 1 } }]);
    const strict = aggregate<number, TestEvent>('strict', {
      initialState: () => 0,
      evolve: (count, event) => {
        if (event.type !== 'ItemRemoved') throw new Error(`unexpected ${event.type}`);
        return count + 1;
      },
    });
    await expect(replayAggregate(store, 'order-1', { aggregates: new Map([['order', strict]]) })).rejects.toMatchObject({
      detail: { _tag: 'EvolveFailed', stream: 'order-1', revision: 0, type: 'ItemAdded', reason: 'unexpected ItemAdded' },
    });
  });
});

describe('logUpTo and positionAt', () => {
  it('show exactly the log up to the position, through every read', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.nat({ max: 35 }), fc.integer({ min: 1, max: 8 }), async (appends, position, pageSize) => {
        const log = await storedHistory(appends);
        const past = logUpTo(storedLog(log), position);
        const expected = log.filter((e) => e.position <= position);
        const read: RecordedEvent[] = [];
        for (let after = 0; ; ) {
          const page = await past.readAll({ after, maxCount: pageSize });
          read.push(...page);
          if (page.length < pageSize) break;
          after = page.at(-1)?.position ?? after;
        }
        expect(read).toEqual(expected);
        expect(await past.headPosition()).toBe(Math.min(position, log.length));
        for (const stream of new Set(appends.map((a) => a.stream))) {
          const ofStream = expected.filter((e) => e.stream === stream);
          expect(await past.readStream(stream)).toEqual(ofStream);
          expect(await past.readStream(stream, { direction: 'backwards', maxCount: 2 })).toEqual(ofStream.slice(-2).reverse());
          expect(await past.streamRevision(stream)).toBe(ofStream.at(-1)?.revision ?? -1);
        }
        const subscription = past.subscribe({ batchSize: pageSize });
        const delivered: RecordedEvent[] = [];
        for await (const message of subscription) {
          if (message.type === 'caughtUp') {
            expect(message.position).toBe(Math.min(position, log.length));
            break;
          }
          delivered.push(message.event);
        }
        await subscription.stop();
        expect(delivered).toEqual(expected);
      }),
    );
  });

  it('cuts the log before the first event after an instant', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.nat({ max: 40 }), async (appends, minute) => {
        const store = await timedStore(appends);
        const at = new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
        const log = await store.readAll();
        expect(await positionAt(store, { kind: 'instant', at }, 4)).toBe(log.filter((e) => e.occurredAt <= at).at(-1)?.position ?? 0);
      }),
    );
  });
});
