import { describe, expect, it, vi } from 'vitest';
import type { ReadStore } from '../readStore/readStore.js';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import { memoryReadStore } from '../readStore/memoryReadStore.js';
import { ManualClock } from '../time/clock.js';
import type { CheckpointDocument } from './checkpoint.js';
import { CHECKPOINTS } from './checkpoint.js';
import { isProjectionError } from './errors.js';
import type { CartEvent, Step } from './fixtures.js';
import { appendSteps, cartProjection, checkoutsPerDay, dump } from './fixtures.js';
import type { ProjectionRuntime } from './runtime.js';
import { projectionRuntime } from './runtime.js';

const shopDay: Step[] = [
  { kind: 'open', cart: 1, customer: 1 },
  { kind: 'add', cart: 1, sku: 1, quantity: 2, unitPrice: 1250 },
  { kind: 'noise', cart: 1 },
  { kind: 'open', cart: 2, customer: 1 },
  { kind: 'add', cart: 1, sku: 2, quantity: 1, unitPrice: 990 },
  { kind: 'add', cart: 1, sku: 1, quantity: 1, unitPrice: 1250 },
  { kind: 'remove', cart: 1, sku: 2 },
  { kind: 'checkout', cart: 1 },
  { kind: 'add', cart: 2, sku: 3, quantity: 4, unitPrice: 100 },
  { kind: 'noise', cart: 2 },
];

/** A promise a test resolves by hand, to hold a handler at a known point. */
const gate = () => {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
};

describe('projection runtime', () => {
  it('applies events in order and records the checkpoint beside the documents', async () => {
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    const head = await appendSteps(eventStore, shopDay);
    const carts = cartProjection();
    const runtime = projectionRuntime({ eventStore, readStore, projections: [carts], batchSize: 3 });
    await runtime.start();
    await runtime.waitFor(head);

    const models = await dump(runtime, carts);
    expect(models.carts).toEqual([
      {
        _id: 'cart-1',
        customerId: 'customer-1',
        lines: [{ sku: 'sku-1', quantity: 3, unitPrice: 1250 }],
        total: 3750,
        status: 'checkedOut',
        orderId: 'order-7',
        updatedAt: '2026-03-01T08:49:00.000Z',
        revision: 6,
      },
      expect.objectContaining({ _id: 'cart-2', lines: [{ sku: 'sku-3', quantity: 4, unitPrice: 100 }], total: 400, status: 'open' }),
    ]);
    expect(models.customers).toEqual([{ _id: 'customer-1', carts: 2, orders: 1, spent: 3750 }]);

    const checkpoint = await readStore.collection<CheckpointDocument>(CHECKPOINTS).get('carts');
    expect(checkpoint).toMatchObject({
      status: 'active',
      failure: null,
      rebuild: null,
      live: { version: 1, generation: 0, position: head, eventsApplied: 8, collections: { carts: 'carts.carts.v1', customers: 'carts.customers.v1' } },
    });
    const [status] = await runtime.status();
    expect(status).toMatchObject({ name: 'carts', state: 'live', lag: { events: 0, seconds: 0 }, live: { position: head, fraction: 1 } });
    await runtime.stop();
  });

  it('resumes from the stored checkpoint without applying an event twice', async () => {
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    const seen: string[] = [];
    const counting = () => cartProjection(1, (event) => void seen.push(`${event.type}@${event.stream}`));
    const first = projectionRuntime({ eventStore, readStore, projections: [counting()], batchSize: 2 });
    await first.start();
    await first.waitFor(await appendSteps(eventStore, shopDay.slice(0, 5)));
    await first.stop();
    const appliedBeforeRestart = seen.length;

    const head = await appendSteps(eventStore, shopDay.slice(5), Date.parse('2026-03-01T08:35:00.000Z'));
    const second = projectionRuntime({ eventStore, readStore, projections: [counting()], batchSize: 2 });
    await second.start();
    await second.waitFor(head);
    expect(appliedBeforeRestart).toBe(4);
    expect(seen).toHaveLength(8);

    const clean = projectionRuntime({ eventStore, readStore: memoryReadStore(), projections: [cartProjection()] });
    await clean.start();
    await clean.waitFor(head);
    expect(await dump(second, cartProjection())).toEqual(await dump(clean, cartProjection()));
    await Promise.all([second.stop(), clean.stop()]);
  });

  it('moves a filtered projection past the events it does not handle', async () => {
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    const perDay = checkoutsPerDay();
    const runtime = projectionRuntime({ eventStore, readStore, projections: [perDay] });
    await runtime.start();
    const head = await appendSteps(eventStore, shopDay);
    await runtime.waitFor(head);
    expect(await runtime.collection(perDay.name, 'days').find({})).toEqual([{ _id: '2026-03-01', checkouts: 1 }]);
    // The events after the checkout are none of its business: that progress is stored once the projector idles.
    await vi.waitFor(async () => {
      const checkpoint = await readStore.collection<CheckpointDocument>(CHECKPOINTS).get(perDay.name);
      expect(checkpoint?.live).toMatchObject({ position: head, eventsApplied: 1 });
    });
    await runtime.stop();
  });

  it('keeps progress over events it does not handle in memory, not one stored checkpoint per append', async () => {
    const eventStore = memoryEventStore();
    const inner = memoryReadStore();
    let transactions = 0;
    const readStore: ReadStore = {
      ...inner,
      transaction: (work) => {
        transactions += 1;
        return inner.transaction(work);
      },
    };
    const perDay = checkoutsPerDay();
    const runtime = projectionRuntime({ eventStore, readStore, projections: [perDay] });
    await runtime.start();
    await runtime.waitFor(await appendSteps(eventStore, shopDay));
    await vi.waitFor(async () => expect((await readStore.collection<CheckpointDocument>(CHECKPOINTS).get(perDay.name))?.live.position).toBe(await eventStore.headPosition()));
    const before = transactions;
    let head = 0;
    for (let i = 0; i < 30; i++) {
      head = (await eventStore.append('cart-9', [{ type: 'Noise', data: { i } }])).position;
      // Read-your-writes in this process holds at once: the position in memory counts.
      await runtime.waitFor(head, { timeoutMs: 1_000 });
    }
    expect(transactions - before).toBeLessThan(5);
    await vi.waitFor(async () => expect((await readStore.collection<CheckpointDocument>(CHECKPOINTS).get(perDay.name))?.live.position).toBe(head));
    expect((await runtime.status())[0]?.lag).toMatchObject({ events: 0 });
    await runtime.stop();
  });

  it('lets a caller read its own write once waitFor resolves', async () => {
    const eventStore = memoryEventStore();
    const runtime = projectionRuntime({ eventStore, readStore: memoryReadStore(), projections: [cartProjection(), checkoutsPerDay()] });
    await runtime.start();
    const carts = runtime.collection('carts', 'carts');
    for (let cart = 1; cart <= 5; cart++) {
      const { position } = await eventStore.append(`cart-${cart}`, [{ type: 'CartOpened', data: { cartId: `c${cart}`, customerId: 'k' } }]);
      await runtime.waitFor(position);
      expect(await carts.get(`c${cart}`)).toMatchObject({ status: 'open' });
    }
    await runtime.waitFor(null);
    await runtime.stop();
  });

  it('times out a wait that a projection does not reach, naming it and where it stands', async () => {
    const eventStore = memoryEventStore();
    const held = gate();
    const slow = cartProjection(1, (event) => (event.type === 'CheckedOut' ? held.opened : undefined));
    const runtime = projectionRuntime({ eventStore, readStore: memoryReadStore(), projections: [slow, checkoutsPerDay()], batchSize: 1 });
    await runtime.start();
    const head = await appendSteps(eventStore, shopDay);
    await runtime.waitFor(7);
    const error: unknown = await runtime.waitFor(head, { timeoutMs: 20, projections: ['carts'] }).catch((e: unknown) => e);
    expect(isProjectionError(error, 'WaitTimeout')).toBe(true);
    expect(isProjectionError(error) && error.detail).toEqual({ _tag: 'WaitTimeout', position: head, timeoutMs: 20, behind: [{ projection: 'carts', position: 7 }] });
    // Both run in one lane: a slow (not a failing) handler holds the batch, and so every projection of its lane.
    const both: unknown = await runtime.waitFor(head, { timeoutMs: 20 }).catch((e: unknown) => e);
    expect(isProjectionError(both) && both.detail).toMatchObject({
      behind: [
        { projection: 'carts', position: 7 },
        { projection: 'checkouts-per-day', position: 7 },
      ],
    });
    held.open();
    await runtime.waitFor(head);
    await runtime.stop();
  });

  it('refuses rebuilds while it is not running, and unknown names', async () => {
    const runtime = projectionRuntime({ eventStore: memoryEventStore(), readStore: memoryReadStore(), projections: [cartProjection()] });
    await expect(runtime.rebuild('carts')).rejects.toSatisfy((e: unknown) => isProjectionError(e, 'RuntimeNotRunning'));
    await expect(runtime.retry('carts')).rejects.toSatisfy((e: unknown) => isProjectionError(e, 'RuntimeNotRunning'));
    expect(() => runtime.collection('nope', 'carts')).toThrow(/no projection named "nope"/);
    expect(() => runtime.collection('carts', 'nope')).toThrow(/declares no collection "nope"/);
    await expect(runtime.waitFor(1, { projections: ['nope'] })).rejects.toSatisfy((e: unknown) => isProjectionError(e, 'UnknownProjection'));
    expect(() => projectionRuntime({ eventStore: memoryEventStore(), readStore: memoryReadStore(), projections: [cartProjection(), cartProjection()] })).toThrow(
      /registered twice/,
    );
    const stores = { eventStore: memoryEventStore(), readStore: memoryReadStore(), projections: [cartProjection()] };
    expect(() => projectionRuntime({ ...stores, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => projectionRuntime({ ...stores, catchUpBatchSize: 0 })).toThrow(/catchUpBatchSize/);
    expect(() => projectionRuntime({ ...stores, catchUpBatchSize: 2.5 })).toThrow(/catchUpBatchSize/);
    expect(() => projectionRuntime({ ...stores, retireAfterMs: -1 })).toThrow(/retireAfterMs/);
    expect(() => projectionRuntime({ ...stores, pollIntervalMs: 0 })).toThrow(/pollIntervalMs/);
  });

  it('serves queries and waits in a process whose projectors run elsewhere, from the stored checkpoints', async () => {
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    const held = gate();
    const projector = projectionRuntime({ eventStore, readStore, projections: [cartProjection(1, (e) => (e.type === 'CheckedOut' ? held.opened : undefined))], batchSize: 1 });
    // The reader is never started: it has the same projections but runs none of them.
    const reader = projectionRuntime({ eventStore, readStore, projections: [cartProjection()], pollIntervalMs: 1 });
    expect(await reader.collection('carts', 'carts').find({})).toEqual([]);
    await projector.start();
    const head = await appendSteps(eventStore, shopDay);
    await reader.waitFor(7);
    expect(await reader.collection('carts', 'carts').get('cart-1')).toMatchObject({ status: 'open', total: 3750 });
    const timedOut: unknown = await reader.waitFor(head, { timeoutMs: 10 }).catch((e: unknown) => e);
    expect(isProjectionError(timedOut) && timedOut.detail).toEqual({ _tag: 'WaitTimeout', position: head, timeoutMs: 10, behind: [{ projection: 'carts', position: 7 }] });
    expect((await reader.status())[0]).toMatchObject({ state: 'idle', live: { position: 7 }, lag: { events: head - 7 }, failure: null });
    held.open();
    await reader.waitFor(head);
    expect(await reader.collection('carts', 'carts').get('cart-1')).toMatchObject({ status: 'checkedOut' });
    expect((await reader.status())[0]).toMatchObject({ state: 'idle', live: { position: head }, lag: { events: 0, seconds: 0 } });
    await projector.stop();
  });

  it('reports lag in events and in seconds behind the oldest event still to apply', async () => {
    const eventStore = memoryEventStore();
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const held = gate();
    const runtime = projectionRuntime({
      eventStore,
      readStore: memoryReadStore(),
      clock,
      batchSize: 1,
      projections: [cartProjection(1, (event: CartEvent) => (event.type === 'ItemAdded' ? held.opened : undefined))],
    });
    await runtime.start();
    const head = await appendSteps(eventStore, shopDay);
    await runtime.waitFor(1);
    // The projection holds on the first ItemAdded (position 2, occurred at 08:07): eight positions behind.
    const [held1] = await runtime.status();
    expect(held1?.lag).toEqual({ events: head - 1, seconds: 53 * 60 });
    clock.advance(30_000);
    const [held2] = await runtime.status();
    expect(held2?.lag).toEqual({ events: head - 1, seconds: 53 * 60 + 30 });
    held.open();
    await runtime.waitFor(head);
    const [caughtUp] = await runtime.status();
    expect(caughtUp?.lag).toEqual({ events: 0, seconds: 0 });
    await runtime.stop();
  });
});

describe('two runtimes on the same projection by mistake', () => {
  it('never apply a batch twice: the checkpoint check in each transaction fences the slower one off', async () => {
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    // Two projections each: a member fenced off leaves its lane, and the batch is applied again for the other.
    const runtimes = [1, 2, 3].map((batchSize) => projectionRuntime({ eventStore, readStore, projections: [cartProjection(), checkoutsPerDay()], batchSize }));
    await Promise.all(runtimes.map((runtime) => runtime.start()));
    let head = 0;
    for (let round = 0; round < 4; round++) head = await appendSteps(eventStore, shopDay, Date.parse('2026-03-01T08:00:00.000Z') + round * 3_600_000);
    await Promise.all(runtimes.map((runtime) => runtime.waitFor(head)));

    const clean = projectionRuntime({ eventStore, readStore: memoryReadStore(), projections: [cartProjection(), checkoutsPerDay()] });
    await clean.start();
    await clean.waitFor(head);
    for (const projection of [cartProjection(), checkoutsPerDay()]) {
      expect(await dump(runtimes[0] as ProjectionRuntime, projection)).toEqual(await dump(clean, projection));
    }
    await Promise.all([...runtimes, clean].map((runtime) => runtime.stop()));
  });
});
