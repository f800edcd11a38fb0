import type { Money } from '../shared/money.js';
import { isOpen } from './state.js';
import type { PaymentState } from './state.js';

/**
 * A refund the provider refused is final under its id (the decider takes the first answer), so giving the money
 * back again needs a new id. It is derived from the refused one and the try it is, like a reversal's
 * (`reversal-<attemptId>-<n>`): asking twice for the same try asks for the same refund, never a second one, and
 * whoever reads the log (the money-owed read model, the ledgers) finds the debt it settles from the id alone.
 */
const RETRY = /^(.+)-retry-([2-9]|[1-9]\d+)$/;

/** The id of the `n`th try (2, 3, ...) of the refund first asked for as `original`. */
export const retriedRefundId = (original: string, n: number): string => `${original}-retry-${n}`;

/** The refund a retry id retries (the id itself for a first try). Ids chosen by callers must not end in `-retry-<n>`. */
export const originalRefundId = (refundId: string): string => RETRY.exec(refundId)?.[1] ?? refundId;

/** Whether a refund id is a reversal of `attemptId` (its first try or a later one). */
export const isReversalOf = (refundId: string, attemptId: string): boolean =>
  refundId === `reversal-${attemptId}` || (refundId.startsWith(`reversal-${attemptId}-`) && /^\d+$/.test(refundId.slice(`reversal-${attemptId}-`.length)));

/** What to ask next to give back the refund first asked for as `original`, from the payment's own record. */
export type NextRefundTry =
  /** A try of it succeeded: nothing is owed. */
  | { readonly kind: 'settled'; readonly refundId: string }
  /** Ask the provider under `refundId`: the latest try again while unanswered (the same id), else the next one. */
  | { readonly kind: 'ask'; readonly refundId: string; readonly attemptId: string; readonly amount: Money; readonly reason: string }
  /** The payment never recorded it (a case payout refused before it was asked): the first try is the caller's to describe. */
  | { readonly kind: 'unknown' };

export const nextRefundTry = (state: PaymentState, original: string): NextRefundTry => {
  const tries = isOpen(state) ? state.refunds.filter((r) => originalRefundId(r.refundId) === original) : [];
  const paid = tries.find((r) => r.status === 'succeeded');
  if (paid !== undefined) return { kind: 'settled', refundId: paid.refundId };
  const first = tries[0];
  if (first === undefined) return { kind: 'unknown' };
  const waiting = tries.find((r) => r.status === 'requested');
  const refused = tries.filter((r) => r.status === 'failed').length;
  const refundId = waiting?.refundId ?? retriedRefundId(original, refused + 1);
  return { kind: 'ask', refundId, attemptId: first.attemptId, amount: first.amount, reason: first.reason };
};
