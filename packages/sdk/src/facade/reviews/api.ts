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

/** A review as its author wrote it, for their own eyes (a data export): no other shopper's or staff member's id. */
export interface AuthoredReview {
  readonly reviewId: string;
  readonly orderId: string;
  readonly lineId: string;
  readonly productId: string;
  readonly anonymous: boolean;
  readonly rating: number;
  readonly text: string;
  readonly images: readonly string[];
  readonly writtenAt: string;
  readonly followUp: { readonly text: string; readonly images: readonly string[]; readonly at: string } | null;
  readonly status: Review['status'];
  readonly hiddenReason: string | null;
  readonly reply: { readonly text: string; readonly at: string; readonly editedAt: string | null } | null;
  readonly helpful: number;
}

export interface ReviewsFacade {
  /** postReview: one per order line, by its buyer, once delivered. The review id is derived from the order line. */
  post(customerId: string, input: PostReviewInput, options?: CallOptions): Outcome<Review>;
  get(reviewId: string): Promise<Review | null>;
  /** listProductReviews: the published (not hidden) reviews of a product, newest first. */
  forProduct(productId: string, page?: PageRequest): Promise<ReadModelPage<PublicReview>>;
  /** Every review a customer wrote, anonymous and hidden ones included, oldest first: for their data export. */
  writtenBy(customerId: string): Promise<readonly AuthoredReview[]>;
  addFollowUp(customerId: string, reviewId: string, input: { readonly text: string; readonly images?: readonly string[] }, options?: CallOptions): Outcome<Review>;
  /** replyToReview */
  reply(reviewId: string, input: { readonly merchantId: string; readonly text: string }, options?: CallOptions): Outcome<Review>;
  /** moderateReview */
  moderate(reviewId: string, input: { readonly moderatorId: string; readonly action: 'hide' | 'restore'; readonly reason: string }, options?: CallOptions): Outcome<Review>;
  voteHelpful(reviewId: string, voterId: string, helpful: boolean, options?: CallOptions): Outcome<Review>;
}
