import * as E from 'fp-ts/lib/Either.js';
import { placed, sameLines, transition, unchanged, withinOrdered } from './checks.js';
import type { Decide } from './checks.js';

/**
 * Booking a parcel takes its lines before the carrier is asked for a waybill: the order is the one place that
 * knows what is left to ship, so two bookings racing for the same units meet here and one is refused.
 */
export const bookShipment: Decide<'BookOrderShipment'> = (data, state, { now }) => {
  const found = placed(state, data.orderId);
  if (E.isLeft(found)) return found;
  const order = found.right;
  // A retried booking (the carrier call failed after it, or a double submit) is the same booking.
  const earlier = [...order.bookings, ...order.shipments].find((s) => s.shipmentId === data.shipmentId);
  if (earlier) return sameLines(earlier.lines, data.lines) ? unchanged : E.left({ _tag: 'ShipmentAlreadyRecorded', shipmentId: data.shipmentId });
  // Only a paid order with units left may book; `shipped` (everything gone) or `on_risk_hold` refuse here.
  if (order.status !== 'partially_shipped') {
    const allowed = transition(order, 'shipped');
    if (E.isLeft(allowed)) return allowed;
  }
  const within = withinOrdered(order, data.lines, data.shipmentId);
  if (E.isLeft(within)) return within;
  return E.right([{ type: 'OrderShipmentBooked', data: { orderId: order.orderId, shipmentId: data.shipmentId, lines: data.lines, bookedAt: now.toISOString() } }]);
};

/** Calls a booking off (the carrier refused it, or the shipment was cancelled before pickup). Nothing booked, nothing to do. */
export const releaseShipmentBooking: Decide<'ReleaseOrderShipmentBooking'> = (data, state, { now }) => {
  const found = placed(state, data.orderId);
  if (E.isLeft(found)) return found;
  const order = found.right;
  if (!order.bookings.some((b) => b.shipmentId === data.shipmentId)) return unchanged;
  return E.right([
    { type: 'OrderShipmentBookingReleased', data: { orderId: order.orderId, shipmentId: data.shipmentId, reason: data.reason, releasedAt: now.toISOString() } },
  ]);
};
