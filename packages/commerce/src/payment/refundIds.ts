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
