import type { OrderingEvent, PlacedOrderState } from '@shopstream/commerce/ordering';
import type { PaymentEvent } from '@shopstream/commerce/payment';
import type { ShippingEvent } from '@shopstream/commerce/shipping';
import type { OrderView, Viewer } from './api.js';

/**
 * What a customer may see of their own order. The risk team's judgement (why an order is held or rejected, which
 * policy or staff member decided, the score) stays with staff: shown to the customer, it would teach a fraudster
 * what the policy looks for. Staff are named to customers as staff, never by id, and their notes stay internal.
 */
const customerView = (order: PlacedOrderState): Omit<OrderView, 'revision'> =>
  order.riskHold === null ? order : { ...order, riskHold: { heldAt: order.riskHold.heldAt } };

/**
 * The order as the viewer may see it, at `revision`, its stream's revision (the ETag). A customer's view is a pure
 * function of the order's state, and the state changes only with an event on its stream, which moves the revision:
 * so whatever the redaction hides or shows, a customer's view cannot change while their ETag stays. (The ETag
 * may move while their view does not, say for a staff note: that costs a download, never a stale view.)
 */
export const orderView = (order: PlacedOrderState, revision: number, viewer: Viewer): OrderView => ({
  ...(viewer.customerId === undefined ? order : customerView(order)),
  revision,
});

/** The events of an order's own stream, its payment's and its shipments': everything its timeline shows. */
export type OrderTimelineEvent = OrderingEvent | PaymentEvent | ShippingEvent;

type PayloadOf<T extends OrderTimelineEvent['type']> = Extract<OrderTimelineEvent, { readonly type: T }>['data'];

/** Per field of a payload: `true` shows it as stored, a function shows what it returns; a field not named is hidden. */
type FieldRule<D> = { readonly [F in keyof D]-?: true | ((value: Exclude<D[F], undefined>) => unknown) };

const HIDDEN: unique symbol = Symbol('hidden');
/** Marks a field as hidden in `FIELDS`, so that the table names every field and says which stay internal. */
const hidden = (): typeof HIDDEN => HIDDEN;

/**
 * What a customer sees of each event type, field by field: an allow-list. The type makes the table name every event
 * type of the three streams and every field of each payload, so a type or field added later does not compile until
 * someone decides here whether customers see it (and a field the table does not name is hidden at run time). Hidden,
 * and why:
 * - the risk team's judgement: `reason`, `decidedBy` (policy, score or staff id) and `note` of risk events;
 * - staff identity and notes: a staff actor is shown as `{ kind: 'staff' }`, staff notes never;
 * - what risk rules read about the client: `client.deviceId` and `client.ipHash` (the channel stays);
 * - sealed personal data (`recipientName`, `phone`, `addressLines`, a shipment's `recipient`): an envelope the
 *   customer cannot open, which names the key that sealed it; the region of the address stays;
 * - the provider's card token (brand and last four stay) and how a payment outcome reached us (`source`).
 */
const FIELDS: { readonly [T in OrderTimelineEvent['type']]: FieldRule<PayloadOf<T>> } = {
  OrderPlaced: {
    orderId: true,
    customerId: true,
    cartId: true,
    currency: true,
    lines: true,
    discounts: true,
    shippingFee: true,
    itemsSubtotal: true,
    discountTotal: true,
    total: true,
    address: ({ province, city, district }) => ({ province, city, district }),
    placedAt: true,
    paymentDueAt: true,
    autoConfirmReceiptAfterDays: true,
    client: ({ channel }) => ({ channel }),
  },
  OrderPaid: { orderId: true, paymentId: true, amount: true, paidAt: true },
  OrderPutOnRiskHold: { orderId: true, heldAt: true, reason: hidden, decidedBy: hidden },
  OrderRiskHoldReleased: { orderId: true, releasedAt: true, note: hidden, decidedBy: hidden },
  OrderRejectedForRisk: { orderId: true, refundDue: true, rejectedAt: true, reason: hidden, decidedBy: hidden },
  OrderCancelled: {
    orderId: true,
    reason: true,
    cancelledBy: (actor) => (actor.kind === 'staff' ? { kind: 'staff' } : actor),
    note: hidden,
    refundDue: true,
    cancelledAt: true,
  },
  OrderShipmentBooked: { orderId: true, shipmentId: true, lines: true, bookedAt: true },
  // The reason is the shop's own wording (a carrier's refusal, a staff note on the cancelled shipment).
  OrderShipmentBookingReleased: { orderId: true, shipmentId: true, reason: hidden, releasedAt: true },
  OrderLinesShipped: { orderId: true, shipmentId: true, lines: true, allShipped: true, shippedAt: true },
  OrderShipTimeCorrected: { orderId: true, shipmentId: true, shippedAt: true, correctedAt: true },
  OrderLinesDelivered: { orderId: true, shipmentId: true, lines: true, allDelivered: true, deliveredAt: true },
  OrderReceiptConfirmed: { orderId: true, confirmedBy: true, confirmedAt: true },
  OrderRefundRecorded: { orderId: true, refundId: true, amount: true, reason: true, lineId: true, recordedAt: true },

  PaymentAttemptStarted: {
    orderId: true,
    attemptId: true,
    method: true,
    amount: true,
    card: ({ brand, last4 }) => ({ brand, last4 }),
    startedAt: true,
    expiresAt: true,
  },
  PaymentActionRequired: { orderId: true, attemptId: true, providerReference: true, nextAction: true },
  PaymentInitiationFailed: { orderId: true, attemptId: true, reason: true, failedAt: true },
  PaymentAuthorised: { orderId: true, attemptId: true, providerReference: true, amount: true, source: hidden, authorisedAt: true },
  PaymentCaptured: { orderId: true, attemptId: true, providerReference: true, amount: true, source: hidden, capturedAt: true },
  PaymentDeclined: { orderId: true, attemptId: true, providerReference: true, code: true, message: true, source: hidden, declinedAt: true },
  PaymentAttemptExpired: { orderId: true, attemptId: true, providerReference: true, source: hidden, expiredAt: true },
  PaymentAttemptTimedOut: { orderId: true, attemptId: true, timedOutAt: true },
  PaymentAttemptVoided: { orderId: true, attemptId: true, reason: true, voidedAt: true },
  PaymentAttemptFlaggedForReversal: { orderId: true, attemptId: true, reason: true, amount: true, flaggedAt: true },
  PaymentRefundRequested: { orderId: true, refundId: true, attemptId: true, amount: true, reason: true, requestedAt: true },
  PaymentRefunded: { orderId: true, refundId: true, attemptId: true, amount: true, providerRefundReference: true, source: hidden, refundedAt: true },
  PaymentRefundFailed: { orderId: true, refundId: true, attemptId: true, amount: true, reason: true, source: hidden, failedAt: true },

  ShipmentCreated: { shipmentId: true, orderId: true, carrier: true, lines: true, origin: true, destination: true, recipient: hidden, createdAt: true },
  WaybillAssigned: { shipmentId: true, orderId: true, carrier: true, waybillNumber: true, estimatedDeliveryAt: true },
  TrackingCheckpointRecorded: { shipmentId: true, waybillNumber: true, checkpoint: true, receivedAt: true },
  ShipmentStatusAdvanced: { shipmentId: true, orderId: true, from: true, to: true, at: true, carrierEventId: true },
  ShipmentDelivered: { shipmentId: true, orderId: true, lines: true, deliveredAt: true, carrierEventId: true },
  ShipmentReturnedToSender: { shipmentId: true, orderId: true, lines: true, at: true, carrierEventId: true },
  DeliveryExceptionRaised: { shipmentId: true, orderId: true, kind: true, at: true, carrierEventId: true, description: true },
  DeliveryExceptionResolved: { shipmentId: true, orderId: true, kind: true, resolution: true, at: true },
  EstimatedDeliveryRevised: { shipmentId: true, estimatedDeliveryAt: true, asOf: true, carrierEventId: true },
  DeliveryAddressCorrected: { shipmentId: true, orderId: true, recipient: hidden, destination: true, at: true },
  ShipmentDeclaredLost: { shipmentId: true, orderId: true, lines: true, reason: true, at: true },
  ShipmentCancelled: { shipmentId: true, orderId: true, lines: true, reason: true, at: true },
};

const rulesByType: ReadonlyMap<string, Readonly<Record<string, true | ((value: never) => unknown)>>> = new Map(Object.entries(FIELDS));

/** A field through its rule; a value the rule cannot read (not the shape its schema gives) is hidden: fail closed. */
const shownBy = (rule: (value: unknown) => unknown, value: unknown): unknown => {
  try {
    return rule(value);
  } catch {
    return HIDDEN;
  }
};

/**
 * An event's payload in a customer's timeline of their order: only the fields `FIELDS` allows for its type, each
 * as its rule shows it. An event of a type the table does not know (a newer writer's, say) shows no data at all.
 */
export const customerData = (type: string, data: unknown): Readonly<Record<string, unknown>> => {
  const rules = rulesByType.get(type);
  if (rules === undefined || typeof data !== 'object' || data === null) return {};
  const shown: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(data as Readonly<Record<string, unknown>>)) {
    // Own entries only: a field named like an Object.prototype member ('constructor') must not find one.
    const rule = Object.hasOwn(rules, field) ? rules[field] : undefined;
    if (rule === undefined || value === undefined) continue;
    const out = rule === true ? value : shownBy(rule as (value: unknown) => unknown, value);
    if (out !== HIDDEN) shown[field] = out;
  }
  return shown;
};
