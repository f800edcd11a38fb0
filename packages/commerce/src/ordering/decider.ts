import { streamName } from '@shopstream/kernel';
import type { Decider, DecisionContext } from '@shopstream/kernel';
import * as E from 'fp-ts/Either';
import type { Either } from 'fp-ts/Either';
import { match } from 'ts-pattern';
import type { OrderingCommand } from './commands.js';
import type { OrderingError } from './errors.js';
import type { LineQuantity, OrderingEvent } from './events.js';
import { priceOrder } from './pricing.js';
import type { PricedOrder } from './pricing.js';
import { evolveOrder, initialOrderState, isPlaced } from './state.js';
import type { OrderState, PlacedOrderState } from './state.js';
import { canTransition } from './status.js';
import type { OrderStatus } from './status.js';

type Decision = Either<OrderingError, readonly OrderingEvent[]>;
type Data<T extends OrderingCommand['type']> = Extract<OrderingCommand, { type: T }>['data'];

const DAY_MS = 86_400_000;
const unchanged: Decision = E.right([]);

const placed = (state: OrderState, orderId: string): Either<OrderingError, PlacedOrderState> => {
  if (!isPlaced(state)) return E.left({ _tag: 'OrderNotFound', orderId });
  if (state.orderId !== orderId) return E.left({ _tag: 'OrderIdMismatch', orderId: state.orderId, commandOrderId: orderId });
  return E.right(state);
};

const transition = (order: PlacedOrderState, to: OrderStatus): Either<OrderingError, PlacedOrderState> =>
  canTransition(order.status, to) ? E.right(order) : E.left({ _tag: 'InvalidOrderTransition', orderId: order.orderId, from: order.status, to });

/** Same lines in any order: a redelivered shipment or delivery report is then recognised as the same one. */
const sameLines = (a: readonly LineQuantity[], b: readonly LineQuantity[]): boolean => {
  const key = (lines: readonly LineQuantity[]) =>
    lines
      .map((l) => `${l.lineId}\u0000${l.quantity}`)
      .sort()
      .join('\u0001');
  return key(a) === key(b);
};

const repeatedLine = (lines: readonly LineQuantity[]): string | undefined =>
  lines.find((line, i) => lines.findIndex((other) => other.lineId === line.lineId) !== i)?.lineId;

const placeOrder = (data: Data<'PlaceOrder'>, state: OrderState, { now }: DecisionContext): Decision => {
  if (isPlaced(state)) return E.left({ _tag: 'OrderAlreadyPlaced', orderId: state.orderId });
  if (new Date(data.paymentDueAt).getTime() <= now.getTime()) {
    return E.left({ _tag: 'PaymentDueDateNotInFuture', paymentDueAt: data.paymentDueAt, now: now.toISOString() });
  }
  return E.map((priced: PricedOrder): readonly OrderingEvent[] => [
    {
      type: 'OrderPlaced',
      data: {
        orderId: data.orderId,
        customerId: data.customerId,
        ...(data.cartId === undefined ? {} : { cartId: data.cartId }),
        currency: data.currency,
        lines: [...priced.lines],
        discounts: data.discounts,
        shippingFee: data.shippingFee,
        itemsSubtotal: priced.itemsSubtotal,
        discountTotal: priced.discountTotal,
        total: priced.total,
        address: data.address,
        placedAt: now.toISOString(),
        paymentDueAt: data.paymentDueAt,
        autoConfirmReceiptAfterDays: data.autoConfirmReceiptAfterDays,
      },
    },
  ])(priceOrder(data.currency, data.lines, data.discounts, data.shippingFee));
};

const recordPayment = (data: Data<'RecordOrderPayment'>, state: OrderState, { now }: DecisionContext): Decision => {
  const found = placed(state, data.orderId);
  if (E.isLeft(found)) return found;
  const order = found.right;
  // The payment context redelivers captures; the same payment twice is one payment.
  if (order.payment?.paymentId === data.paymentId) return unchanged;
  if (order.payment) {
    return E.left({ _tag: 'OrderAlreadyPaid', orderId: order.orderId, paymentId: order.payment.paymentId, attemptedPaymentId: data.paymentId });
  }
  const allowed = transition(order, 'paid');
  if (E.isLeft(allowed)) return allowed;
  if (data.amount.currency !== order.currency || data.amount.amount !== order.total.amount) {
    return E.left({ _tag: 'PaymentAmountMismatch', orderId: order.orderId, expected: order.total, received: data.amount });
  }
  return E.right([{ type: 'OrderPaid', data: { orderId: order.orderId, paymentId: data.paymentId, amount: data.amount, paidAt: now.toISOString() } }]);
};

const putOnRiskHold = (data: Data<'PutOrderOnRiskHold'>, state: OrderState, { now }: DecisionContext): Decision =>
  E.map((order: PlacedOrderState): readonly OrderingEvent[] => [
    { type: 'OrderPutOnRiskHold', data: { orderId: order.orderId, reason: data.reason, decidedBy: data.decidedBy, heldAt: now.toISOString() } },
  ])(E.chain((order: PlacedOrderState) => transition(order, 'on_risk_hold'))(placed(state, data.orderId)));

const onRiskHold = (state: OrderState, orderId: string): Either<OrderingError, PlacedOrderState> =>
  E.chain((order: PlacedOrderState): Either<OrderingError, PlacedOrderState> =>
    order.status === 'on_risk_hold' ? E.right(order) : E.left({ _tag: 'OrderNotOnRiskHold', orderId: order.orderId, status: order.status }),
  )(placed(state, orderId));

const releaseRiskHold = (data: Data<'ReleaseOrderRiskHold'>, state: OrderState, { now }: DecisionContext): Decision =>
  E.map((order: PlacedOrderState): readonly OrderingEvent[] => [
    {
      type: 'OrderRiskHoldReleased',
      data: { orderId: order.orderId, ...(data.note === undefined ? {} : { note: data.note }), decidedBy: data.decidedBy, releasedAt: now.toISOString() },
    },
  ])(onRiskHold(state, data.orderId));

const rejectForRisk = (data: Data<'RejectOrderForRisk'>, state: OrderState, { now }: DecisionContext): Decision =>
  E.map((order: PlacedOrderState): readonly OrderingEvent[] => [
    {
      type: 'OrderRejectedForRisk',
      data: { orderId: order.orderId, reason: data.reason, decidedBy: data.decidedBy, refundDue: order.ledger.balance, rejectedAt: now.toISOString() },
    },
  ])(onRiskHold(state, data.orderId));

const cancelOrder = (data: Data<'CancelOrder'>, state: OrderState, { now }: DecisionContext): Decision => {
  const found = E.chain((order: PlacedOrderState) => transition(order, 'cancelled'))(placed(state, data.orderId));
  if (E.isLeft(found)) return found;
  const order = found.right;
  const by = data.cancelledBy;
  if (by.kind === 'customer' && by.customerId !== order.customerId) {
    return E.left({ _tag: 'NotOrderCustomer', orderId: order.orderId, customerId: by.customerId });
  }
  const notApplicable: OrderingError = { _tag: 'CancellationReasonNotApplicable', orderId: order.orderId, reason: data.reason, status: order.status };
  // A customer may only withdraw; the other reasons are the shop's to give.
  if ((by.kind === 'customer') !== (data.reason === 'customer_request')) return E.left(notApplicable);
  if (data.reason === 'payment_timeout') {
    if (order.status !== 'awaiting_payment') return E.left(notApplicable);
    if (now.getTime() < new Date(order.paymentDueAt).getTime()) {
      return E.left({ _tag: 'PaymentNotOverdue', orderId: order.orderId, paymentDueAt: order.paymentDueAt });
    }
  }
  return E.right([
    {
      type: 'OrderCancelled',
      data: {
        orderId: order.orderId,
        reason: data.reason,
        cancelledBy: by,
        ...(data.note === undefined ? {} : { note: data.note }),
        refundDue: order.ledger.balance,
        cancelledAt: now.toISOString(),
      },
    },
  ]);
};

const recordShipment = (data: Data<'RecordOrderShipment'>, state: OrderState, { now }: DecisionContext): Decision => {
  const found = placed(state, data.orderId);
  if (E.isLeft(found)) return found;
  const order = found.right;
  const earlier = order.shipments.find((s) => s.shipmentId === data.shipmentId);
  if (earlier) return sameLines(earlier.lines, data.lines) ? unchanged : E.left({ _tag: 'ShipmentAlreadyRecorded', shipmentId: data.shipmentId });
  const repeated = repeatedLine(data.lines);
  if (repeated !== undefined) return E.left({ _tag: 'RepeatedOrderLine', lineId: repeated });

  const requested = (lineId: string) => data.lines.find((l) => l.lineId === lineId)?.quantity ?? 0;
  const allShipped = order.lines.every((line) => line.quantityShipped + requested(line.lineId) >= line.quantity);
  const target: OrderStatus = allShipped ? 'shipped' : 'partially_shipped';
  if (order.status !== target) {
    const allowed = transition(order, target);
    if (E.isLeft(allowed)) return allowed;
  }
  for (const item of data.lines) {
    const line = order.lines.find((l) => l.lineId === item.lineId);
    if (!line) return E.left({ _tag: 'UnknownOrderLine', orderId: order.orderId, lineId: item.lineId });
    if (line.quantityShipped + item.quantity > line.quantity) {
      return E.left({
        _tag: 'ShipmentExceedsOrdered',
        lineId: line.lineId,
        ordered: line.quantity,
        alreadyShipped: line.quantityShipped,
        requested: item.quantity,
      });
    }
  }
  return E.right([
    { type: 'OrderLinesShipped', data: { orderId: order.orderId, shipmentId: data.shipmentId, lines: data.lines, allShipped, shippedAt: now.toISOString() } },
  ]);
};

const recordDelivery = (data: Data<'RecordOrderDelivery'>, state: OrderState, { now }: DecisionContext): Decision => {
  const found = placed(state, data.orderId);
  if (E.isLeft(found)) return found;
  const order = found.right;
  const earlier = order.deliveries.find((d) => d.shipmentId === data.shipmentId);
  if (earlier) return sameLines(earlier.lines, data.lines) ? unchanged : E.left({ _tag: 'DeliveryAlreadyRecorded', shipmentId: data.shipmentId });
  const shipment = order.shipments.find((s) => s.shipmentId === data.shipmentId);
  if (!shipment) return E.left({ _tag: 'UnknownShipment', orderId: order.orderId, shipmentId: data.shipmentId });
  // Receipt confirmation already counted every shipped unit as delivered; a late carrier report adds nothing.
  if (order.status === 'completed') return unchanged;
  const repeated = repeatedLine(data.lines);
  if (repeated !== undefined) return E.left({ _tag: 'RepeatedOrderLine', lineId: repeated });
  for (const item of data.lines) {
    const inShipment = shipment.lines.find((l) => l.lineId === item.lineId)?.quantity ?? 0;
    if (item.quantity > inShipment) {
      return E.left({ _tag: 'DeliveryExceedsShipment', shipmentId: shipment.shipmentId, lineId: item.lineId, inShipment, requested: item.quantity });
    }
  }
  const requested = (lineId: string) => data.lines.find((l) => l.lineId === lineId)?.quantity ?? 0;
  const allDelivered = order.lines.every((line) => line.quantityDelivered + requested(line.lineId) >= line.quantity);
  if (allDelivered && order.status !== 'delivered') {
    const allowed = transition(order, 'delivered');
    if (E.isLeft(allowed)) return allowed;
  }
  return E.right([
    { type: 'OrderLinesDelivered', data: { orderId: order.orderId, shipmentId: data.shipmentId, lines: data.lines, allDelivered, deliveredAt: now.toISOString() } },
  ]);
};

const confirmReceipt = (data: Data<'ConfirmOrderReceipt'>, state: OrderState, { now }: DecisionContext): Decision => {
  const found = placed(state, data.orderId);
  if (E.isLeft(found)) return found;
  const order = found.right;
  const by = data.confirmedBy;
  if (by.kind === 'customer' && by.customerId !== order.customerId) {
    return E.left({ _tag: 'NotOrderCustomer', orderId: order.orderId, customerId: by.customerId });
  }
  // A second confirmation (a double click, the timer firing after the customer confirmed) changes nothing.
  if (order.status === 'completed') return unchanged;
  const allowed = transition(order, 'completed');
  if (E.isLeft(allowed)) return allowed;
  if (by.kind === 'automatic') {
    const dueAt = order.fullyShippedAt === null ? null : new Date(new Date(order.fullyShippedAt).getTime() + order.autoConfirmReceiptAfterDays * DAY_MS);
    if (dueAt === null || now.getTime() < dueAt.getTime()) {
      return E.left({ _tag: 'ReceiptAutoConfirmationNotDue', orderId: order.orderId, dueAt: dueAt?.toISOString() ?? null });
    }
  }
  return E.right([{ type: 'OrderReceiptConfirmed', data: { orderId: order.orderId, confirmedBy: by, confirmedAt: now.toISOString() } }]);
};

const recordRefund = (data: Data<'RecordOrderRefund'>, state: OrderState, { now }: DecisionContext): Decision => {
  const found = placed(state, data.orderId);
  if (E.isLeft(found)) return found;
  const order = found.right;
  const earlier = order.refunds.find((r) => r.refundId === data.refundId);
  if (earlier) {
    const same = earlier.amount.amount === data.amount.amount && earlier.amount.currency === data.amount.currency && earlier.lineId === (data.lineId ?? null);
    return same ? unchanged : E.left({ _tag: 'RefundAlreadyRecorded', refundId: data.refundId });
  }
  if (data.amount.currency !== order.currency) return E.left({ _tag: 'CurrencyMismatch', expected: order.currency, received: data.amount.currency });
  if (data.amount.amount <= 0) return E.left({ _tag: 'RefundAmountNotPositive', requested: data.amount });
  if (data.amount.amount > order.ledger.balance.amount) {
    return E.left({ _tag: 'RefundExceedsBalance', orderId: order.orderId, requested: data.amount, refundable: order.ledger.balance });
  }
  if (data.lineId !== undefined) {
    const line = order.lines.find((l) => l.lineId === data.lineId);
    if (!line) return E.left({ _tag: 'UnknownOrderLine', orderId: order.orderId, lineId: data.lineId });
    const refundable = { amount: line.net.amount - line.refunded.amount, currency: order.currency };
    if (data.amount.amount > refundable.amount) return E.left({ _tag: 'LineRefundExceedsNet', lineId: line.lineId, requested: data.amount, refundable });
  }
  return E.right([
    {
      type: 'OrderRefundRecorded',
      data: {
        orderId: order.orderId,
        refundId: data.refundId,
        amount: data.amount,
        reason: data.reason,
        ...(data.lineId === undefined ? {} : { lineId: data.lineId }),
        recordedAt: now.toISOString(),
      },
    },
  ]);
};

const decideOrder = (command: OrderingCommand, state: OrderState, context: DecisionContext): Decision =>
  match(command)
    .with({ type: 'PlaceOrder' }, ({ data }) => placeOrder(data, state, context))
    .with({ type: 'RecordOrderPayment' }, ({ data }) => recordPayment(data, state, context))
    .with({ type: 'PutOrderOnRiskHold' }, ({ data }) => putOnRiskHold(data, state, context))
    .with({ type: 'ReleaseOrderRiskHold' }, ({ data }) => releaseRiskHold(data, state, context))
    .with({ type: 'RejectOrderForRisk' }, ({ data }) => rejectForRisk(data, state, context))
    .with({ type: 'CancelOrder' }, ({ data }) => cancelOrder(data, state, context))
    .with({ type: 'RecordOrderShipment' }, ({ data }) => recordShipment(data, state, context))
    .with({ type: 'RecordOrderDelivery' }, ({ data }) => recordDelivery(data, state, context))
    .with({ type: 'ConfirmOrderReceipt' }, ({ data }) => confirmReceipt(data, state, context))
    .with({ type: 'RecordOrderRefund' }, ({ data }) => recordRefund(data, state, context))
    .exhaustive();

/** The order aggregate, one stream per order: `order-<orderId>`. */
export const orderDecider: Decider<OrderState, OrderingCommand, OrderingEvent, OrderingError> = {
  initialState: initialOrderState,
  evolve: evolveOrder,
  decide: decideOrder,
};

/** The stream an order lives in. */
export const orderStream = (orderId: string): string => streamName('order', orderId);
