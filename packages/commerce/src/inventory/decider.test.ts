import { deciderSpecification } from '@shopstream/kernel/testing';
import { describe, it } from 'vitest';
import { inventoryDecider } from './decider.js';
import type { InventoryEvent } from './events.js';

const sku = 'TEA-100G';
const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const [r1, r2, order1, order2] = [id(1), id(2), id(11), id(12)] as const;
const now = new Date('2026-01-01T00:00:00.000Z');
const later = '2026-01-01T00:15:00.000Z';
const spec = deciderSpecification(inventoryDecider, { now });

const received = (quantity: number): InventoryEvent => ({ type: 'StockReceived', data: { sku, quantity, reference: null } });
const reserved = (reservationId: string, orderId: string, quantity: number, expiresAt = later): InventoryEvent => ({
  type: 'StockReserved',
  data: { sku, reservationId, orderId, quantity, expiresAt },
});
const released: InventoryEvent = { type: 'StockReservationReleased', data: { sku, reservationId: r1, orderId: order1, quantity: 3, reason: 'order cancelled' } };
const committed: InventoryEvent = { type: 'StockReservationCommitted', data: { sku, reservationId: r1, orderId: order1, quantity: 3 } };
const expired: InventoryEvent = { type: 'StockReservationExpired', data: { sku, reservationId: r1, orderId: order1, quantity: 3, expiresAt: later } };
const reserve = (reservationId: string, orderId: string, quantity: number, expiresAt = later) =>
  ({ type: 'ReserveStock', sku, reservationId, orderId, quantity, expiresAt }) as const;

describe('ReceiveStock', () => {
  it('adds units on hand', () => {
    spec.given([]).when({ type: 'ReceiveStock', sku, quantity: 10, reference: 'PO-7' }).then([{ type: 'StockReceived', data: { sku, quantity: 10, reference: 'PO-7' } }]);
  });
});

describe('AdjustStock', () => {
  it('records a count with the quantity it replaces', () => {
    spec.given([received(10)]).when({ type: 'AdjustStock', sku, counted: 8, reason: 'stocktake' }).then([{ type: 'StockAdjusted', data: { sku, previous: 10, counted: 8, reason: 'stocktake' } }]);
  });
  it('records nothing when the count agrees', () => {
    spec.given([received(10)]).when({ type: 'AdjustStock', sku, counted: 10, reason: 'stocktake' }).then([]);
  });
  it('accepts a count equal to what is reserved', () => {
    spec.given([received(10), reserved(r1, order1, 3)]).when({ type: 'AdjustStock', sku, counted: 3, reason: 'damaged' }).then([{ type: 'StockAdjusted', data: { sku, previous: 10, counted: 3, reason: 'damaged' } }]);
  });
  it('refuses a count below what is reserved', () => {
    spec.given([received(10), reserved(r1, order1, 3)]).when({ type: 'AdjustStock', sku, counted: 2, reason: 'lost' }).then({ _tag: 'StockCountBelowReserved', sku, counted: 2, reserved: 3 });
  });
});

describe('ReserveStock', () => {
  it('reserves available units', () => {
    spec.given([received(3)]).when(reserve(r1, order1, 3)).then([reserved(r1, order1, 3)]);
  });
  it('is idempotent for the same reservation', () => {
    spec.given([received(3), reserved(r1, order1, 3)]).when(reserve(r1, order1, 3)).then([]);
  });
  it('refuses more than is available, saying how much is', () => {
    spec.given([received(5), reserved(r1, order1, 3)]).when(reserve(r2, order2, 3)).then({ _tag: 'OutOfStock', sku, requested: 3, available: 2 });
  });
  it('refuses a SKU that never had stock', () => {
    spec.given([]).when(reserve(r1, order1, 1)).then({ _tag: 'OutOfStock', sku, requested: 1, available: 0 });
  });
  it('refuses a reservation id used for another order or quantity', () => {
    spec.given([received(9), reserved(r1, order1, 3)]).when(reserve(r1, order2, 3)).then({ _tag: 'StockReservationConflict', sku, reservationId: r1 });
    spec.given([received(9), reserved(r1, order1, 3)]).when(reserve(r1, order1, 4)).then({ _tag: 'StockReservationConflict', sku, reservationId: r1 });
  });
  it('refuses to take a closed reservation again', () => {
    spec.given([received(9), reserved(r1, order1, 3), released]).when(reserve(r1, order1, 3)).then({ _tag: 'StockReservationClosed', sku, reservationId: r1, outcome: 'released' });
  });
  it('refuses an expiry that is not in the future', () => {
    spec.given([received(9)]).when(reserve(r1, order1, 1, now.toISOString())).then({ _tag: 'StockReservationExpiryNotInFuture', sku, reservationId: r1, expiresAt: now.toISOString() });
  });
});

describe('ReleaseReservation', () => {
  const release = { type: 'ReleaseReservation', sku, reservationId: r1, reason: 'order cancelled' } as const;
  it('releases a reservation', () => {
    spec.given([received(3), reserved(r1, order1, 3)]).when(release).then([released]);
  });
  it('is idempotent', () => {
    spec.given([received(3), reserved(r1, order1, 3), released]).when(release).then([]);
  });
  it('accepts releasing a reservation that has already expired', () => {
    spec.given([received(3), reserved(r1, order1, 3), expired]).when(release).then([]);
  });
  it('refuses to release a committed reservation', () => {
    spec.given([received(3), reserved(r1, order1, 3), committed]).when(release).then({ _tag: 'StockReservationClosed', sku, reservationId: r1, outcome: 'committed' });
  });
  it('refuses an unknown reservation', () => {
    spec.given([received(3)]).when(release).then({ _tag: 'StockReservationNotFound', sku, reservationId: r1 });
  });
});

describe('CommitReservation', () => {
  const commit = { type: 'CommitReservation', sku, reservationId: r1 } as const;
  it('commits a reservation', () => {
    spec.given([received(3), reserved(r1, order1, 3)]).when(commit).then([committed]);
  });
  it('commits a reservation past its expiry that has not been expired yet', () => {
    spec.given([received(3), reserved(r1, order1, 3)]).when(commit, { now: new Date('2026-01-02T00:00:00.000Z') }).then([committed]);
  });
  it('is idempotent', () => {
    spec.given([received(3), reserved(r1, order1, 3), committed]).when(commit).then([]);
  });
  it('refuses a released or expired reservation', () => {
    spec.given([received(3), reserved(r1, order1, 3), released]).when(commit).then({ _tag: 'StockReservationClosed', sku, reservationId: r1, outcome: 'released' });
    spec.given([received(3), reserved(r1, order1, 3), expired]).when(commit).then({ _tag: 'StockReservationClosed', sku, reservationId: r1, outcome: 'expired' });
  });
  it('refuses an unknown reservation', () => {
    spec.given([]).when(commit).then({ _tag: 'StockReservationNotFound', sku, reservationId: r1 });
  });
  it('takes the units off hand', () => {
    spec.given([received(3), reserved(r1, order1, 3), committed]).when(reserve(r2, order2, 1)).then({ _tag: 'OutOfStock', sku, requested: 1, available: 0 });
  });
});

describe('ExpireReservations', () => {
  const early = '2026-01-01T00:05:00.000Z';
  const history = [received(9), reserved(r2, order2, 2, later), reserved(r1, order1, 3, early)];
  it('expires every reservation due at the given instant, earliest first', () => {
    spec
      .given(history)
      .when({ type: 'ExpireReservations', sku, asOf: later }, { now: new Date(later) })
      .then([
        { type: 'StockReservationExpired', data: { sku, reservationId: r1, orderId: order1, quantity: 3, expiresAt: early } },
        { type: 'StockReservationExpired', data: { sku, reservationId: r2, orderId: order2, quantity: 2, expiresAt: later } },
      ]);
  });
  it('leaves reservations that are not due', () => {
    spec
      .given(history)
      .when({ type: 'ExpireReservations', sku, asOf: early }, { now: new Date(later) })
      .then([{ type: 'StockReservationExpired', data: { sku, reservationId: r1, orderId: order1, quantity: 3, expiresAt: early } }]);
  });
  it('records nothing when nothing is due', () => {
    spec.given(history).when({ type: 'ExpireReservations', sku, asOf: now.toISOString() }).then([]);
  });
  it('frees the expired units', () => {
    spec.given([...history, { type: 'StockReservationExpired', data: { sku, reservationId: r1, orderId: order1, quantity: 3, expiresAt: early } }]).when(reserve(id(3), id(13), 7)).then([reserved(id(3), id(13), 7)]);
  });
  it('refuses an instant that has not come yet', () => {
    spec.given(history).when({ type: 'ExpireReservations', sku, asOf: later }).then({ _tag: 'StockExpiryAsOfInFuture', sku, asOf: later, now: now.toISOString() });
  });
});
