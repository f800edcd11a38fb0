import type { Money } from '@shopstream/commerce';

/**
 * What the shop owes a customer and has not paid:
 * - `refund_failed`: a refund the provider refused (its latest try, if retried, refused too or unanswered);
 * - `reversal_owed`: a payment flagged for reversal (a double payment, one taken after its void) not yet refunded or voided;
 * - `payout_refused`: a case's payout the order's payment could not cover when it was due (never asked of the provider);
 * - `refund_pending`: a refund asked of the provider and not answered yet; the queries list it only once it has
 *   waited longer than the caller's threshold (most are answered within seconds, or by a notification within minutes).
 */
export type DebtKind = 'refund_failed' | 'reversal_owed' | 'payout_refused' | 'refund_pending';

/** `settled` once the money went back by any route: the refund, a retry under a new id, the reversal, the void. */
export type DebtStatus = 'open' | 'settled';

/** The latest refusal: the provider's reason (`<code>: <message>`) or the case payout's (`exceeds_refundable`...). */
export type DebtFailure = {
  readonly reason: string;
  readonly at: string;
};

/**
 * One debt. `_id`: `<orderId>:refund:<refundId>` for a refund or payout (the id first asked for; its retries
 * `<refundId>-retry-<n>` settle the same debt), `<orderId>:reversal:<attemptId>` for a flagged payment.
 */
export type MoneyOwedDocument = {
  readonly _id: string;
  readonly orderId: string;
  /** The order's customer, when this model saw the order placed. */
  readonly customerId: string | null;
  readonly kind: DebtKind;
  readonly status: DebtStatus;
  readonly amount: Money;
  /** The refund first asked for (refunds and payouts); null for a reversal. */
  readonly refundId: string | null;
  /** The attempt the money is owed from (null for a payout that was never asked of the payment). */
  readonly attemptId: string | null;
  /** The after-sales case of a refused payout. */
  readonly caseId: string | null;
  /** When the debt arose: the refund asked, the payment flagged, the payout refused. The lists sort by it. */
  readonly since: string;
  readonly lastFailure: DebtFailure | null;
  /** What the paying attempt could still refund when a payout was refused; null otherwise. */
  readonly refundable: Money | null;
  /** How many times the provider refused it (a refused payout counts its refusal). */
  readonly failures: number;
  /** The refund id of the latest try (a retry's id), and whether it is still unanswered. */
  readonly lastRefundId: string | null;
  readonly retryPending: boolean;
  readonly settledAt: string | null;
  /** How it was settled: the refund id that paid it, or `void` for an authorisation released. */
  readonly settledBy: string | null;
};

/** The orders this model has seen placed, for the debts' customer: `_id` is the order id. */
export type OrderCustomerDocument = {
  readonly _id: string;
  readonly customerId: string;
};
