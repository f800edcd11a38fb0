import type { Review } from '@shopstream/commerce/reviews';
import type { RatingSummary as ProductRating } from '@shopstream/read-models/reviews';
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

/** Why a review's words are not shown. */
export type ReviewRemoval = 'author-erased';

/**
 * A review's (or follow-up's) words as shown: opened from their seal at the moment they are shown. Once the
 * author's personal data is erased the text is null, the images empty and `removed` says why; the rating stays.
 */
export interface ShownWords {
  readonly text: string | null;
  readonly images: readonly string[];
  readonly removed: ReviewRemoval | null;
}

/** A published review as shoppers see it: the author left out when anonymous or erased, the words when erased. */
export interface PublicReview extends ShownWords {
  readonly reviewId: string;
  readonly productId: string;
  /** Null when the review was written anonymously or its author's personal data was erased. */
  readonly authorId: string | null;
  readonly rating: number;
  readonly writtenAt: string;
  /** What the author added later (追评). */
  readonly followUp: (ShownWords & { readonly at: string }) | null;
  readonly reply: Review['reply'];
  /** How many shoppers found it helpful. */
  readonly helpful: number;
}

/** A product's rating over its published reviews: count, average (null without any) and count per star. */
export type RatingSummary = ProductRating;

/** A page of a product's reviews, with the product's rating summary beside it. */
export interface ProductReviewsPage extends ReadModelPage<PublicReview> {
  readonly summary: RatingSummary;
}

/** A review as its author wrote it, for their own eyes (a data export): no other shopper's or staff member's id. */
export interface AuthoredReview extends ShownWords {
  readonly reviewId: string;
  readonly orderId: string;
  readonly lineId: string;
  readonly productId: string;
  readonly anonymous: boolean;
  readonly rating: number;
  readonly writtenAt: string;
  readonly followUp: (ShownWords & { readonly at: string }) | null;
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
