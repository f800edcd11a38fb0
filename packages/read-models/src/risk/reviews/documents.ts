import type { RiskDecision, RiskReason } from '@shopstream/commerce/risk';

/** Who took a step: the policy (with its id) or a member of staff. */
export type DecidedBy = { readonly kind: 'policy'; readonly policyId: string } | { readonly kind: 'staff'; readonly staffId: string };

/** One step of an order's risk story, oldest first. */
export type RiskStep = {
  readonly action: 'assessed' | 'held' | 'released' | 'rejected' | 'cancelled';
  readonly at: string;
  readonly by: DecidedBy | null;
  /** The reason of a hold or rejection, the note of a release. */
  readonly note: string | null;
};

/**
 * Where an order stands with risk: `approved` by the policy, `held` for review (the queue), then `released` or
 * `rejected`; `cancelled` when the order was cancelled while held. `flagged`: the policy decided to hold or reject
 * but the order has not been held (yet, or ever: it shipped or was cancelled before the assessment).
 */
export type RiskStatus = 'approved' | 'flagged' | 'held' | 'released' | 'rejected' | 'cancelled';

/** The risk view of one order. `_id` is the order id. */
export type RiskReviewDocument = {
  readonly _id: string;
  readonly customerId: string | null;
  /** Null until assessed (an order staff held by hand). */
  readonly score: number | null;
  readonly reasons: readonly RiskReason[];
  readonly policyId: string | null;
  readonly decision: RiskDecision | null;
  readonly status: RiskStatus;
  /** When the current hold began; null when not held. The queue is in this order. */
  readonly heldAt: string | null;
  readonly steps: readonly RiskStep[];
};
