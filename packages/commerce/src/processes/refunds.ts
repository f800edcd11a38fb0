import { defineReactor } from '@shopstream/kernel';
import type { HandleOptions, Reactor, RecordedEvent } from '@shopstream/kernel';
import { afterSalesStream } from '../afterSales/index.js';
import type { AfterSalesEvent, PayoutRefusal } from '../afterSales/index.js';
import { orderStream } from '../ordering/index.js';
import type { OrderingEvent } from '../ordering/index.js';
import type { PaymentEvent } from '../payment/index.js';
import { isOpen, originalRefundId, payingAttempt, refundable } from '../payment/index.js';
import type { Money } from '../shared/money.js';
import { money } from '../shared/money.js';
import { cancellationRefundId, returnRefundId, reversalRefundId, riskRejectionRefundId } from './ids.js';
import { settle } from './outcome.js';
import type { ProcessPorts } from './ports.js';
import { causedBy } from './ports.js';

export const REFUNDS = 'refunds';

export type RefundsEvent = OrderingEvent | PaymentEvent | AfterSalesEvent;

/**
 * Gives money back without anyone having to ask: what a cancelled or risk-rejected order had been paid, a
 * payment that must be reversed, a return whose item came back as described, a complaint's compensation.
 * When the provider confirms a refund of the order's own payment, it is entered in the order's ledger.
 */
export const refundsProcess = ({ handlers, read, payments }: ProcessPorts): Reactor<RefundsEvent> => {
  const refund = async (orderId: string, refundId: string, amount: Money, reason: string, options: HandleOptions, attemptId?: string): Promise<void> => {
    if (amount.amount <= 0) return;
    await payments.refund({ orderId, refundId, amount, reason, ...(attemptId === undefined ? {} : { attemptId }) }, options);
  };

  /**
   * Whether the order's payment can give a case's payout: the same refund asked before (a retry), or no more
   * than the paying attempt still holds. A case promises no more than that when it opens, but its promise is
   * not re-checked against refunds made since; one that no longer fits is refused (with why), recorded on the
   * case for staff to settle by hand, rather than stopping every refund of the shop on it.
   */
  const payable = async (orderId: string, refundId: string, amount: Money): Promise<{ readonly ok: true } | { readonly ok: false; readonly reason: PayoutRefusal; readonly refundable: Money }> => {
    const payment = await read.payment(orderId);
    const none = money(0, amount.currency);
    if (!isOpen(payment)) return { ok: false, reason: 'order_not_paid', refundable: none };
    if (payment.refunds.some((r) => r.refundId === refundId)) return { ok: true };
    const attempt = payingAttempt(payment);
    if (attempt === undefined) return { ok: false, reason: 'order_not_paid', refundable: none };
    const left = refundable(attempt);
    if (attempt.providerReference === null) return { ok: false, reason: 'payment_not_captured', refundable: left };
    return left.amount >= amount.amount ? { ok: true } : { ok: false, reason: 'exceeds_refundable', refundable: left };
  };

  /** Pays a case's payout, or records on the case why it cannot be paid (once per refund id). */
  const payOut = async (event: RecordedEvent, caseId: string, orderId: string, refundId: string, amount: Money, reason: string): Promise<void> => {
    const options = causedBy(event, REFUNDS);
    const verdict = await payable(orderId, refundId, amount);
    if (verdict.ok) return refund(orderId, refundId, amount, reason, options);
    const recorded = await handlers.afterSales(
      afterSalesStream(caseId),
      { type: 'RecordPayoutRefused', caseId, refundId, amount, reason: verdict.reason, refundable: verdict.refundable },
      options,
    );
    settle(REFUNDS, 'RecordPayoutRefused', recorded, []);
  };

  return defineReactor<RefundsEvent>({
    name: REFUNDS,
    handlers: {
      OrderCancelled: async (event) => {
        const { orderId, refundDue, reason } = event.data;
        await refund(orderId, cancellationRefundId(orderId), refundDue, `order cancelled: ${reason}`, causedBy(event, REFUNDS));
      },

      OrderRejectedForRisk: async (event) => {
        const { orderId, refundDue } = event.data;
        await refund(orderId, riskRejectionRefundId(orderId), refundDue, 'order rejected for risk', causedBy(event, REFUNDS));
      },

      PaymentAttemptFlaggedForReversal: async (event) => {
        const options = causedBy(event, REFUNDS);
        const { orderId, attemptId, reason } = event.data;
        const payment = await read.payment(orderId);
        const attempt = isOpen(payment) ? payment.attempts.find((a) => a.attemptId === attemptId) : undefined;
        if (!attempt) throw new Error(`${REFUNDS}: order ${orderId} has no attempt ${attemptId}`);
        // Money taken goes back; an authorisation not yet captured is released instead.
        if (attempt.captured.amount > 0) await refund(orderId, reversalRefundId(attemptId), attempt.captured, `payment reversed: ${reason}`, options, attemptId);
        else await payments.voidAttempt(orderId, attemptId, `payment reversed: ${reason}`, options);
      },

      ItemReceived: async (event) => {
        const found = await read.afterSalesCase(event.data.caseId);
        // Only a return whose item came back as the customer described it is refunded without a person looking at it.
        if (!found || found.kind !== 'return' || found.status !== 'item_received' || event.data.condition !== 'as_described') return;
        const amount = { amount: found.refundable.amount - found.refunded.amount, currency: found.refundable.currency };
        if (amount.amount <= 0) return;
        const result = await handlers.afterSales(
          afterSalesStream(found.caseId),
          { type: 'IssueRefund', caseId: found.caseId, refundId: returnRefundId(found.caseId), amount },
          causedBy(event, REFUNDS),
        );
        // Refunded (or rejected at inspection) since we read it.
        settle(REFUNDS, 'IssueRefund', result, ['IllegalTransition']);
      },

      RefundIssued: async (event) => {
        const { orderId, refundId, amount, caseId } = event.data;
        await payOut(event, caseId, orderId, refundId, amount, `after-sales case ${caseId}`);
      },

      ComplaintResolved: async (event) => {
        const { orderId, refundId, compensation, caseId } = event.data;
        if (compensation === null || refundId === null || compensation.amount <= 0) return;
        await payOut(event, caseId, orderId, refundId, compensation, `compensation for complaint ${caseId}`);
      },

      PaymentRefunded: async (event) => {
        const { orderId, refundId, attemptId, amount } = event.data;
        const order = await read.order(orderId);
        // A refund of money the order never took (a reversed or late payment) has no place in its ledger.
        if (order.status === 'initial' || order.payment?.paymentId !== attemptId) return;
        const payment = await read.payment(orderId);
        const reason = (isOpen(payment) ? payment.refunds.find((r) => r.refundId === refundId)?.reason : undefined) ?? 'refund';
        // A return's refund id is its case id; a retry of it (`<caseId>-retry-<n>`) is about the same case and line.
        const returned = await read.afterSalesCase(originalRefundId(refundId));
        const line = returned?.orderId === orderId && returned.lines.length === 1 ? returned.lines[0]?.lineId : undefined;
        const result = await handlers.orders(
          orderStream(orderId),
          { type: 'RecordOrderRefund', data: { orderId, refundId, amount, reason, ...(line === undefined ? {} : { lineId: line }) } },
          causedBy(event, REFUNDS),
        );
        settle(REFUNDS, 'RecordOrderRefund', result, []);
      },
    },
  });
};
