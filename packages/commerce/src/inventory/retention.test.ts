import { fold } from '@shopstream/kernel';
import { deciderSpecification } from '@shopstream/kernel/testing';
import { describe, expect, it } from 'vitest';
import { CLOSED_RETENTION_MS, MAX_RESERVATION_MS, inventoryDecider } from './decider.js';
import type { InventoryEvent } from './events.js';

const sku = 'HOT-SKU-1';
const DAY = 24 * 3600_000;
const start = Date.parse('2026-01-01T00:00:00.000Z');
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A reservation made on `day`, held for 30 minutes, then committed. */
const reservedAndCommitted = (n: number, day: number): InventoryEvent[] => {
  const reservation = { sku, reservationId: uuid(n), orderId: uuid(1_000_000 + n), quantity: 1 };
  return [
    { type: 'StockReserved', data: { ...reservation, expiresAt: new Date(start + day * DAY + 30 * 60_000).toISOString() } },
    { type: 'StockReservationCommitted', data: reservation },
  ];
};

describe('inventory: what a SKU remembers of finished reservations', () => {
  const spec = deciderSpecification(inventoryDecider, { now: new Date(start) });

  it('refuses a reservation held longer than the longest allowed', () => {
    spec
      .given([{ type: 'StockReceived', data: { sku, quantity: 5, reference: null } }])
      .when({ type: 'ReserveStock', sku, reservationId: uuid(1), orderId: uuid(2), quantity: 1, expiresAt: new Date(start + MAX_RESERVATION_MS + 1).toISOString() })
      .thenFails('StockReservationTooLong', { latest: new Date(start + MAX_RESERVATION_MS).toISOString() });
  });

  it('stays as small as the recent traffic however long the history grows', () => {
    const events: InventoryEvent[] = [{ type: 'StockReceived', data: { sku, quantity: 1_000_000, reference: null } }];
    // Ten orders a day for a year.
    for (let day = 0; day < 365; day++) for (let i = 0; i < 10; i++) events.push(...reservedAndCommitted(day * 10 + i, day));
    const state = fold(inventoryDecider, events);
    const windowDays = (MAX_RESERVATION_MS + CLOSED_RETENTION_MS) / DAY;
    expect(Object.keys(state.closed).length).toBeLessThanOrEqual((windowDays + 2) * 10);
    expect(state.onHand).toBe(1_000_000 - 3650);
  });

  it('still refuses a retry of a recent reservation, and a retry of a forgotten one is refused as expired', () => {
    const events: InventoryEvent[] = [{ type: 'StockReceived', data: { sku, quantity: 100, reference: null } }, ...reservedAndCommitted(1, 0)];
    const recentRetry = { type: 'ReserveStock' as const, sku, reservationId: uuid(1), orderId: uuid(1_000_001), quantity: 1, expiresAt: new Date(start + 30 * 60_000).toISOString() };
    spec.given(events).when(recentRetry, { now: new Date(start + 60_000) }).thenFails('StockReservationClosed', { outcome: 'committed' });

    const muchLater = 100;
    const history = [...events, ...reservedAndCommitted(2, muchLater)];
    const state = fold(inventoryDecider, history);
    expect(state.closed[uuid(1)]).toBeUndefined();
    spec.given(history).when(recentRetry, { now: new Date(start + muchLater * DAY) }).thenFails('StockReservationExpiryNotInFuture');
  });
});
