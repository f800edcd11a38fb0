import type { ReadModelCollection } from '@shopstream/kernel';
import type * as E from 'fp-ts/lib/Either.js';
import { keysetPage } from '../orders/paging.js';
import type { InvalidCursor, ListPage, PageRequest } from '../orders/paging.js';
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

export type ReviewQueuePage = ListPage<HeldOrder>;

/** An order's risk: its score, the reasons, the policy and every decision so far. */
export type OrderRisk = Omit<RiskReviewDocument, '_id'> & { readonly orderId: string };

export const riskQueries = (source: ReadModelSource) => {
  const reviews: ReadModelCollection<RiskReviewDocument> = source.collection(RISK_REVIEWS, 'reviews');
  return {
    /**
     * Orders held for review, longest waiting first, a page at a time (keyset: no order seen twice or skipped).
     * Left `InvalidCursor` for a cursor this list did not give.
     */
    reviewQueue: (request: PageRequest = {}): Promise<E.Either<InvalidCursor, ReviewQueuePage>> =>
      keysetPage(reviews, { status: 'held' }, { heldAt: 1 }, request, (r) => ({ orderId: r._id, customerId: r.customerId, score: r.score, reasons: r.reasons, heldAt: r.heldAt ?? '' })),

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
