const MINUTE_MS = 60_000;

/** How long the processes wait and how long they hold things. Every field has a default. */
export interface ProcessConfig {
  /** How long a placed order waits for payment before it is cancelled. Default 30 minutes. */
  readonly paymentTimeoutMs: number;
  /**
   * How long a stock reservation outlives the payment deadline, so that a payment arriving at the last
   * second still finds its stock. Default 15 minutes.
   */
  readonly reservationGraceMs: number;
  /** Days after delivery after which receipt is confirmed for the customer. Default 10. */
  readonly autoConfirmReceiptAfterDays: number;
  /**
   * How the processes retry a refund of theirs the provider refused (a cancellation's, a risk rejection's, a
   * reversal's, a return's, a complaint's): one retry after each delay, counted from the refusal before it, each
   * under the next refund id (`<refundId>-retry-<n>`, `reversal-<attemptId>-<n>`). Once they are spent the debt stays
   * in the money-owed list for staff. Default: 10 minutes, 1 hour, 6 hours; `[]` never retries.
   */
  readonly refundRetry: { readonly delaysMs: readonly number[] };
}

export const defaultProcessConfig: ProcessConfig = {
  paymentTimeoutMs: 30 * MINUTE_MS,
  reservationGraceMs: 15 * MINUTE_MS,
  autoConfirmReceiptAfterDays: 10,
  refundRetry: { delaysMs: [10 * MINUTE_MS, 60 * MINUTE_MS, 6 * 60 * MINUTE_MS] },
};

export const DAY_MS = 86_400_000;
