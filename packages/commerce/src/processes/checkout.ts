import { defineReactor } from '@shopstream/kernel';
import type { EventOf, HandleOptions, Reactor, TimeoutEvent } from '@shopstream/kernel';
import { inventoryStream } from '../inventory/index.js';
import { isPlaced, orderStream } from '../ordering/index.js';
import type { CancellationReason, OrderingEvent, OrderPlaced, PlacedOrderState } from '../ordering/index.js';
import type { PaymentEvent } from '../payment/index.js';
import { isOpen } from '../payment/index.js';
import { couponStream } from '../promotion/index.js';
import type { ProcessConfig } from './config.js';
import { lateReservationIdFor, paymentExpiryTimeoutId, reservationIdFor, reversalRefundId } from './ids.js';
import { releaseCoupons, releaseStock } from './giveBack.js';
import { settle } from './outcome.js';
import type { ProcessPorts } from './ports.js';
import { causedBy } from './ports.js';

export const CHECKOUT = 'checkout';
export const PAYMENT_EXPIRY = 'payment-expiry';

export type CheckoutEvent = OrderingEvent | PaymentEvent | TimeoutEvent;

/** How many orders the checkout process works on at once. */
export const CHECKOUT_CONCURRENCY = 16;

/** The order an event of the checkout process is about; null (handled alone) for a timeout of another kind. */
export const checkoutPartition = (event: { readonly type: string; readonly data: unknown }): string | null => {
  const data = event.data as { readonly orderId?: unknown; readonly payload?: { readonly orderId?: unknown } };
  const orderId = event.type === 'TimeoutFired' ? data.payload?.orderId : data.orderId;
  return typeof orderId === 'string' ? orderId : null;
};

/**
 * The checkout saga. An order placed reserves its stock line by line, redeems its coupons and sets the
 * payment deadline; paid, it commits the stock and clears the deadline; cancelled (payment timeout, out of
 * stock, a coupon gone, the customer), it hands back stock and coupons and voids any payment still open.
 * A payment captured for an order that can no longer take it is refunded.
 */
export const checkoutProcess = (ports: ProcessPorts, config: ProcessConfig): Reactor<CheckoutEvent> => {
  const { handlers, read, scheduler, payments } = ports;

  const cancel = async (orderId: string, reason: CancellationReason, note: string, options: HandleOptions): Promise<void> => {
    const result = await handlers.orders(orderStream(orderId), { type: 'CancelOrder', data: { orderId, reason, cancelledBy: { kind: 'system' }, note } }, options);
    // Already cancelled, or shipped meanwhile: the order has moved past where cancelling it made sense.
    settle(CHECKOUT, 'CancelOrder', result, ['InvalidOrderTransition', 'CancellationReasonNotApplicable']);
  };

  /** Reserves every line; on the first line out of stock, cancels the order (the cancellation releases the rest). */
  const reserveLines = async (order: PlacedOrderState, options: HandleOptions): Promise<boolean> => {
    const expiresAt = new Date(Date.parse(order.paymentDueAt) + config.reservationGraceMs).toISOString();
    for (const line of order.lines) {
      const result = await handlers.inventory(
        inventoryStream(line.sku),
        { type: 'ReserveStock', sku: line.sku, reservationId: reservationIdFor(order.orderId, line.lineId), orderId: order.orderId, quantity: line.quantity, expiresAt },
        options,
      );
      // Closed: reserved and already released or committed by a later step. Expiry past: the reaction ran too late
      // to matter, and the payment timeout cancels the order.
      const outcome = settle(CHECKOUT, 'ReserveStock', result, ['OutOfStock', 'StockReservationClosed', 'StockReservationExpiryNotInFuture']);
      if (!outcome.done && outcome.refusal._tag === 'OutOfStock') {
        await cancel(order.orderId, 'out_of_stock', `${line.sku}: ${outcome.refusal.requested} requested, ${outcome.refusal.available} available`, options);
        return false;
      }
    }
    return true;
  };

  /** `placed` is the OrderPlaced being reacted to: what the order was placed with, without reading it back. */
  const redeemCoupons = async (order: PlacedOrderState, placed: EventOf<typeof OrderPlaced>['data'], options: HandleOptions): Promise<void> => {
    // Coupons apply to what the items cost after their own line discounts, as the cart evaluated them.
    const subtotal = { amount: placed.lines.reduce((total, l) => total + l.subtotal.amount - l.lineDiscount.amount, 0), currency: placed.currency };
    for (const discount of placed.discounts) {
      if (discount.code === undefined) continue;
      const result = await handlers.coupons(
        couponStream(discount.code),
        { type: 'RedeemCoupon', code: discount.code, orderId: order.orderId, userId: order.customerId, subtotal },
        options,
      );
      const outcome = settle(CHECKOUT, 'RedeemCoupon', result, ['CouponNotApplicable', 'CouponNotFound', 'CouponRedemptionAlreadyReleased']);
      if (!outcome.done && outcome.refusal._tag !== 'CouponRedemptionAlreadyReleased') {
        // The discount is in the price; an order whose coupon ran out (or vanished) since the cart cannot keep it.
        const why = outcome.refusal._tag === 'CouponNotApplicable' ? outcome.refusal.reason : outcome.refusal._tag;
        await cancel(order.orderId, 'staff_decision', `coupon ${discount.code} no longer applies: ${why}`, options);
        return;
      }
    }
  };

  /** Commits each line's reservation; a line whose reservation is gone is reserved again and committed, or the paid order is cancelled (and so refunded). */
  const commitLines = async (order: PlacedOrderState, now: Date, options: HandleOptions): Promise<void> => {
    for (const line of order.lines) {
      const commit = async (reservationId: string) =>
        settle(
          CHECKOUT,
          'CommitReservation',
          await handlers.inventory(inventoryStream(line.sku), { type: 'CommitReservation', sku: line.sku, reservationId }, options),
          ['StockReservationNotFound', 'StockReservationClosed'],
        );
      const first = await commit(reservationIdFor(order.orderId, line.lineId));
      if (first.done || (first.refusal._tag === 'StockReservationClosed' && first.refusal.outcome === 'committed')) continue;
      const late = lateReservationIdFor(order.orderId, line.lineId);
      const reserved = await handlers.inventory(
        inventoryStream(line.sku),
        {
          type: 'ReserveStock',
          sku: line.sku,
          reservationId: late,
          orderId: order.orderId,
          quantity: line.quantity,
          expiresAt: new Date(now.getTime() + config.reservationGraceMs).toISOString(),
        },
        options,
      );
      const again = settle(CHECKOUT, 'ReserveStock', reserved, ['OutOfStock', 'StockReservationClosed']);
      if (!again.done && again.refusal._tag === 'OutOfStock') {
        await cancel(order.orderId, 'out_of_stock', `${line.sku} sold out before the payment arrived`, options);
        return;
      }
      const second = await commit(late);
      if (!second.done && !(second.refusal._tag === 'StockReservationClosed' && second.refusal.outcome === 'committed')) {
        throw new Error(`${CHECKOUT}: the late reservation of ${line.sku} for order ${order.orderId} could not be committed`);
      }
    }
  };

  /** What an order that will not go ahead holds: its stock, its coupons and any payment still open. */
  const giveBack = async (orderId: string, reason: string, options: HandleOptions): Promise<void> => {
    const order = await loadPlaced(orderId);
    if (!order) return;
    await releaseStock(ports, order, reason, options);
    await releaseCoupons(ports, orderId, reason, options);
    await payments.voidOpenAttempts(orderId, reason, options);
  };

  const loadPlaced = async (orderId: string): Promise<PlacedOrderState | null> => {
    const order = await read.order(orderId);
    return isPlaced(order) ? order : null;
  };

  return defineReactor<CheckoutEvent>({
    name: CHECKOUT,
    // Orders do not wait for each other: each order's events in order, different orders side by side. Orders
    // share only stock and coupon streams, whose commands the store still decides one at a time.
    partitions: { key: checkoutPartition, maxConcurrent: CHECKOUT_CONCURRENCY },
    handlers: {
      OrderPlaced: async (event) => {
        const options = causedBy(event, CHECKOUT);
        const order = await loadPlaced(event.data.orderId);
        // Cancelled before we got here: the cancellation has nothing of ours to give back.
        if (!order || order.status === 'cancelled') return;
        if (order.status === 'awaiting_payment') {
          const scheduled = await scheduler.schedule(
            { timeoutId: paymentExpiryTimeoutId(order.orderId), kind: PAYMENT_EXPIRY, due: order.paymentDueAt, payload: { orderId: order.orderId } },
            options,
          );
          settle(CHECKOUT, 'ScheduleTimeout', scheduled, []);
        }
        if (await reserveLines(order, options)) await redeemCoupons(order, event.data, options);
      },

      TimeoutFired: async (event) => {
        if (event.data.kind !== PAYMENT_EXPIRY) return;
        const orderId = event.data.payload['orderId'];
        if (typeof orderId !== 'string') throw new Error(`${CHECKOUT}: timeout ${event.data.timeoutId} names no order`);
        const options = causedBy(event, CHECKOUT);
        const result = await handlers.orders(
          orderStream(orderId),
          { type: 'CancelOrder', data: { orderId, reason: 'payment_timeout', cancelledBy: { kind: 'system' } } },
          options,
        );
        // Paid (or cancelled otherwise) before the deadline: the timeout has nothing to do.
        settle(CHECKOUT, 'CancelOrder', result, ['InvalidOrderTransition', 'CancellationReasonNotApplicable']);
      },

      PaymentCaptured: async (event) => {
        const options = causedBy(event, CHECKOUT);
        const { orderId, attemptId, amount } = event.data;
        const payment = await read.payment(orderId);
        const attempt = isOpen(payment) ? payment.attempts.find((a) => a.attemptId === attemptId) : undefined;
        // Flagged for reversal in the same append (paid after void, or a second payment): the refunds process gives it back.
        if (attempt?.reversal) return;
        const result = await handlers.orders(orderStream(orderId), { type: 'RecordOrderPayment', data: { orderId, paymentId: attemptId, amount } }, options);
        const outcome = settle(CHECKOUT, 'RecordOrderPayment', result, ['InvalidOrderTransition', 'PaymentAmountMismatch', 'OrderAlreadyPaid']);
        if (outcome.done || outcome.refusal._tag === 'OrderAlreadyPaid') return;
        // The order cannot take this money (cancelled before it came, or a wrong amount): it goes back in full.
        await payments.refund({ orderId, refundId: reversalRefundId(attemptId), attemptId, amount, reason: `payment not accepted by the order: ${outcome.refusal._tag}` }, options);
      },

      OrderPaid: async (event, { now }) => {
        const options = causedBy(event, CHECKOUT);
        const cancelled = await scheduler.cancel(paymentExpiryTimeoutId(event.data.orderId), 'order paid', options);
        // Fired already (the payment won the race with the cancellation) or never scheduled (placed before the processes ran).
        settle(CHECKOUT, 'CancelTimeout', cancelled, ['TimeoutAlreadyFired', 'TimeoutNotScheduled']);
        const order = await loadPlaced(event.data.orderId);
        if (!order || order.status === 'cancelled') return;
        await commitLines(order, now, options);
      },

      OrderCancelled: async (event) => {
        const options = causedBy(event, CHECKOUT);
        const timeout = await scheduler.cancel(paymentExpiryTimeoutId(event.data.orderId), `order cancelled: ${event.data.reason}`, options);
        settle(CHECKOUT, 'CancelTimeout', timeout, ['TimeoutAlreadyFired', 'TimeoutNotScheduled']);
        await giveBack(event.data.orderId, `order cancelled: ${event.data.reason}`, options);
      },

      // Rejected after a risk review: paid, so no deadline is left, but stock and coupon go back as for a cancellation.
      OrderRejectedForRisk: async (event) => {
        await giveBack(event.data.orderId, 'order rejected for risk', causedBy(event, CHECKOUT));
      },
    },
  });
};
