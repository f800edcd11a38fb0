import type { HandleOptions } from '@shopstream/kernel';
import { inventoryStream } from '../inventory/index.js';
import type { PlacedOrderState } from '../ordering/index.js';
import { couponStream } from '../promotion/index.js';
import { lateReservationIdFor, reservationIdFor } from './ids.js';
import { settle } from './outcome.js';
import type { ProcessPorts } from './ports.js';

// What an order that will not go ahead gives back, each step safe to repeat. Faults are reported as the checkout's.
const CHECKOUT = 'checkout';

/** Releases both possible reservations of every line; committed stock goes back on the shelf, counted once. */
export const releaseStock = async (ports: ProcessPorts, order: PlacedOrderState, reason: string, options: HandleOptions): Promise<void> => {
  for (const line of order.lines) {
    for (const reservationId of [reservationIdFor(order.orderId, line.lineId), lateReservationIdFor(order.orderId, line.lineId)]) {
      const result = await ports.handlers.inventory(inventoryStream(line.sku), { type: 'ReleaseReservation', sku: line.sku, reservationId, reason }, options);
      const outcome = settle(CHECKOUT, 'ReleaseReservation', result, ['StockReservationNotFound', 'StockReservationClosed']);
      if (!outcome.done && outcome.refusal._tag === 'StockReservationClosed' && outcome.refusal.outcome === 'committed') {
        await restock(ports, line.sku, line.quantity, `cancelled order ${order.orderId} ${reservationId}`, options);
      }
    }
  }
};

/**
 * Puts committed units back (the order was paid, then cancelled before anything shipped). Receiving stock is
 * not idempotent by itself, so the reference is looked for first and the append pinned to the revision read:
 * a second delivery of the cancellation finds the reference and adds nothing.
 */
const restock = async (ports: ProcessPorts, sku: string, quantity: number, reference: string, options: HandleOptions): Promise<void> => {
  for (let attempt = 0; attempt < 10; attempt++) {
    const { revision, references } = await ports.read.stockReferences(sku);
    if (references.includes(reference)) return;
    const result = await ports.handlers.inventory(inventoryStream(sku), { type: 'ReceiveStock', sku, quantity, reference }, { ...options, expectedRevision: revision });
    const outcome = settle(CHECKOUT, 'ReceiveStock', result, ['ConcurrencyConflict']);
    if (outcome.done) return;
  }
  throw new Error(`${CHECKOUT}: could not put ${quantity} of ${sku} back: the stock stream kept moving`);
};

export const releaseCoupons = async (ports: ProcessPorts, orderId: string, reason: string, options: HandleOptions): Promise<void> => {
  const placed = await ports.read.orderPlaced(orderId);
  for (const discount of placed?.discounts ?? []) {
    if (discount.code === undefined) continue;
    const result = await ports.handlers.coupons(couponStream(discount.code), { type: 'ReleaseCouponRedemption', code: discount.code, orderId, reason }, options);
    // Never redeemed (the order was cancelled before its coupon was): nothing to release.
    settle(CHECKOUT, 'ReleaseCouponRedemption', result, ['CouponRedemptionNotFound', 'CouponNotFound']);
  }
};

