import type { Review } from '@shopstream/commerce/reviews';

/** What the author added later (追评): shown under the review. */
export type FollowUpDocument = { readonly text: string; readonly images: readonly string[]; readonly at: string };

/**
 * A review as the reviews aggregate folds it (the same `evolve`, so the read model never disagrees with the domain
 * on status, reply or helpful voters), plus what shoppers read: the text, the images, the follow-up, and whether
 * the author may be named.
 */
export type ReviewDocument = Omit<Review, 'followUpAt'> & {
  readonly _id: string;
  /** The stream the review was written on (one per reviewed order line); only its events change the review. */
  readonly stream: string;
  /** Written as anonymous: shoppers never see who wrote it. */
  readonly anonymous: boolean;
  /** The author's personal data was erased: from then on the review is shown as anonymous. */
  readonly authorErased: boolean;
  readonly text: string;
  readonly images: readonly string[];
  readonly followUp: FollowUpDocument | null;
  readonly updatedAt: string;
};

/** Stars 1 to 5: how many published reviews gave each, at index `stars - 1`. */
export type StarCounts = readonly [number, number, number, number, number];

/** A product's rating over its published reviews, `_id` = product id. */
export type RatingSummaryDocument = {
  readonly _id: string;
  readonly productId: string;
  readonly count: number;
  readonly ratingSum: number;
  readonly distribution: StarCounts;
  readonly updatedAt: string;
};

/** A user whose personal data was erased, `_id` = user id: a review of theirs projected later is shown anonymous too. */
export type ErasedAuthorDocument = { readonly _id: string; readonly at: string };
