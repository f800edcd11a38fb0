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
  const [one, two, three, four, five] = summary.distribution;
  const add = (stars: number, n: number): number => (stars === rating ? n + delta : n);
  const distribution: StarCounts = [add(1, one), add(2, two), add(3, three), add(4, four), add(5, five)];
  return { ...summary, count: summary.count + delta, ratingSum: summary.ratingSum + delta * rating, distribution, updatedAt: at };
};
