import type { RatingSummaryDocument, StarCounts } from './documents.js';

export const emptySummary = (productId: string, at: string): RatingSummaryDocument => ({
  _id: productId,
  productId,
  count: 0,
  ratingSum: 0,
  distribution: [0, 0, 0, 0, 0],
  updatedAt: at,
});

/** Counts one published review's rating in (`delta` 1) or out (`delta` -1) of its product's summary. */
export const countRating = (summary: RatingSummaryDocument, rating: number, delta: 1 | -1, at: string): RatingSummaryDocument => {
  const distribution = summary.distribution.map((n, i) => (i === rating - 1 ? n + delta : n));
  return {
    ...summary,
    count: summary.count + delta,
    ratingSum: summary.ratingSum + delta * rating,
    distribution: distribution as unknown as StarCounts,
    updatedAt: at,
  };
};
