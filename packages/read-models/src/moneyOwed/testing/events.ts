import type { Money } from '@shopstream/commerce';
import type { HistoryStep } from '../../testing/harness.js';

/** Valid payment and after-sales events for the money-owed tests, one history step each, at explicit instants. */
const payment = (orderId: string, type: string, data: Record<string, unknown>, at: string): HistoryStep => ({
  stream: `payment-${orderId}`,
  events: [{ type, occurredAt: at, data: { orderId, ...data } }],
});

const response = { kind: 'response' } as const;

export const refundRequested = (orderId: string, refundId: string, attemptId: string, amount: Money, at: string): HistoryStep =>
  payment(orderId, 'PaymentRefundRequested', { refundId, attemptId, amount, reason: 'order cancelled: customer_request', requestedAt: at }, at);

export const refundFailed = (orderId: string, refundId: string, attemptId: string, amount: Money, at: string, reason = 'card_closed: the card account is closed'): HistoryStep =>
  payment(orderId, 'PaymentRefundFailed', { refundId, attemptId, amount, reason, source: response, failedAt: at }, at);

export const refunded = (orderId: string, refundId: string, attemptId: string, amount: Money, at: string): HistoryStep =>
  payment(orderId, 'PaymentRefunded', { refundId, attemptId, amount, providerRefundReference: `pr-${refundId}`, source: response, refundedAt: at }, at);

export const flagged = (orderId: string, attemptId: string, amount: Money, at: string): HistoryStep =>
  payment(orderId, 'PaymentAttemptFlaggedForReversal', { attemptId, reason: 'double_payment', amount, flaggedAt: at }, at);

export const voided = (orderId: string, attemptId: string, at: string): HistoryStep =>
  payment(orderId, 'PaymentAttemptVoided', { attemptId, reason: 'double payment reversed automatically', voidedAt: at }, at);

export const payoutRefused = (orderId: string, caseId: string, refundId: string, amount: Money, refundable: Money, at: string): HistoryStep => ({
  stream: `aftersales-${caseId}`,
  events: [{ type: 'CasePayoutRefused', occurredAt: at, data: { caseId, orderId, refundId, amount, reason: 'exceeds_refundable', refundable, at } }],
});
