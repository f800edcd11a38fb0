import type { ConcurrencyConflict, HandleOptions } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { caseClaimsStream } from '../afterSales/index.js';
import type { AfterSalesError } from '../afterSales/index.js';
import { isOpen, payingAttempt, refundable } from '../payment/index.js';
import type { PaymentServiceError, RefundHandled, RefundRequest } from '../payment/index.js';
import type { Money } from '../shared/money.js';
import type { CaseClaimsHandler } from './caseClaims.js';
import { CASE_CLAIMS, carryOver, moneyOf } from './ledgerFacts.js';
import { settle } from './outcome.js';
import type { ProcessPorts } from './ports.js';

/** The timeout that finishes a goodwill refund whose claim was recorded but whose payment was never asked. */
export const GOODWILL_REFUND_CHECK = 'goodwill-refund-check';

export const goodwillRefundTimeoutId = (orderId: string, refundId: string): string => `goodwill-refund:${orderId}:${refundId}`;

export interface GoodwillRefundRequest {
  readonly orderId: string;
  /** The idempotency key: asking again with the same id and amount is a retry, never a second refund. */
  readonly refundId: string;
  readonly amount: Money;
  readonly reason: string;
}

export type GoodwillRefundError = AfterSalesError | ConcurrencyConflict | PaymentServiceError;

/** How a payment answered a refund: its status on the payment, or what a provider call made of it. */
type RefundStatus = RefundHandled['status'];

/** Settles the refund's claim once the payment made it, releases it once the payment gave up; otherwise it keeps holding. */
export const goodwillRefundOutcome = async (claims: CaseClaimsHandler, orderId: string, refundId: string, status: RefundStatus, options: HandleOptions): Promise<void> => {
  if (status !== 'succeeded' && status !== 'failed') return;
  const stream = caseClaimsStream(orderId);
  // Every refund of the shop is reported here; only a goodwill refund the ledger holds is its business.
  if ((await claims.current(stream)).state.refunds[refundId]?.standing !== 'held') return;
  const result =
    status === 'succeeded'
      ? await claims(stream, { type: 'SettleGoodwillRefund', orderId, refundId }, options)
      : await claims(stream, { type: 'ReleaseGoodwillRefund', orderId, refundId, reason: 'failed' }, options);
  settle(CASE_CLAIMS, status === 'succeeded' ? 'SettleGoodwillRefund' : 'ReleaseGoodwillRefund', result, []);
};

const giveUp = async (claims: CaseClaimsHandler, orderId: string, refundId: string, options: HandleOptions): Promise<void> => {
  settle(CASE_CLAIMS, 'ReleaseGoodwillRefund', await claims(caseClaimsStream(orderId), { type: 'ReleaseGoodwillRefund', orderId, refundId, reason: 'refused' }, options), []);
};

/**
 * A goodwill refund (staff give money back outside any case) in two steps: it takes its money on the order's claim
 * ledger, where the order's cases hold theirs (so a refund and a case open racing, even in two processes, are
 * decided one after the other and cannot both take the same money), then the payment is asked for exactly what
 * was claimed. Refused by the ledger, nothing is asked of the payment: `RefundExceedsUnclaimed` names what is free.
 *
 * The claim follows the payment: settled when the refund is made, released when the payment refuses it (nothing
 * recorded there) or the provider fails it, still held while the provider has not answered. A refund that stops
 * between the two steps is finished by the case-claims process after its grace (`finishGoodwillRefund`), or by a
 * retry with the same refund id. `pay` is the payment service's refund; `casesOfOrder` as for `openCase`.
 */
export const refundGoodwill = async (
  ports: Pick<ProcessPorts, 'read'>,
  claims: CaseClaimsHandler,
  request: GoodwillRefundRequest,
  casesOfOrder: () => Promise<readonly string[]>,
  pay: (request: RefundRequest) => Promise<Either<PaymentServiceError, RefundHandled>>,
  options: HandleOptions = {},
): Promise<Either<GoodwillRefundError, RefundHandled>> => {
  const { read } = ports;
  const { orderId, refundId } = request;
  const stream = caseClaimsStream(orderId);
  const ledger = await claims.current(stream);
  const carriedOver = ledger.state.started ? [] : await carryOver(read, orderId, await casesOfOrder());
  const facts = await moneyOf(read, orderId, request.amount.currency);
  const claimed = await claims(stream, { type: 'ClaimGoodwillRefund', ...request, money: facts, carriedOver }, options);
  if (E.isLeft(claimed)) return claimed;
  const claim = claimed.right.state.refunds[refundId];
  // The ledger answers a claim it holds or made; a given-up one it refuses.
  if (claim === undefined) return E.left({ _tag: 'RefundAlreadyGivenUp', refundId });
  const paid = await pay({ orderId, refundId, amount: claim.amount, reason: claim.reason });
  if (E.isRight(paid)) {
    await goodwillRefundOutcome(claims, orderId, refundId, paid.right.status, options);
    return paid;
  }
  const payment = await read.payment(orderId);
  // Refused before the payment recorded it (nothing reserved there): the claim holds nothing either. Recorded and
  // unanswered (the provider did not reply), it stays held, as the payment keeps the money reserved.
  if (!isOpen(payment) || !payment.refunds.some((r) => r.refundId === refundId)) await giveUp(claims, orderId, refundId, options);
  return paid;
};

/**
 * A goodwill refund whose claim is still held after its grace: finished as its claim says when the payment never
 * heard of it and can still give it, given back when it cannot; one the payment knows is settled or released as the
 * payment answered it, and left held while the provider has not.
 */
export const finishGoodwillRefund = async (ports: ProcessPorts, claims: CaseClaimsHandler, orderId: string, refundId: string, options: HandleOptions): Promise<void> => {
  const { read, payments } = ports;
  const claim = (await claims.current(caseClaimsStream(orderId))).state.refunds[refundId];
  if (claim?.standing !== 'held') return;
  const payment = await read.payment(orderId);
  const known = isOpen(payment) ? payment.refunds.find((r) => r.refundId === refundId) : undefined;
  if (known !== undefined) return goodwillRefundOutcome(claims, orderId, refundId, known.status, options);
  const attempt = isOpen(payment) ? payingAttempt(payment) : undefined;
  if (attempt === undefined || attempt.providerReference === null) return giveUp(claims, orderId, refundId, options);
  const left = refundable(attempt);
  if (left.currency !== claim.amount.currency || left.amount < claim.amount.amount) return giveUp(claims, orderId, refundId, options);
  const progress = await payments.refund({ orderId, refundId, amount: claim.amount, reason: claim.reason, attemptId: attempt.attemptId }, options);
  await goodwillRefundOutcome(claims, orderId, refundId, progress, options);
};
