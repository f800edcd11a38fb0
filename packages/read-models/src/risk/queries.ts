import type { ReadModelCollection } from '@shopstream/kernel';
import type { ReadModelSource } from '../source.js';
import type { RiskReviewDocument } from './reviews/documents.js';
import { RISK_REVIEWS } from './reviews/projection.js';

/** An order waiting for staff: what the reviewer sees in the queue. */
export interface HeldOrder {
  readonly orderId: string;
  readonly customerId: string | null;
  readonly score: number | null;
  readonly reasons: RiskReviewDocument['reasons'];
  readonly heldAt: string;
}

export interface ReviewQueuePage {
  readonly items: readonly HeldOrder[];
  /** Pass as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

/** An order's risk: its score, the reasons, the policy and every decision so far. */
export type OrderRisk = Omit<RiskReviewDocument, '_id'> & { readonly orderId: string };

export const MAX_PAGE = 100;

export const riskQueries = (source: ReadModelSource) => {
  const reviews: ReadModelCollection<RiskReviewDocument> = source.collection(RISK_REVIEWS, 'reviews');
  return {
    /** Orders held for review, longest waiting first, a page at a time (keyset: no order seen twice or skipped). */
    reviewQueue: async ({ cursor = null, limit = 20 }: { readonly cursor?: string | null; readonly limit?: number } = {}): Promise<ReviewQueuePage> => {
      const page = await reviews.findPage({ status: 'held' }, { sort: { heldAt: 1 }, limit: Math.max(1, Math.min(MAX_PAGE, Math.floor(limit))), after: cursor });
      return {
        items: page.items.map((r) => ({ orderId: r._id, customerId: r.customerId, score: r.score, reasons: r.reasons, heldAt: r.heldAt ?? '' })),
        nextCursor: page.nextCursor,
      };
    },

    /** The risk story of one order, or null when risk never looked at it. */
    orderRisk: async (orderId: string): Promise<OrderRisk | null> => {
      const review = await reviews.get(orderId);
      if (!review) return null;
      const { _id, ...rest } = review;
      return { orderId: _id, ...rest };
    },
  };
};

export type RiskQueries = ReturnType<typeof riskQueries>;
