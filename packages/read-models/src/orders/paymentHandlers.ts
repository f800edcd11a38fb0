import type { ProjectionHandlers, RecordedEvent } from '@shopstream/kernel';
import type { PaymentEvent } from '@shopstream/commerce/payment';
import type { OrderDocument, PaymentDocument, PaymentRefundView, PaymentStatus } from './documents.js';
import type { OrdersCollection, OrdersContext } from './record.js';
import { recordOnOrder } from './record.js';

export const paymentId = (orderId: string, attemptId: string): string => `${orderId}:${attemptId}`;

/**
 * Applies `change` to a payment attempt and adds the event to the order's timeline. An attempt heard of before
 * its `PaymentAttemptStarted` starts from what the event says; its owner is the order's customer, filled in
 * when the order is placed if it is not known yet.
 */
const onAttempt = async (
  ctx: OrdersContext,
  event: RecordedEvent,
  ids: { readonly orderId: string; readonly attemptId: string },
  change: (payment: PaymentDocument) => PaymentDocument,
): Promise<void> => {
  const payments = ctx.collection<PaymentDocument>('payments');
  const id = paymentId(ids.orderId, ids.attemptId);
  // The order is read for its customer only when the attempt is new: most payment events find their attempt.
  const current: PaymentDocument = (await payments.get(id)) ?? {
    _id: id,
    orderId: ids.orderId,
    attemptId: ids.attemptId,
    customerId: (await ctx.collection<OrderDocument>('orders').get(ids.orderId))?.customerId ?? null,
    method: null,
    amount: null,
    card: null,
    status: 'started',
    failure: null,
    flaggedForReversal: null,
    refunds: [],
    startedAt: event.occurredAt,
    updatedAt: event.occurredAt,
  };
  await payments.replaceOne({ ...change(current), updatedAt: event.occurredAt });
  await recordOnOrder(ctx, event, ids.orderId);
};

const status =
  (next: PaymentStatus, failure: PaymentDocument['failure'] = null) =>
  (payment: PaymentDocument): PaymentDocument => ({ ...payment, status: next, failure: failure ?? payment.failure });

/** A refund is one entry per refund id: requested, then refunded or failed. */
const refund = (payment: PaymentDocument, entry: PaymentRefundView): PaymentDocument => {
  const known = payment.refunds.find((r) => r.refundId === entry.refundId);
  const merged: PaymentRefundView = known ? { ...entry, reason: entry.reason ?? known.reason } : entry;
  return { ...payment, refunds: known ? payment.refunds.map((r) => (r.refundId === entry.refundId ? merged : r)) : [...payment.refunds, merged] };
};

export const paymentHandlers: ProjectionHandlers<PaymentEvent, OrdersCollection> = {
  PaymentAttemptStarted: (event, ctx) =>
    onAttempt(ctx, event, event.data, (payment) => ({
      ...payment,
      method: event.data.method,
      amount: event.data.amount,
      // Brand and last four only: the token stays in the log.
      card: event.data.card ? { brand: event.data.card.brand, last4: event.data.card.last4 } : null,
      startedAt: event.data.startedAt,
    })),
  PaymentActionRequired: (event, ctx) => onAttempt(ctx, event, event.data, status('action_required')),
  PaymentInitiationFailed: (event, ctx) =>
    onAttempt(ctx, event, event.data, status('initiation_failed', { code: 'initiation_failed', message: event.data.reason })),
  PaymentAuthorised: (event, ctx) => onAttempt(ctx, event, event.data, status('authorised')),
  PaymentCaptured: (event, ctx) => onAttempt(ctx, event, event.data, status('captured')),
  PaymentDeclined: (event, ctx) =>
    onAttempt(ctx, event, event.data, status('declined', { code: event.data.code, message: event.data.message ?? null })),
  PaymentAttemptExpired: (event, ctx) => onAttempt(ctx, event, event.data, status('expired')),
  PaymentAttemptTimedOut: (event, ctx) => onAttempt(ctx, event, event.data, status('timed_out')),
  PaymentAttemptVoided: (event, ctx) => onAttempt(ctx, event, event.data, status('voided')),
  PaymentAttemptFlaggedForReversal: (event, ctx) =>
    onAttempt(ctx, event, event.data, (payment) => ({ ...payment, flaggedForReversal: { reason: event.data.reason, amount: event.data.amount } })),
  PaymentRefundRequested: (event, ctx) =>
    onAttempt(ctx, event, event.data, (payment) =>
      refund(payment, { refundId: event.data.refundId, amount: event.data.amount, reason: event.data.reason, status: 'requested', failureReason: null, at: event.data.requestedAt }),
    ),
  PaymentRefunded: (event, ctx) =>
    onAttempt(ctx, event, event.data, (payment) =>
      refund(payment, { refundId: event.data.refundId, amount: event.data.amount, reason: null, status: 'refunded', failureReason: null, at: event.data.refundedAt }),
    ),
  PaymentRefundFailed: (event, ctx) =>
    onAttempt(ctx, event, event.data, (payment) =>
      refund(payment, { refundId: event.data.refundId, amount: event.data.amount, reason: null, status: 'failed', failureReason: event.data.reason, at: event.data.failedAt }),
    ),
};
