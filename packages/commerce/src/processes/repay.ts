import type { HandleOptions } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { caseClaimsStream } from '../afterSales/index.js';
import { nextRefundTry } from '../payment/index.js';
import type { PaymentService, RefundHandled } from '../payment/index.js';
import type { CaseClaimsHandler } from './caseClaims.js';
import { refundGoodwill } from './goodwillRefunds.js';
import type { GoodwillRefundError } from './goodwillRefunds.js';
import type { CommerceReader } from './ports.js';

/** A debt of the shop towards a customer, as the money-owed read model names it. */
export type OwedDebt =
  /** A refund (or a case's payout) first asked for as `refundId`; `caseId` for a payout the payment never recorded. */
  | { readonly kind: 'refund'; readonly orderId: string; readonly refundId: string; readonly caseId?: string | null }
  /** A payment flagged for reversal. */
  | { readonly kind: 'reversal'; readonly orderId: string; readonly attemptId: string };

/** What the retry did: the refund id it asked under (null for a void or when nothing was owed) and how it stands. */
export interface DebtRetried {
  readonly refundId: string | null;
  readonly status: 'already_settled' | 'succeeded' | 'pending' | 'failed' | 'voided';
}

export type DebtRetryError = GoodwillRefundError;

export interface RepayDeps {
  readonly read: CommerceReader;
  readonly claims: CaseClaimsHandler;
  readonly payments: PaymentService;
  /** The order's cases known before its claim ledger existed (as for `refundGoodwill`). */
  readonly casesOfOrder: (orderId: string) => Promise<readonly string[]>;
}

const progress = (handled: RefundHandled): DebtRetried => ({
  refundId: handled.refundId,
  status: handled.status === 'requested' ? 'pending' : handled.status,
});

/**
 * Gives back, once more, money the shop owes. A refund the provider refused is asked again under the next id
 * derived from it (`<refundId>-retry-<n>`, see `nextRefundTry`): a retry repeated, or two staff retrying at once,
 * ask for the same refund, which the payment decides once, so it is never paid twice. One still unanswered is asked
 * again under its own id. A goodwill refund goes through its order's claim ledger again (its claim was released when
 * the provider refused it): the retry takes only money no case holds now. A case payout the payment refused is asked
 * for under its own id, for what the case recorded. A flagged payment is reversed by the payment service
 * (`reverseFlagged`). Every command runs with `options`: the staff member as actor, the request's correlation.
 */
export const retryDebt = async (deps: RepayDeps, debt: OwedDebt, options: HandleOptions = {}): Promise<Either<DebtRetryError, DebtRetried>> => {
  const { read, claims, payments } = deps;
  if (debt.kind === 'reversal') {
    const outcomes = await payments.reverseFlagged(debt.orderId, options);
    const outcome = outcomes.find((o) => o.attemptId === debt.attemptId);
    if (outcome === undefined) return E.right({ refundId: null, status: 'already_settled' });
    if ('error' in outcome) return E.left(outcome.error);
    return E.right(outcome.reversed === 'void' ? { refundId: null, status: 'voided' } : progress(outcome.refund));
  }

  const { orderId, refundId } = debt;
  const next = nextRefundTry(await read.payment(orderId), refundId);
  if (next.kind === 'settled') return E.right({ refundId: next.refundId, status: 'already_settled' });
  if (next.kind === 'unknown') {
    // Never asked of the payment: a case's payout refused before it was.
    const found = debt.caseId ? await read.afterSalesCase(debt.caseId) : null;
    const refused = found?.orderId === orderId ? found.payoutRefused : null;
    if (found === null || refused?.refundId !== refundId) return E.left({ _tag: 'UnknownRefund', orderId, refundId });
    const reason = found.kind === 'complaint' ? `compensation for complaint ${found.caseId}` : `after-sales case ${found.caseId}`;
    const paid = await payments.refund({ orderId, refundId, amount: refused.amount, reason }, options);
    return E.isLeft(paid) ? paid : E.right(progress(paid.right));
  }

  const goodwill = (await claims.current(caseClaimsStream(orderId))).state.refunds[refundId];
  if (goodwill !== undefined) {
    // The ledger's revision is the store's business: only the metadata goes on its commands.
    const ledgerOptions: HandleOptions = options.metadata === undefined ? {} : { metadata: options.metadata };
    const request = { orderId, refundId: next.refundId, amount: goodwill.amount, reason: goodwill.reason };
    const paid = await refundGoodwill({ read }, claims, request, () => deps.casesOfOrder(orderId), (r) => payments.refund({ ...r, attemptId: next.attemptId }, options), ledgerOptions);
    return E.isLeft(paid) ? paid : E.right(progress(paid.right));
  }
  const paid = await payments.refund({ orderId, refundId: next.refundId, amount: next.amount, reason: next.reason, attemptId: next.attemptId }, options);
  return E.isLeft(paid) ? paid : E.right(progress(paid.right));
};
