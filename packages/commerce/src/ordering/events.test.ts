import { eventRegistry, memoryEventStore, verifyStreamIntegrity } from '@shopstream/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderDecider } from './decider.js';
import { OrderLinesDelivered, OrderLinesShipped, orderingEvents } from './events.js';
import type { OrderingEvent } from './events.js';
import { isPlaced } from './state.js';
import { placeOrderFixture } from './testing.js';

const registry = eventRegistry(orderingEvents);
const instant = fc.integer({ min: Date.parse('2025-01-01T00:00:00.000Z'), max: Date.parse('2027-01-01T00:00:00.000Z') }).map((ms) => new Date(ms).toISOString());

/** An OrderLinesShipped payload as version 1 stored it: `shippedAt` was when the shop recorded the shipment. */
const v1Shipped = fc.record({
  orderId: fc.constant('order-1'),
  shipmentId: fc.constantFrom('s-1', 's-2'),
  lines: fc.constant([{ lineId: 'line-1', quantity: 2 }]),
  allShipped: fc.boolean(),
  shippedAt: instant,
});

describe('OrderLinesShipped, version 2', () => {
  it('is at version 2: shippedAt is the carrier’s first scan', () => {
    expect(OrderLinesShipped.version).toBe(2);
  });

  it('reads any version-1 payload on unchanged, its shippedAt the time the shop recorded it, and still accepts it at version 1', () => {
    fc.assert(
      fc.property(v1Shipped, (v1) => {
        expect(registry.upcast('OrderLinesShipped', 1, v1)).toEqual({ schemaVersion: 2, data: v1 });
        expect(registry.validate('OrderLinesShipped', v1, 1)).toMatchObject({ ok: true, schemaVersion: 1 });
      }),
      { numRuns: 100 },
    );
  });

  it('keeps a log holding both versions verifiable and foldable: stored as written, read as the current version', async () => {
    const store = memoryEventStore({ registry });
    const placed = orderDecider.decide(placeOrderFixture(), orderDecider.initialState(), { now: new Date('2025-12-31T00:00:00.000Z') });
    if (placed._tag === 'Left') throw new Error(placed.left._tag);
    const paid = { type: 'OrderPaid', data: { orderId: 'order-1', paymentId: 'pay-1', amount: { amount: 4690, currency: 'CNY' }, paidAt: '2026-01-01T00:00:00.000Z' } };
    const old = { orderId: 'order-1', shipmentId: 's-1', lines: [{ lineId: 'line-1', quantity: 2 }], allShipped: false, shippedAt: '2026-01-01T08:00:00.000Z' };
    await store.append('order-order-1', [...placed.right, paid], { expectedRevision: 'no_stream' });
    await store.append('order-order-1', [{ type: 'OrderLinesShipped', data: old, schemaVersion: 1 }]);
    await store.append('order-order-1', [
      { type: 'OrderLinesShipped', data: { orderId: 'order-1', shipmentId: 's-2', lines: [{ lineId: 'line-2', quantity: 1 }], allShipped: true, shippedAt: '2026-01-01T06:00:00.000Z' } },
    ]);
    const read = await store.readStream('order-order-1');
    expect(read.slice(2).map((e) => [e.schemaVersion, e.data])).toEqual([
      [2, old],
      [2, expect.objectContaining({ shipmentId: 's-2' })],
    ]);
    const raw = await store.readStream('order-order-1', { raw: true });
    expect(raw[2]).toMatchObject({ schemaVersion: 1, data: old });
    expect(verifyStreamIntegrity(raw)).toEqual([]);
    const state = read.map((e) => ({ type: e.type, data: e.data }) as OrderingEvent).reduce(orderDecider.evolve, orderDecider.initialState());
    if (!isPlaced(state)) throw new Error('not placed');
    // The order left when its last parcel did: the v1 one, by the time the shop recorded it.
    expect(state.fullyShippedAt).toBe('2026-01-01T08:00:00.000Z');
  });
});

/** An OrderLinesDelivered payload as version 1 stored it: `deliveredAt` was when the shop recorded the delivery. */
const v1Delivered = fc.record({
  orderId: fc.constant('order-1'),
  shipmentId: fc.constantFrom('s-1', 's-2'),
  lines: fc.constant([{ lineId: 'line-1', quantity: 2 }]),
  allDelivered: fc.boolean(),
  deliveredAt: instant,
});

describe('OrderLinesDelivered, version 2', () => {
  it('is at version 2: deliveredAt is the carrier’s delivery', () => {
    expect(OrderLinesDelivered.version).toBe(2);
  });

  it('reads any version-1 payload on unchanged, its deliveredAt the time the shop recorded it, and still accepts it at version 1', () => {
    fc.assert(
      fc.property(v1Delivered, (v1) => {
        expect(registry.upcast('OrderLinesDelivered', 1, v1)).toEqual({ schemaVersion: 2, data: v1 });
        expect(registry.validate('OrderLinesDelivered', v1, 1)).toMatchObject({ ok: true, schemaVersion: 1 });
      }),
      { numRuns: 100 },
    );
  });

  it('keeps a log holding both versions verifiable and foldable: stored as written, read as the current version', async () => {
    const store = memoryEventStore({ registry });
    const placed = orderDecider.decide(placeOrderFixture(), orderDecider.initialState(), { now: new Date('2025-12-31T00:00:00.000Z') });
    if (placed._tag === 'Left') throw new Error(placed.left._tag);
    const paid = { type: 'OrderPaid', data: { orderId: 'order-1', paymentId: 'pay-1', amount: { amount: 4690, currency: 'CNY' }, paidAt: '2026-01-01T00:00:00.000Z' } };
    const shipped = { type: 'OrderLinesShipped', data: { orderId: 'order-1', shipmentId: 's-1', lines: [{ lineId: 'line-1', quantity: 2 }, { lineId: 'line-2', quantity: 1 }], allShipped: true, shippedAt: '2026-01-01T06:00:00.000Z' } };
    const old = { orderId: 'order-1', shipmentId: 's-1', lines: [{ lineId: 'line-1', quantity: 2 }], allDelivered: false, deliveredAt: '2026-01-03T08:00:00.000Z' };
    await store.append('order-order-1', [...placed.right, paid, shipped], { expectedRevision: 'no_stream' });
    await store.append('order-order-1', [{ type: 'OrderLinesDelivered', data: old, schemaVersion: 1 }]);
    await store.append('order-order-1', [
      { type: 'OrderLinesDelivered', data: { orderId: 'order-1', shipmentId: 's-1', lines: [{ lineId: 'line-2', quantity: 1 }], allDelivered: true, deliveredAt: '2026-01-02T18:00:00.000Z' } },
    ]);
    const read = await store.readStream('order-order-1');
    expect(read.slice(3).map((e) => [e.schemaVersion, e.data])).toEqual([
      [2, old],
      [2, expect.objectContaining({ deliveredAt: '2026-01-02T18:00:00.000Z' })],
    ]);
    const raw = await store.readStream('order-order-1', { raw: true });
    expect(raw[3]).toMatchObject({ schemaVersion: 1, data: old });
    expect(verifyStreamIntegrity(raw)).toEqual([]);
    const state = read.map((e) => ({ type: e.type, data: e.data }) as OrderingEvent).reduce(orderDecider.evolve, orderDecider.initialState());
    if (!isPlaced(state)) throw new Error('not placed');
    expect(state.status).toBe('delivered');
    expect(state.fullyDeliveredAt).toBe('2026-01-02T18:00:00.000Z');
  });
});
