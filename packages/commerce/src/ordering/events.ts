import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { z } from 'zod';
import { Currency, NonNegativeMoney } from '../shared/money.js';
import { Sealed } from '../shared/sealed.js';

const Instant = z.iso.datetime();
const Id = z.string().min(1);
const Quantity = z.number().int().positive();

/**
 * Where the order goes, as it stood when the order was placed. The recipient, phone and street lines are
 * personal data and only ever appear sealed; province, city and district stay readable for regional
 * reports and risk rules.
 */
export const AddressSnapshot = z.strictObject({
  recipientName: Sealed,
  phone: Sealed,
  addressLines: Sealed,
  province: z.string().min(1),
  city: z.string().min(1),
  district: z.string().min(1),
});
export type AddressSnapshot = z.infer<typeof AddressSnapshot>;

/** A priced order line. `net = subtotal - lineDiscount - orderDiscountShare`; refunds per line never exceed it. */
export const PlacedOrderLine = z.strictObject({
  lineId: Id,
  productId: Id,
  sku: Id,
  title: z.string().min(1),
  unitPrice: NonNegativeMoney,
  quantity: Quantity,
  subtotal: NonNegativeMoney,
  lineDiscount: NonNegativeMoney,
  /** This line's share of the order-level discounts, allocated in proportion to the lines' amounts. */
  orderDiscountShare: NonNegativeMoney,
  net: NonNegativeMoney,
});
export type PlacedOrderLine = z.infer<typeof PlacedOrderLine>;

/**
 * Where the order was placed from, for risk rules and channel reports. Never a raw IP address (personal data):
 * `ipHash` is a keyed hash the API layer computes (`risk.clientIpHasher`), so the log cannot be reversed by
 * hashing every address.
 */
export const OrderClient = z.strictObject({
  channel: z.enum(['web', 'app', 'mini_program', 'api']),
  /** The app's or browser's own install id, as the client reports it. */
  deviceId: z.string().min(1).max(200).optional(),
  /** Lower-case hex of a keyed hash (HMAC-SHA256) of the client's IP address. */
  ipHash: z.string().regex(/^[0-9a-f]{32,128}$/, 'a keyed hash of the IP address, never the address').optional(),
});
export type OrderClient = z.infer<typeof OrderClient>;

export const OrderDiscount = z.strictObject({
  promotionId: Id,
  /** The coupon code the customer entered, when there was one. */
  code: z.string().min(1).optional(),
  amount: NonNegativeMoney,
});
export type OrderDiscount = z.infer<typeof OrderDiscount>;

/** Who decided about a risk hold: a member of staff, or the automatic risk policy with its score. */
export const RiskDecisionMaker = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('staff'), staffId: Id }),
  z.strictObject({ kind: z.literal('policy'), policyId: Id, score: z.number().min(0).max(100).optional() }),
]);
export type RiskDecisionMaker = z.infer<typeof RiskDecisionMaker>;

export const CancellationReason = z.enum(['customer_request', 'payment_timeout', 'out_of_stock', 'staff_decision']);
export type CancellationReason = z.infer<typeof CancellationReason>;

export const OrderActor = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('customer'), customerId: Id }),
  z.strictObject({ kind: z.literal('staff'), staffId: Id }),
  z.strictObject({ kind: z.literal('system') }),
]);
export type OrderActor = z.infer<typeof OrderActor>;

export const LineQuantity = z.strictObject({ lineId: Id, quantity: Quantity });
export type LineQuantity = z.infer<typeof LineQuantity>;

export const OrderPlaced = defineEvent(
  'OrderPlaced',
  z.strictObject({
    orderId: Id,
    customerId: Id,
    /** The cart the order was placed from, when it came from one. */
    cartId: Id.optional(),
    currency: Currency,
    lines: z.array(PlacedOrderLine).min(1),
    discounts: z.array(OrderDiscount),
    shippingFee: NonNegativeMoney,
    itemsSubtotal: NonNegativeMoney,
    discountTotal: NonNegativeMoney,
    total: NonNegativeMoney,
    address: AddressSnapshot,
    placedAt: Instant,
    /** After this instant an unpaid order may be cancelled for payment timeout. */
    paymentDueAt: Instant,
    /** Days after the last shipment after which receipt is confirmed automatically. */
    autoConfirmReceiptAfterDays: z.number().int().positive(),
    /** Where the order was placed from; absent on orders placed before it was recorded. */
    client: OrderClient.optional(),
  }),
);

export const OrderPaid = defineEvent(
  'OrderPaid',
  z.strictObject({ orderId: Id, paymentId: Id, amount: NonNegativeMoney, paidAt: Instant }),
);

export const OrderPutOnRiskHold = defineEvent(
  'OrderPutOnRiskHold',
  z.strictObject({ orderId: Id, reason: z.string().min(1), decidedBy: RiskDecisionMaker, heldAt: Instant }),
);

export const OrderRiskHoldReleased = defineEvent(
  'OrderRiskHoldReleased',
  z.strictObject({ orderId: Id, note: z.string().optional(), decidedBy: RiskDecisionMaker, releasedAt: Instant }),
);

export const OrderRejectedForRisk = defineEvent(
  'OrderRejectedForRisk',
  z.strictObject({
    orderId: Id,
    reason: z.string().min(1),
    decidedBy: RiskDecisionMaker,
    /** What the customer paid and must get back; the refund itself is recorded when it happens. */
    refundDue: NonNegativeMoney,
    rejectedAt: Instant,
  }),
);

export const OrderCancelled = defineEvent(
  'OrderCancelled',
  z.strictObject({
    orderId: Id,
    reason: CancellationReason,
    cancelledBy: OrderActor,
    note: z.string().optional(),
    refundDue: NonNegativeMoney,
    cancelledAt: Instant,
  }),
);

/**
 * A waybill was booked for these lines: they are the parcel's now, though the carrier has not scanned it yet.
 * Booked lines count against what is left to ship, and an order with a booking can no longer be cancelled.
 */
export const OrderShipmentBooked = defineEvent(
  'OrderShipmentBooked',
  z.strictObject({ orderId: Id, shipmentId: Id, lines: z.array(LineQuantity).min(1), bookedAt: Instant }),
);

/** The booking was called off before the carrier took the parcel (the carrier refused it, or the shipment was cancelled). */
export const OrderShipmentBookingReleased = defineEvent(
  'OrderShipmentBookingReleased',
  z.strictObject({ orderId: Id, shipmentId: Id, reason: z.string().min(1), releasedAt: Instant }),
);

export const OrderLinesShipped = defineEvent(
  'OrderLinesShipped',
  z.strictObject({
    orderId: Id,
    shipmentId: Id,
    lines: z.array(LineQuantity).min(1),
    /** Whether every unit of every line has now been shipped (the order becomes `shipped`, else `partially_shipped`). */
    allShipped: z.boolean(),
    /**
     * Version 2: when the carrier first scanned the parcel, by the carrier's clock (never ahead of the recording).
     * Version 1 held the time the shop recorded the shipment, however late it heard of the scan; the carrier's
     * time was not kept, so those events read on unchanged: their `shippedAt` is at or after the real scan.
     */
    shippedAt: Instant,
  }),
  // The payload keeps its shape; the version says which meaning a stored `shippedAt` has (raw reads keep it).
  { version: 2, upcasters: { 1: (data: unknown) => data } },
);

/**
 * A parcel the order recorded as shipped left earlier than recorded: the carrier's earliest scan reached the shop
 * only after a later one (out of order, in separate pushes). `shippedAt` is that earlier scan, by the carrier's
 * clock; the order takes the earliest first scan it learns of.
 */
export const OrderShipTimeCorrected = defineEvent(
  'OrderShipTimeCorrected',
  z.strictObject({ orderId: Id, shipmentId: Id, shippedAt: Instant, correctedAt: Instant }),
);

export const OrderLinesDelivered = defineEvent(
  'OrderLinesDelivered',
  z.strictObject({
    orderId: Id,
    shipmentId: Id,
    lines: z.array(LineQuantity).min(1),
    /** Whether every unit of every line has now been delivered (the order becomes `delivered`). */
    allDelivered: z.boolean(),
    /**
     * Version 2: when the carrier delivered the parcel (its `ShipmentDelivered`), by the carrier's clock (never ahead
     * of the recording). Version 1 held the time the shop recorded the delivery, however late it heard of it (a late
     * push, an order released from a risk hold); the carrier's time was not kept, so those events read on unchanged:
     * their `deliveredAt` is at or after the real delivery.
     */
    deliveredAt: Instant,
  }),
  // The payload keeps its shape; the version says which meaning a stored `deliveredAt` has (raw reads keep it).
  { version: 2, upcasters: { 1: (data: unknown) => data } },
);

export const OrderReceiptConfirmed = defineEvent(
  'OrderReceiptConfirmed',
  z.strictObject({
    orderId: Id,
    confirmedBy: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('customer'), customerId: Id }),
      z.strictObject({ kind: z.literal('automatic') }),
    ]),
    confirmedAt: Instant,
  }),
);

export const OrderRefundRecorded = defineEvent(
  'OrderRefundRecorded',
  z.strictObject({
    orderId: Id,
    refundId: Id,
    amount: NonNegativeMoney,
    reason: z.string().min(1),
    /** The line refunded, when the refund is for one line (after-sales returns); absent for whole-order refunds. */
    lineId: Id.optional(),
    recordedAt: Instant,
  }),
);

/** Every ordering event type, for the event store's registry. */
export const orderingEvents = [
  OrderPlaced,
  OrderPaid,
  OrderPutOnRiskHold,
  OrderRiskHoldReleased,
  OrderRejectedForRisk,
  OrderCancelled,
  OrderShipmentBooked,
  OrderShipmentBookingReleased,
  OrderLinesShipped,
  OrderShipTimeCorrected,
  OrderLinesDelivered,
  OrderReceiptConfirmed,
  OrderRefundRecorded,
] as const;

export type OrderingEvent = EventOf<(typeof orderingEvents)[number]>;
export type OrderingEventType = OrderingEvent['type'];
