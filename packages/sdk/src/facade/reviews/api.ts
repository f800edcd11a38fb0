import type { Review } from '@shopstream/commerce/reviews';
import type { CallOptions, Outcome, PageRequest } from '../call.js';
import type { ReadModelPage } from '../insights/api.js';

export interface PostReviewInput {
  readonly orderId: string;
  readonly lineId: string;
  readonly rating: number;
  readonly text: string;
  readonly images?: readonly string[];
  readonly anonymous?: boolean;
}

/** A review as shoppers see it: the author left out when anonymous. */
export interface PublicReview {
  readonly reviewId: string;
  readonly productId: string;
  /** Null for an anonymous review. */
  readonly authorId: string | null;
  readonly rating: number;
  readonly text: string;
  readonly images: readonly string[];
  readonly writtenAt: string;
  readonly reply: Review['reply'];
  readonly helpful: number;
}

export interface ReviewsFacade {
  /** postReview: one per order line, by its buyer, once delivered. The review id is derived from the order line. */
  post(customerId: string, input: PostReviewInput, options?: CallOptions): Outcome<Review>;
  get(reviewId: string): Promise<Review | null>;
  /** listProductReviews: the published (not hidden) reviews of a product, newest first. */
  forProduct(productId: string, page?: PageRequest): Promise<ReadModelPage<PublicReview>>;
  addFollowUp(customerId: string, reviewId: string, input: { readonly text: string; readonly images?: readonly string[] }, options?: CallOptions): Outcome<Review>;
  /** replyToReview */
  reply(reviewId: string, input: { readonly merchantId: string; readonly text: string }, options?: CallOptions): Outcome<Review>;
  /** moderateReview */
  moderate(reviewId: string, input: { readonly moderatorId: string; readonly action: 'hide' | 'restore'; readonly reason: string }, options?: CallOptions): Outcome<Review>;
  voteHelpful(reviewId: string, voterId: string, helpful: boolean, options?: CallOptions): Outcome<Review>;
}
