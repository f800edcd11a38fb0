import { eventRegistry, memoryEventStore, verifyStreamIntegrity } from '@shopstream/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderDecider } from './decider.js';
import { OrderLinesDelivered, OrderLinesShipped, orderingEvents } from './events.js';
import type { OrderingEvent } from './events.js';
import { isPlaced } from './state.js';
import type { PlacedOrderState } from './state.js';
import { placeOrderFixture } from './testing.js';

const registry = eventRegistry(orderingEvents);
const instant = fc.integer({ min: Date.parse('2025-01-01T00:00:00.000Z'), max: Date.parse('2027-01-01T00:00:00.000Z') }).map((ms) => new Date(ms).toISOString());
const parcel = { orderId: fc.constant('order-1'), shipmentId: fc.constantFrom('s-1', 's-2'), lines: fc.constant([{ lineId: 'line-1', quantity: 2 }]) };

// Version 1 of each stored the time the shop recorded it; version 2 the carrier's. The payload's shape is the same.
describe.each([
  { type: 'OrderLinesShipped', event: OrderLinesShipped, meaning: 'the carrier’s first scan', v1: fc.record({ ...parcel, allShipped: fc.boolean(), shippedAt: instant }) },
  { type: 'OrderLinesDelivered', event: OrderLinesDelivered, meaning: 'the carrier’s delivery', v1: fc.record({ ...parcel, allDelivered: fc.boolean(), deliveredAt: instant }) },
])('$type, version 2', ({ type, event, meaning, v1 }) => {
  it(`is at version 2: its time is ${meaning}`, () => {
    expect(event.version).toBe(2);
  });

  it('reads any version-1 payload on unchanged, its time the one the shop recorded, and still accepts it at version 1', () => {
    fc.assert(
      fc.property(v1, (payload) => {
        expect(registry.upcast(type, 1, payload)).toEqual({ schemaVersion: 2, data: payload });
        expect(registry.validate(type, payload, 1)).toMatchObject({ ok: true, schemaVersion: 1 });
      }),
      { numRuns: 100 },
    );
  });
});

const placed = orderDecider.decide(placeOrderFixture(), orderDecider.initialState(), { now: new Date('2025-12-31T00:00:00.000Z') });
const paid = { type: 'OrderPaid', data: { orderId: 'order-1', paymentId: 'pay-1', amount: { amount: 4690, currency: 'CNY' }, paidAt: '2026-01-01T00:00:00.000Z' } };

/**
 * An order's log holding `old` stored at version 1 and `current` after it: checks that both read as version 2, that
 * the old one is stored as written and the stream still verifies, and answers the order folded from what was read.
 */
const orderWithBothVersions = async (before: readonly { type: string; data: unknown }[], old: { type: string; data: object }, current: { type: string; data: object }): Promise<PlacedOrderState> => {
  if (placed._tag === 'Left') throw new Error(placed.left._tag);
  const store = memoryEventStore({ registry });
  const history = [...placed.right, paid, ...before];
  await store.append('order-order-1', history, { expectedRevision: 'no_stream' });
  await store.append('order-order-1', [{ ...old, schemaVersion: 1 }]);
  await store.append('order-order-1', [current]);
  const read = await store.readStream('order-order-1');
  expect(read.slice(history.length).map((e) => [e.schemaVersion, e.data])).toEqual([
    [2, old.data],
    [2, current.data],
  ]);
  const raw = await store.readStream('order-order-1', { raw: true });
  expect(raw[history.length]).toMatchObject({ schemaVersion: 1, data: old.data });
  expect(verifyStreamIntegrity(raw)).toEqual([]);
  const state = read.map((e) => ({ type: e.type, data: e.data }) as OrderingEvent).reduce(orderDecider.evolve, orderDecider.initialState());
  if (!isPlaced(state)) throw new Error('not placed');
  return state;
};

describe('a log holding both versions stays verifiable and foldable: stored as written, read as the current version', () => {
  it('OrderLinesShipped: the order left when its last parcel did, the v1 one by the time the shop recorded it', async () => {
    const state = await orderWithBothVersions(
      [],
      { type: 'OrderLinesShipped', data: { orderId: 'order-1', shipmentId: 's-1', lines: [{ lineId: 'line-1', quantity: 2 }], allShipped: false, shippedAt: '2026-01-01T08:00:00.000Z' } },
      { type: 'OrderLinesShipped', data: { orderId: 'order-1', shipmentId: 's-2', lines: [{ lineId: 'line-2', quantity: 1 }], allShipped: true, shippedAt: '2026-01-01T06:00:00.000Z' } },
    );
    expect(state.fullyShippedAt).toBe('2026-01-01T08:00:00.000Z');
  });

  it('OrderLinesDelivered: the order was delivered when its last line was, by the carrier for the v2 one', async () => {
    const shipped = { type: 'OrderLinesShipped', data: { orderId: 'order-1', shipmentId: 's-1', lines: [{ lineId: 'line-1', quantity: 2 }, { lineId: 'line-2', quantity: 1 }], allShipped: true, shippedAt: '2026-01-01T06:00:00.000Z' } };
    const state = await orderWithBothVersions(
      [shipped],
      { type: 'OrderLinesDelivered', data: { orderId: 'order-1', shipmentId: 's-1', lines: [{ lineId: 'line-1', quantity: 2 }], allDelivered: false, deliveredAt: '2026-01-03T08:00:00.000Z' } },
      { type: 'OrderLinesDelivered', data: { orderId: 'order-1', shipmentId: 's-1', lines: [{ lineId: 'line-2', quantity: 1 }], allDelivered: true, deliveredAt: '2026-01-02T18:00:00.000Z' } },
    );
    expect(state.status).toBe('delivered');
    expect(state.fullyDeliveredAt).toBe('2026-01-02T18:00:00.000Z');
  });
});
