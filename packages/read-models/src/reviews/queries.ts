import type * as E from 'fp-ts/lib/Either.js';
import { keysetPage } from '../orders/index.js';
import type { InvalidCursor, ListPage, PageRequest } from '../orders/index.js';
import type { ReadModelSource } from '../source.js';
import type { RatingSummaryDocument, ReviewDocument } from './documents.js';
import { REVIEWS_PROJECTION } from './projection.js';
import type { RatingSummary, ReviewView } from './views.js';
import { ratingSummaryView, reviewView } from './views.js';

const NEWEST_FIRST = { writtenAt: -1 } as const;

/** Queries of the reviews read model: only published reviews, never naming an anonymous or erased author. */
export const reviewsQueries = (source: ReadModelSource) => {
  const reviews = source.collection<ReviewDocument>(REVIEWS_PROJECTION, 'reviews');
  const summaries = source.collection<RatingSummaryDocument>(REVIEWS_PROJECTION, 'summaries');
  return {
    /**
     * A product's published reviews, newest first, in keyset pages: a review written or hidden between two
     * requests neither repeats nor skips another.
     */
    productReviews: (productId: string, request: PageRequest = {}): Promise<E.Either<InvalidCursor, ListPage<ReviewView>>> =>
      keysetPage(reviews, { productId, status: 'published' }, NEWEST_FIRST, request, reviewView),

    /** Count, average and distribution by stars of a product's published reviews (zero and null without any). */
    ratingSummary: async (productId: string): Promise<RatingSummary> => ratingSummaryView(productId, await summaries.get(productId)),

    /**
     * Every review a customer wrote, hidden and anonymous ones included, oldest first: for the author's own eyes
     * (a data export), never for other shoppers.
     */
    writtenBy: (authorId: string): Promise<ReviewDocument[]> => reviews.find({ authorId }, { sort: { writtenAt: 1, _id: 1 } }),
  };
};

export type ReviewsQueries = ReturnType<typeof reviewsQueries>;
