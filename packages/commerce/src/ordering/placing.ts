import * as E from 'fp-ts/lib/Either.js';
import { placed, transition, unchanged } from './checks.js';
import type { Decide } from './checks.js';
import type { OrderingError } from './errors.js';
import type { OrderingEvent } from './events.js';
import { priceOrder } from './pricing.js';
import type { PricedOrder } from './pricing.js';
import { isPlaced } from './state.js';
import type { PlacedOrderState } from './state.js';

/** Placing, paying and cancelling: an order's life before anything ships. */
export const placeOrder: Decide<'PlaceOrder'> = (data, state, { now }) => {
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
        ...(data.client === undefined ? {} : { client: data.client }),
      },
    },
  ])(priceOrder(data.currency, data.lines, data.discounts, data.shippingFee));
};

export const recordPayment: Decide<'RecordOrderPayment'> = (data, state, { now }) => {
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

export const cancelOrder: Decide<'CancelOrder'> = (data, state, { now }) => {
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
