import type { OrderingEvent, RiskDecisionMaker } from '@shopstream/commerce/ordering';
import type { RiskEvent } from '@shopstream/commerce/risk';
import { defineProjection } from '@shopstream/kernel';
import type { Collection, ProjectionContext } from '@shopstream/kernel';
import type { DecidedBy, RiskReviewDocument, RiskStatus, RiskStep } from './documents.js';

export const RISK_REVIEWS = 'riskReviews';

type Logical = 'reviews';
type Context = ProjectionContext<Logical>;

const by = (maker: RiskDecisionMaker): DecidedBy => (maker.kind === 'staff' ? { kind: 'staff', staffId: maker.staffId } : { kind: 'policy', policyId: maker.policyId });

const unassessed = (orderId: string): RiskReviewDocument => ({
  _id: orderId,
  customerId: null,
  score: null,
  reasons: [],
  policyId: null,
  decision: null,
  status: 'approved',
  heldAt: null,
  steps: [],
});

const step = async (context: Context, orderId: string, status: RiskStatus, heldAt: string | null, taken: RiskStep, create: boolean): Promise<void> => {
  const reviews: Collection<RiskReviewDocument> = context.collection('reviews');
  const current = await reviews.get(orderId);
  if (!current && !create) return;
  const review = current ?? unassessed(orderId);
  await reviews.replaceOne({ ...review, status, heldAt, steps: [...review.steps, taken] });
};

/**
 * Each order's risk story: the assessment (score, reasons, policy, decision) from the risk stream, then the
 * holds, releases and rejections the order recorded, by the policy or by staff. The review queue is the orders
 * held now, oldest hold first.
 */
export const riskReviewsProjection = defineProjection<RiskEvent | OrderingEvent, Logical>({
  name: RISK_REVIEWS,
  version: 1,
  collections: { reviews: { indexes: [{ keys: { status: 1, heldAt: 1 } }] } },
  handlers: {
    RiskAssessed: async ({ data }, context) => {
      const reviews: Collection<RiskReviewDocument> = context.collection('reviews');
      const review = (await reviews.get(data.orderId)) ?? unassessed(data.orderId);
      // The first assessment is the one acted on, as in the risk stream.
      if (review.score !== null) return;
      const assessed: RiskStep = { action: 'assessed', at: data.assessedAt, by: { kind: 'policy', policyId: data.policyId }, note: `score ${data.score}: ${data.decision}` };
      await reviews.replaceOne({
        ...review,
        // A hold made before the assessment (by staff) stays what the order is.
        status: review.steps.length > 0 ? review.status : data.decision === 'approve' ? 'approved' : 'flagged',
        customerId: data.customerId,
        score: data.score,
        reasons: data.reasons,
        policyId: data.policyId,
        decision: data.decision,
        steps: [...review.steps, assessed],
      });
    },
    OrderPutOnRiskHold: async ({ data }, context) =>
      step(context, data.orderId, 'held', data.heldAt, { action: 'held', at: data.heldAt, by: by(data.decidedBy), note: data.reason }, true),
    OrderRiskHoldReleased: async ({ data }, context) =>
      step(context, data.orderId, 'released', null, { action: 'released', at: data.releasedAt, by: by(data.decidedBy), note: data.note ?? null }, true),
    OrderRejectedForRisk: async ({ data }, context) =>
      step(context, data.orderId, 'rejected', null, { action: 'rejected', at: data.rejectedAt, by: by(data.decidedBy), note: data.reason }, true),
    // Only an order with a risk story gets the step; every other cancellation is none of this model's business.
    OrderCancelled: async ({ data }, context) => {
      const review = await context.collection<RiskReviewDocument>('reviews').get(data.orderId);
      if (review?.status !== 'held') return;
      const by: DecidedBy | null = data.cancelledBy.kind === 'staff' ? { kind: 'staff', staffId: data.cancelledBy.staffId } : null;
      await step(context, data.orderId, 'cancelled', null, { action: 'cancelled', at: data.cancelledAt, by, note: data.note ?? data.reason }, false);
    },
  },
});
