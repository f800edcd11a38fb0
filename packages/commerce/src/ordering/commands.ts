import { z } from 'zod';
import { Currency, NonNegativeMoney } from '../shared/money.js';
import { AddressSnapshot, CancellationReason, LineQuantity, OrderActor, OrderClient, OrderDiscount, RiskDecisionMaker } from './events.js';

const Id = z.string().min(1);

/**
 * Commands carry every outside fact the decision needs (prices and discounts as the cart and promotions
 * computed them, the payment the payment context captured, the shipment the carrier took), so the decider
 * stays a pure function of the command, the order's history and the time.
 */
export const OrderLineInput = z.strictObject({
  lineId: Id,
  productId: Id,
  sku: Id,
  title: z.string().min(1),
  unitPrice: NonNegativeMoney,
  quantity: z.number().int().positive(),
  /** The line-level promotions' total for this line (not per unit). */
  discount: NonNegativeMoney,
});
export type OrderLineInput = z.infer<typeof OrderLineInput>;

export const PlaceOrder = z.strictObject({
  type: z.literal('PlaceOrder'),
  data: z.strictObject({
    orderId: Id,
    customerId: Id,
    cartId: Id.optional(),
    currency: Currency,
    lines: z.array(OrderLineInput).min(1),
    discounts: z.array(OrderDiscount).default([]),
    shippingFee: NonNegativeMoney,
    address: AddressSnapshot,
    paymentDueAt: z.iso.datetime(),
    autoConfirmReceiptAfterDays: z.number().int().positive().default(10),
    client: OrderClient.optional(),
  }),
});

export const RecordOrderPayment = z.strictObject({
  type: z.literal('RecordOrderPayment'),
  data: z.strictObject({ orderId: Id, paymentId: Id, amount: NonNegativeMoney }),
});

export const PutOrderOnRiskHold = z.strictObject({
  type: z.literal('PutOrderOnRiskHold'),
  data: z.strictObject({ orderId: Id, reason: z.string().min(1), decidedBy: RiskDecisionMaker }),
});

export const ReleaseOrderRiskHold = z.strictObject({
  type: z.literal('ReleaseOrderRiskHold'),
  data: z.strictObject({ orderId: Id, note: z.string().optional(), decidedBy: RiskDecisionMaker }),
});

export const RejectOrderForRisk = z.strictObject({
  type: z.literal('RejectOrderForRisk'),
  data: z.strictObject({ orderId: Id, reason: z.string().min(1), decidedBy: RiskDecisionMaker }),
});

export const CancelOrder = z.strictObject({
  type: z.literal('CancelOrder'),
  data: z.strictObject({ orderId: Id, reason: CancellationReason, cancelledBy: OrderActor, note: z.string().optional() }),
});

/** Reserves lines for a parcel before its waybill is booked, so two bookings can never take the same units. */
export const BookOrderShipment = z.strictObject({
  type: z.literal('BookOrderShipment'),
  data: z.strictObject({ orderId: Id, shipmentId: Id, lines: z.array(LineQuantity).min(1) }),
});

export const ReleaseOrderShipmentBooking = z.strictObject({
  type: z.literal('ReleaseOrderShipmentBooking'),
  data: z.strictObject({ orderId: Id, shipmentId: Id, reason: z.string().min(1) }),
});

export const RecordOrderShipment = z.strictObject({
  type: z.literal('RecordOrderShipment'),
  data: z.strictObject({
    orderId: Id,
    shipmentId: Id,
    lines: z.array(LineQuantity).min(1),
    /** When the carrier first scanned the parcel (the earliest event of its timeline); the ship time is this. Absent: now. */
    shippedAt: z.iso.datetime().optional(),
  }),
});

export const RecordOrderDelivery = z.strictObject({
  type: z.literal('RecordOrderDelivery'),
  data: z.strictObject({
    orderId: Id,
    shipmentId: Id,
    lines: z.array(LineQuantity).min(1),
    /** When the carrier delivered (its `ShipmentDelivered`); the windows after delivery count from here. Absent: now. */
    deliveredAt: z.iso.datetime().optional(),
  }),
});

export const ConfirmOrderReceipt = z.strictObject({
  type: z.literal('ConfirmOrderReceipt'),
  data: z.strictObject({
    orderId: Id,
    confirmedBy: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('customer'), customerId: Id }),
      z.strictObject({ kind: z.literal('automatic') }),
    ]),
  }),
});

export const RecordOrderRefund = z.strictObject({
  type: z.literal('RecordOrderRefund'),
  data: z.strictObject({ orderId: Id, refundId: Id, amount: NonNegativeMoney, reason: z.string().min(1), lineId: Id.optional() }),
});

export const OrderingCommand = z.discriminatedUnion('type', [
  PlaceOrder,
  RecordOrderPayment,
  PutOrderOnRiskHold,
  ReleaseOrderRiskHold,
  RejectOrderForRisk,
  CancelOrder,
  BookOrderShipment,
  ReleaseOrderShipmentBooking,
  RecordOrderShipment,
  RecordOrderDelivery,
  ConfirmOrderReceipt,
  RecordOrderRefund,
]);
/** A command as the decider takes it: after parsing, so defaults are filled in. */
export type OrderingCommand = z.output<typeof OrderingCommand>;
/** A command as a caller may write it, before defaults. */
export type OrderingCommandInput = z.input<typeof OrderingCommand>;
