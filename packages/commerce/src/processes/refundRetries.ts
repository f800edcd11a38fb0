import { defineReactor } from '@shopstream/kernel';
import type { Reactor, RecordedEvent, TimeoutEvent } from '@shopstream/kernel';
import { caseClaimsStream } from '../afterSales/index.js';
import { isOpen, isReversalOf, originalRefundId, retriedRefundId } from '../payment/index.js';
import type { OpenPaymentState, PaymentEvent, RefundState } from '../payment/index.js';
import type { CaseClaimsHandler } from './caseClaims.js';
import type { ProcessConfig } from './config.js';
import { settle } from './outcome.js';
import type { ProcessPorts } from './ports.js';
import { causedBy } from './ports.js';

export const REFUND_RETRIES = 'refund-retries';
/** The timeout that asks the provider again for a refund it refused. */
export const REFUND_RETRY = 'refund-retry';

export type RefundRetriesEvent = PaymentEvent | TimeoutEvent;

/** What a refund's tries are about: the refund first asked for, or the reversal of a flagged attempt. */
type Debt = { readonly kind: 'refund'; readonly original: string } | { readonly kind: 'reversal'; readonly attemptId: string };

const debtOf = (refundId: string, attemptId: string): Debt =>
  isReversalOf(refundId, attemptId) ? { kind: 'reversal', attemptId } : { kind: 'refund', original: originalRefundId(refundId) };

const keyOf = (debt: Debt): string => (debt.kind === 'refund' ? debt.original : `reversal-${debt.attemptId}`);

/** The `n`th try's refund id (the first is the refund itself), as `reverseFlagged` and `retryDebt` name them too. */
const tryId = (debt: Debt, n: number): string =>
  debt.kind === 'refund' ? (n === 1 ? debt.original : retriedRefundId(debt.original, n)) : n === 1 ? `reversal-${debt.attemptId}` : `reversal-${debt.attemptId}-${n}`;

const triesOf = (payment: OpenPaymentState, debt: Debt): readonly RefundState[] =>
  payment.refunds.filter((r) => (debt.kind === 'reversal' ? r.attemptId === debt.attemptId && isReversalOf(r.refundId, debt.attemptId) : originalRefundId(r.refundId) === debt.original));

export const refundRetryTimeoutId = (orderId: string, key: string, n: number): string => `refund-retry:${orderId}:${key}:${n}`;

/**
 * Asks the provider again, a bounded number of times, for a refund of the processes' own it refused (a
 * cancellation's, a risk rejection's, a reversal's, a return's, a complaint's): after the `n`th refusal, once
 * `refundRetry.delaysMs[n - 1]` has passed, under the next refund id (`<refundId>-retry-<n + 1>`, or the
 * reversal's `reversal-<attemptId>-<n + 1>`), so a timeout fired twice asks for the same refund. Every refusal of
 * the debt counts, a staff retry's too; after the last delay the debt stays in the money-owed list for staff.
 * A goodwill refund is staff's own and is left to them; a try that finds the debt paid, moved on by someone else,
 * or more than the attempt still holds, asks nothing.
 */
export const refundRetriesProcess = (ports: ProcessPorts, claims: CaseClaimsHandler, config: ProcessConfig): Reactor<RefundRetriesEvent> => {
  const { read, scheduler, payments } = ports;
  const delays = config.refundRetry.delaysMs;

  const refused = async (event: RecordedEvent, data: { readonly orderId: string; readonly refundId: string; readonly attemptId: string; readonly failedAt: string }): Promise<void> => {
    const { orderId, refundId, attemptId, failedAt } = data;
    const debt = debtOf(refundId, attemptId);
    if (debt.kind === 'refund' && (await claims.current(caseClaimsStream(orderId))).state.refunds[debt.original] !== undefined) return;
    const payment = await read.payment(orderId);
    if (!isOpen(payment)) return;
    const tries = triesOf(payment, debt);
    if (tries.some((r) => r.status === 'succeeded')) return;
    const refusals = tries.filter((r) => r.status === 'failed').length;
    const delay = delays[refusals - 1];
    if (delay === undefined) return;
    const scheduled = await scheduler.schedule(
      {
        timeoutId: refundRetryTimeoutId(orderId, keyOf(debt), refusals + 1),
        kind: REFUND_RETRY,
        due: new Date(Date.parse(failedAt) + delay).toISOString(),
        payload: { orderId, refundId, attemptId, next: refusals + 1 },
      },
      causedBy(event, REFUND_RETRIES),
    );
    settle(REFUND_RETRIES, 'ScheduleTimeout', scheduled, []);
  };

  const retry = async (event: RecordedEvent, orderId: string, refundId: string, attemptId: string, next: number): Promise<void> => {
    const debt = debtOf(refundId, attemptId);
    const payment = await read.payment(orderId);
    if (!isOpen(payment)) return;
    const tries = triesOf(payment, debt);
    const first = tries[0];
    // Paid, or moved on meanwhile (a staff retry made this try or a later one): that try's refusal schedules its own.
    if (first === undefined || tries.some((r) => r.status !== 'failed') || tries.filter((r) => r.status === 'failed').length !== next - 1) return;
    const attempt = payment.attempts.find((a) => a.attemptId === first.attemptId);
    const left = attempt === undefined ? 0 : attempt.captured.amount - attempt.refunded.amount - attempt.refundPending.amount;
    // Given back some other way meanwhile (a goodwill refund from the same payment): staff decide what is still owed.
    if (attempt?.providerReference == null || left < first.amount.amount) return;
    await payments.refund({ orderId, refundId: tryId(debt, next), attemptId: first.attemptId, amount: first.amount, reason: first.reason }, causedBy(event, REFUND_RETRIES));
  };

  return defineReactor<RefundRetriesEvent>({
    name: REFUND_RETRIES,
    handlers: {
      PaymentRefundFailed: (event) => refused(event, event.data),
      TimeoutFired: async (event) => {
        if (event.data.kind !== REFUND_RETRY) return;
        const { orderId, refundId, attemptId, next } = event.data.payload;
        if (typeof orderId !== 'string' || typeof refundId !== 'string' || typeof attemptId !== 'string' || typeof next !== 'number') {
          throw new Error(`${REFUND_RETRIES}: timeout ${event.data.timeoutId} names no refund`);
        }
        await retry(event, orderId, refundId, attemptId, next);
      },
    },
  });
};
