import type { Review } from '@shopstream/commerce/reviews';
import type { RatingSummary as ProductRating, ReviewView } from '@shopstream/read-models/reviews';
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

/** A published review as shoppers see it: the author left out when anonymous or erased. */
export type PublicReview = ReviewView;

/** A product's rating over its published reviews: count, average (null without any) and count per star. */
export type RatingSummary = ProductRating;

/** A page of a product's reviews, with the product's rating summary beside it. */
export interface ProductReviewsPage extends ReadModelPage<PublicReview> {
  readonly summary: RatingSummary;
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
  /**
   * listProductReviews: the published (not hidden) reviews of a product, newest first, from the reviews read
   * model; the cursor is opaque and pages stay put while reviews are written. Left `InvalidCursor` for a cursor
   * the read model does not recognise.
   */
  forProduct(productId: string, page?: PageRequest): Outcome<ProductReviewsPage>;
  /** The product's rating over its published reviews. */
  ratingSummary(productId: string): Promise<RatingSummary>;
  /** Every review a customer wrote, anonymous and hidden ones included, oldest first: for their data export. */
  writtenBy(customerId: string): Promise<readonly AuthoredReview[]>;
  addFollowUp(customerId: string, reviewId: string, input: { readonly text: string; readonly images?: readonly string[] }, options?: CallOptions): Outcome<Review>;
  /** replyToReview */
  reply(reviewId: string, input: { readonly merchantId: string; readonly text: string }, options?: CallOptions): Outcome<Review>;
  /** moderateReview */
  moderate(reviewId: string, input: { readonly moderatorId: string; readonly action: 'hide' | 'restore'; readonly reason: string }, options?: CallOptions): Outcome<Review>;
  voteHelpful(reviewId: string, voterId: string, helpful: boolean, options?: CallOptions): Outcome<Review>;
}
