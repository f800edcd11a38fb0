import { createHash } from 'node:crypto';

// A fixed namespace for the engine's own name-based ids, so the same name gives the same UUID on every machine.
const NAMESPACE = Buffer.from('5f1d3a4e9c2b4b7a8e6d0c1f2a3b4c5d', 'hex');

/**
 * A UUID (version 5 layout: SHA-1 of a namespace and a name) that a process derives from what it reacts to,
 * so that a reaction delivered twice asks for the same reservation or refund and the decider recognises it.
 */
export const nameBasedId = (name: string): string => {
  const bytes = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** The stock reservation an order holds for one of its lines. */
export const reservationIdFor = (orderId: string, lineId: string): string => nameBasedId(`reservation:${orderId}:${lineId}`);

/** The second reservation taken when payment arrives after the first one was released or expired. */
export const lateReservationIdFor = (orderId: string, lineId: string): string => nameBasedId(`reservation-at-payment:${orderId}:${lineId}`);

/** Timeout ids say what they are for; the timeout's stream is `timeout-<id>`. */
export const paymentExpiryTimeoutId = (orderId: string): string => `payment-expiry:${orderId}`;
export const autoConfirmTimeoutId = (orderId: string): string => `auto-confirm:${orderId}`;

/** Refund ids: one per reason per order or attempt, so a refund is never asked for twice. */
export const cancellationRefundId = (orderId: string): string => nameBasedId(`refund:order-cancelled:${orderId}`);
export const riskRejectionRefundId = (orderId: string): string => nameBasedId(`refund:rejected-for-risk:${orderId}`);
/**
 * Giving back a whole attempt the order must not keep (paid after it was voided, a second payment, paid after
 * the order was cancelled). The same id the payment service uses when it reverses a flagged attempt itself,
 * so whichever of the two gets there first, the other finds the refund already asked for.
 */
export const reversalRefundId = (attemptId: string): string => `reversal-${attemptId}`;
/**
 * A return case is refunded once, so its refund id is the case id itself: when the payment refund settles,
 * the case (and the order line it is about) is found from the refund id alone.
 */
export const returnRefundId = (caseId: string): string => caseId;
