import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../events/event.js';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import { memoryReadStore } from '../readStore/memoryReadStore.js';
import { ManualClock } from '../time/clock.js';
import type { CheckpointDocument } from './checkpoint.js';
import { CHECKPOINTS } from './checkpoint.js';
import { isProjectionError } from './errors.js';
import type { CartEvent, Step } from './fixtures.js';
import { appendSteps, cartProjection, checkoutsPerDay, dump, dumpStore } from './fixtures.js';
import { projectionRuntime } from './runtime.js';

const history: Step[] = [
  { kind: 'open', cart: 1, customer: 1 },
  { kind: 'open', cart: 2, customer: 2 },
  { kind: 'add', cart: 2, sku: 1, quantity: 1, unitPrice: 500 },
  { kind: 'checkout', cart: 2 },
];

/** The carts projection with a bug on Poison events that a test can fix. */
const buggy = () => {
  const bug = { present: true };
  const projection = cartProjection(1, (event: CartEvent) => {
    if (event.type === 'Poison' && bug.present) throw new RangeError(`cannot project ${event.data.cartId}`);
  });
  return { projection, bug };
};

/** Appends a batch the subscription reads at once: an item, the poison, another item, a checkout. */
const appendPoisonedBatch = async (eventStore: ReturnType<typeof memoryEventStore>) => {
  const { events } = await eventStore.append('cart-1', [
    { type: 'ItemAdded', data: { cartId: 'cart-1', sku: 'sku-9', quantity: 1, unitPrice: 700 }, occurredAt: '2026-03-02T10:00:00.000Z' },
    { type: 'Poison', data: { cartId: 'cart-1' }, occurredAt: '2026-03-02T10:01:00.000Z' },
    { type: 'ItemAdded', data: { cartId: 'cart-1', sku: 'sku-8', quantity: 2, unitPrice: 300 }, occurredAt: '2026-03-02T10:02:00.000Z' },
    { type: 'CheckedOut', data: { cartId: 'cart-1', orderId: 'order-x' }, occurredAt: '2026-03-02T10:03:00.000Z' },
  ]);
  return events as RecordedEvent[];
};

describe('a failing handler', () => {
  it('stops only its projection, records the event and the error, and writes nothing of the batch', async () => {
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    const clock = new ManualClock('2026-03-02T11:00:00.000Z');
    const { projection } = buggy();
    const perDay = checkoutsPerDay();
    const runtime = projectionRuntime({ eventStore, readStore, clock, projections: [projection, perDay], batchSize: 50 });
    await runtime.start();
    const before = await appendSteps(eventStore, history);
    await runtime.waitFor(before);
    const storedBefore = await dumpStore(readStore);

    const poisoned = await appendPoisonedBatch(eventStore);
    const poison = poisoned[1] as RecordedEvent;
    const head = (poisoned[3] as RecordedEvent).position;

    // The other projection goes on and counts the checkout of the same batch.
    await runtime.waitFor(head, { projections: [perDay.name] });
    expect(await runtime.collection(perDay.name, 'days').find({}, { sort: { _id: 1 } })).toEqual([
      { _id: '2026-03-01', checkouts: 1 },
      { _id: '2026-03-02', checkouts: 1 },
    ]);

    const waited: unknown = await runtime.waitFor(head).catch((e: unknown) => e);
    expect(isProjectionError(waited, 'ProjectionFailed')).toBe(true);

    const failure = {
      eventId: poison.id,
      eventType: 'Poison',
      stream: 'cart-1',
      position: poison.position,
      error: 'cannot project cart-1',
      errorName: 'RangeError',
      failedAt: '2026-03-02T11:00:00.000Z',
      during: 'live',
    };
    const [carts] = await runtime.status();
    expect(carts).toMatchObject({ name: 'carts', state: 'failed', failure, live: { position: before } });

    const stored = await readStore.collection<CheckpointDocument>(CHECKPOINTS).get('carts');
    expect(stored).toMatchObject({ status: 'failed', failure, live: { position: before } });
    // A process that does not run the projectors sees the failure in the store, and does not wait in vain.
    const reader = projectionRuntime({ eventStore, readStore, projections: [cartProjection(), checkoutsPerDay()] });
    expect((await reader.status())[0]).toMatchObject({ state: 'failed', failure });
    await expect(reader.waitFor(head)).rejects.toSatisfy((e: unknown) => isProjectionError(e, 'ProjectionFailed'));
    await reader.waitFor(head, { projections: [perDay.name] });
    // The item added before the poison in the same batch was rolled back with it.
    const after = await dumpStore(readStore);
    expect(after['carts.carts.v1']).toEqual(storedBefore['carts.carts.v1']);
    expect(after['carts.customers.v1']).toEqual(storedBefore['carts.customers.v1']);
    await runtime.stop();
  });

  it('resumes from the failing event after a fix, and ends as a clean build would', async () => {
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    const { projection, bug } = buggy();
    const runtime = projectionRuntime({ eventStore, readStore, projections: [projection, checkoutsPerDay()], batchSize: 2 });
    await runtime.start();
    await appendSteps(eventStore, history);
    const poisoned = await appendPoisonedBatch(eventStore);
    const head = (poisoned[3] as RecordedEvent).position;
    await expect(runtime.waitFor(head)).rejects.toSatisfy((e: unknown) => isProjectionError(e, 'ProjectionFailed'));

    // Retrying without a fix fails again on the same event.
    await runtime.retry('carts');
    await expect(runtime.waitFor(head)).rejects.toSatisfy((e: unknown) => isProjectionError(e, 'ProjectionFailed'));
    const [again] = await runtime.status();
    expect(again?.failure?.eventId).toBe((poisoned[1] as RecordedEvent).id);

    bug.present = false;
    await runtime.retry('carts');
    await runtime.waitFor(head);
    const [fixed] = await runtime.status();
    expect(fixed?.failure).toBeNull();
    expect(fixed?.state).not.toBe('failed');
    expect(await readStore.collection<CheckpointDocument>(CHECKPOINTS).get('carts')).toMatchObject({ status: 'active', failure: null });

    const clean = projectionRuntime({ eventStore, readStore: memoryReadStore(), projections: [cartProjection()] });
    await clean.start();
    await clean.waitFor(head);
    expect(await dump(runtime, projection)).toEqual(await dump(clean, projection));
    await Promise.all([runtime.stop(), clean.stop()]);
  });

  it('is retried when the runtime starts again, which is how a fixed version is deployed', async () => {
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    const first = projectionRuntime({ eventStore, readStore, projections: [buggy().projection] });
    await first.start();
    await appendSteps(eventStore, history);
    const poisoned = await appendPoisonedBatch(eventStore);
    const head = (poisoned[3] as RecordedEvent).position;
    await expect(first.waitFor(head)).rejects.toSatisfy((e: unknown) => isProjectionError(e, 'ProjectionFailed'));
    await first.stop();

    const second = projectionRuntime({ eventStore, readStore, projections: [cartProjection()] });
    await second.start();
    await second.waitFor(head);
    expect(await second.collection('carts', 'carts').get('cart-1')).toMatchObject({ status: 'checkedOut', total: 1300 });
    await second.stop();
  });
});
