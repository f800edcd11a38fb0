import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { RecordedEvent } from '../events/event.js';
import type { EventStore, SubscribeOptions } from '../eventStore/eventStore.js';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import { memoryReadStore } from '../readStore/memoryReadStore.js';
import type { ReadStore } from '../readStore/readStore.js';
import { isProjectionError } from './errors.js';
import type { CartEvent, Step } from './fixtures.js';
import { appendSteps, cartProjection, checkoutsPerDay, dump, stepArbitrary } from './fixtures.js';
import type { Projection, ProjectionContext } from './projection.js';
import { defineProjection } from './projection.js';
import { projectionRuntime } from './runtime.js';

const step = stepArbitrary({ carts: 4, customers: 3, skus: 3, maxQuantity: 5, maxUnitPrice: 10_000 });

/** Units added and removed per SKU: a third projection over other event types than checkouts-per-day. */
const skuMoves = (): Projection<CartEvent, 'skus'> =>
  defineProjection<CartEvent, 'skus'>({
    name: 'sku-moves',
    version: 1,
    collections: { skus: {} },
    handlers: {
      ItemAdded: async (event, ctx) => {
        await ctx.collection('skus').updateOne({ _id: event.data.sku }, { $inc: { added: event.data.quantity } }, { upsert: true });
      },
      ItemRemoved: async (event, ctx) => {
        await ctx.collection('skus').updateOne({ _id: event.data.sku }, { $inc: { removals: 1 } }, { upsert: true });
      },
    },
  });

/** The carts projection, throwing on the event at `position` while `bug.present`. */
const fragileCarts = (position: number) => {
  const bug = { present: true };
  const projection = cartProjection(1, (event: RecordedEvent) => {
    if (bug.present && event.position === position) throw new RangeError(`cannot project position ${position}`);
  });
  return { projection, bug };
};

const models = (): Projection<CartEvent, string>[] => [cartProjection(), checkoutsPerDay(), skuMoves()];

/** Each projection built alone, in a runtime and a read store of its own. */
const aloneBuilds = async (eventStore: EventStore) => {
  const builds: unknown[] = [];
  for (const projection of models()) {
    const runtime = projectionRuntime({ eventStore, readStore: memoryReadStore(), projections: [projection] });
    await runtime.start();
    await runtime.waitFor(await eventStore.headPosition());
    builds.push({ models: await dump(runtime, projection), eventsApplied: (await runtime.status())[0]?.live?.eventsApplied });
    await runtime.stop();
  }
  return builds;
};

const builtBy = async (runtime: ReturnType<typeof projectionRuntime>) => {
  const statuses = await runtime.status();
  return Promise.all(
    models().map(async (projection) => ({
      models: await dump(runtime, projection),
      eventsApplied: statuses.find((status) => status.name === projection.name)?.live?.eventsApplied,
    })),
  );
};

/** The event store, counting the subscriptions open at a time (one per lane) and keeping the options asked. */
const countingSubscriptions = (inner: EventStore) => {
  const open = new Set<object>();
  const asked: (SubscribeOptions | undefined)[] = [];
  const eventStore: EventStore = {
    ...inner,
    append: (stream, events, options) => inner.append(stream, events, options),
    readStream: (stream, options) => inner.readStream(stream, options),
    readAll: (options) => inner.readAll(options),
    streamRevision: (stream) => inner.streamRevision(stream),
    headPosition: () => inner.headPosition(),
    subscribe: (options) => {
      asked.push(options);
      const subscription = inner.subscribe(options);
      const token = {};
      open.add(token);
      return {
        [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
        stop: async () => {
          open.delete(token);
          await subscription.stop();
        },
      };
    },
  };
  return { eventStore, open, asked };
};

/** The read store, counting transactions. */
const countingTransactions = (inner: ReadStore) => {
  const counter = { transactions: 0 };
  const readStore: ReadStore = {
    ...inner,
    transaction: (work) => {
      counter.transactions += 1;
      return inner.transaction(work);
    },
  };
  return { readStore, counter };
};

describe('lanes', () => {
  it('build, in one lane with a failing member taken out and retried, what each projection builds alone', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(step, { maxLength: 12 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 20 }),
        async (chunks, failAt, batchSize, catchUpBatchSize) => {
          const { eventStore, open } = countingSubscriptions(memoryEventStore());
          const { projection: carts, bug } = fragileCarts(failAt);
          const runtime = projectionRuntime({ eventStore, readStore: memoryReadStore(), projections: [carts, checkoutsPerDay(), skuMoves()], batchSize, catchUpBatchSize });
          await runtime.start();
          // Everyone starts at 0: one lane, one subscription.
          expect(open.size).toBe(1);
          let minutes = 0;
          for (const steps of chunks) {
            await appendSteps(eventStore, steps, Date.parse('2026-03-01T08:00:00.000Z') + minutes * 60_000);
            minutes += steps.length * 7;
          }
          const head = await eventStore.headPosition();
          // The others reach the head whatever happens to carts.
          await runtime.waitFor(head, { projections: ['checkouts-per-day', 'sku-moves'] });
          const poison = (await eventStore.readAll({ after: failAt - 1, maxCount: 1 }))[0];
          const fails = poison !== undefined && poison.position === failAt && carts.eventTypes.includes(poison.type);
          const waited: unknown = await runtime.waitFor(head).catch((error: unknown) => error);
          if (fails) {
            expect(isProjectionError(waited, 'ProjectionFailed')).toBe(true);
            expect((await runtime.status())[0]).toMatchObject({ state: 'failed', failure: { position: failAt, eventId: poison.id } });
            bug.present = false;
            await runtime.retry('carts');
            await runtime.waitFor(head);
          } else {
            expect(waited).toBeUndefined();
          }
          expect(await builtBy(runtime)).toEqual(await aloneBuilds(eventStore));
          // Once the retried projection is idle at the head beside the others, they run as one lane again.
          await vi.waitFor(() => expect(open.size).toBe(1));
          await runtime.stop();
          expect(open.size).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('rebuild one projection beside the live lane, which goes on, and merge with it at the head', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 20 }), fc.array(step, { maxLength: 10 }), fc.integer({ min: 1, max: 6 }), async (before, during, batchSize) => {
        const { eventStore, open } = countingSubscriptions(memoryEventStore());
        const runtime = projectionRuntime({ eventStore, readStore: memoryReadStore(), projections: models(), batchSize, catchUpBatchSize: batchSize * 2, retireAfterMs: 0 });
        await runtime.start();
        await runtime.waitFor(await appendSteps(eventStore, before));
        const rebuilt = runtime.rebuild('carts');
        const head = await appendSteps(eventStore, during, Date.parse('2026-03-02T08:00:00.000Z'));
        await runtime.waitFor(head, { projections: ['checkouts-per-day', 'sku-moves'] });
        await rebuilt;
        await runtime.waitFor(head);
        expect((await runtime.status())[0]?.live).toMatchObject({ generation: 1 });
        expect(await builtBy(runtime)).toEqual(await aloneBuilds(eventStore));
        await vi.waitFor(() => expect(open.size).toBe(1));
        await runtime.stop();
      }),
      { numRuns: 30 },
    );
  });

  it('keep a rebuild from the start of the log from holding up the live projections', async () => {
    const inner = memoryEventStore();
    const readStore = memoryReadStore();
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Reading from the start of the log (the rebuild's lane) waits for the test; reading from elsewhere does not.
    const eventStore: EventStore = {
      ...countingSubscriptions(inner).eventStore,
      subscribe: (options) => {
        const subscription = inner.subscribe(options);
        if (options?.after !== 0) return subscription;
        return {
          [Symbol.asyncIterator]: () => {
            const messages = subscription[Symbol.asyncIterator]();
            return { next: async () => held.then(() => messages.next()) };
          },
          stop: () => subscription.stop(),
        };
      },
    };
    const history: Step[] = [
      { kind: 'open', cart: 1, customer: 1 },
      { kind: 'add', cart: 1, sku: 1, quantity: 2, unitPrice: 100 },
      { kind: 'checkout', cart: 1 },
    ];
    const first = projectionRuntime({ eventStore: inner, readStore, projections: models() });
    await first.start();
    await first.waitFor(await appendSteps(inner, history));
    await first.stop();

    // Version 2 of carts is built beside version 1, from the start of the log.
    const second = projectionRuntime({ eventStore, readStore, projections: [cartProjection(2), checkoutsPerDay(), skuMoves()], retireAfterMs: 0 });
    await second.start();
    const head = await appendSteps(inner, [{ kind: 'checkout', cart: 1 }], Date.parse('2026-03-02T08:00:00.000Z'));
    await second.waitFor(head, { projections: ['checkouts-per-day', 'sku-moves'] });
    expect(await second.collection('checkouts-per-day', 'days').find({}, { sort: { _id: 1 } })).toEqual([
      { _id: '2026-03-01', checkouts: 1 },
      { _id: '2026-03-02', checkouts: 1 },
    ]);
    expect((await second.status())[0]).toMatchObject({ state: 'rebuilding', rebuild: { position: 0 } });
    release();
    await vi.waitFor(async () => expect((await second.status())[0]).toMatchObject({ state: 'live', live: { version: 2, position: head } }));
    await second.stop();
  });

  it('read every event when their members handle many types, and skip those none of them handles', async () => {
    type Tick = { readonly type: string; readonly data: { readonly n: number } };
    const types = Array.from({ length: 40 }, (_, i) => `Tick${i}`);
    const count = async (event: RecordedEvent, ctx: ProjectionContext<'ticks'>) => {
      await ctx.collection('ticks').updateOne({ _id: event.type }, { $inc: { n: 1 } }, { upsert: true });
    };
    const wide = (name: string, handled: readonly string[]) =>
      defineProjection<Tick, 'ticks'>({ name, version: 1, collections: { ticks: {} }, handlers: Object.fromEntries(handled.map((type) => [type, count])) });
    const projections = () => [wide('odd', types.filter((_, i) => i % 2 === 1)), wide('low', types.slice(0, 25))];
    const { eventStore, asked } = countingSubscriptions(memoryEventStore());
    for (let i = 0; i < 120; i++) await eventStore.append('ticks', [{ type: i % 7 === 0 ? 'Other' : `Tick${(i * 13) % 45}`, data: { n: i } }]);
    const head = await eventStore.headPosition();
    const runtime = projectionRuntime({ eventStore, readStore: memoryReadStore(), projections: projections(), batchSize: 3, catchUpBatchSize: 5 });
    await runtime.start();
    await runtime.waitFor(head);
    expect(asked).toEqual([{ after: 0, batchSize: 3 }]);
    for (const projection of projections()) {
      const alone = projectionRuntime({ eventStore, readStore: memoryReadStore(), projections: [projection] });
      await alone.start();
      await alone.waitFor(head);
      const find = (r: typeof runtime) => r.collection(projection.name, 'ticks').find({}, { sort: { _id: 1 } });
      expect(await find(runtime)).toEqual(await find(alone));
      expect((await runtime.status()).find((s) => s.name === projection.name)?.live).toMatchObject({ position: head, eventsApplied: (await alone.status())[0]?.live?.eventsApplied });
      await alone.stop();
    }
    await runtime.stop();
  });

  it('commit one read-store transaction per append for all the projections of a live lane', async () => {
    const eventStore = memoryEventStore();
    const { readStore, counter } = countingTransactions(memoryReadStore());
    const runtime = projectionRuntime({ eventStore, readStore, projections: models() });
    await runtime.start();
    await runtime.waitFor(await appendSteps(eventStore, [{ kind: 'open', cart: 1, customer: 1 }]));
    const before = counter.transactions;
    let position = 0;
    for (let i = 0; i < 10; i++) {
      // Handled by carts and sku-moves both; checkouts-per-day only scans past it.
      ({ position } = await eventStore.append('cart-1', [{ type: 'ItemAdded', data: { cartId: 'cart-1', sku: `sku-${i}`, quantity: 1, unitPrice: 5 } }]));
      await runtime.waitFor(position);
    }
    expect(counter.transactions - before).toBe(10);
    await runtime.stop();
  });
});
