import type { Review } from '@shopstream/commerce/reviews';
import type { FollowUpDocument, RatingSummaryDocument, ReviewDocument, ReviewWords } from './documents.js';
import { emptySummary } from './summary.js';

/** A published review as shoppers see it, its words still sealed: the SDK opens them through the vault to show them. */
export interface ReviewView {
  readonly reviewId: string;
  readonly productId: string;
  /** Null when the review was written anonymously or its author's personal data was erased. */
  readonly authorId: string | null;
  readonly rating: number;
  /** Where the text and images are; null once the author's personal data was erased. */
  readonly words: ReviewWords | null;
  readonly writtenAt: string;
  readonly followUp: FollowUpDocument | null;
  readonly reply: Review['reply'];
  /** How many shoppers found it helpful. */
  readonly helpful: number;
}

export type Stars = '1' | '2' | '3' | '4' | '5';

/** A product's rating over its published reviews. */
export interface RatingSummary {
  readonly productId: string;
  readonly count: number;
  /** The mean of the ratings, unrounded (the search read model's `rating` is the same number); null without any. */
  readonly average: number | null;
  /** How many published reviews gave each number of stars. */
  readonly distribution: Readonly<Record<Stars, number>>;
}

export const reviewView = (r: ReviewDocument): ReviewView => ({
  reviewId: r.reviewId,
  productId: r.productId,
  authorId: r.anonymous || r.authorErased ? null : r.authorId,
  rating: r.rating,
  words: r.words,
  writtenAt: r.writtenAt,
  followUp: r.followUp,
  reply: r.reply,
  helpful: r.helpfulVoters.length,
});

export const ratingSummaryView = (productId: string, document: RatingSummaryDocument | null): RatingSummary => {
  const { count, ratingSum, distribution } = document ?? emptySummary(productId, '');
  const [one, two, three, four, five] = distribution;
  return { productId, count, average: count === 0 ? null : ratingSum / count, distribution: { '1': one, '2': two, '3': three, '4': four, '5': five } };
};
