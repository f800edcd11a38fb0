import type { Sealed } from '@shopstream/commerce';
import type { Review } from '@shopstream/commerce/reviews';

/**
 * Where a review's words (text and images) are. The read model never holds them in clear: words written since
 * version 2 stay in the envelope sealed under the author's key, opened through the vault when shown; words of a
 * version-1 event, written in clear, stay only in the log, read from that event when shown. Null once the author's
 * personal data is erased: the envelope would open to nothing, and the clear legacy words must no longer be shown.
 */
export type ReviewWords =
  | { readonly kind: 'sealed'; readonly sealed: Sealed }
  | { readonly kind: 'legacy'; readonly stream: string; readonly revision: number };

/** What the author added later (追评): shown under the review. */
export type FollowUpDocument = { readonly words: ReviewWords | null; readonly at: string };

/**
 * A review as the reviews aggregate folds it (the same `evolve`, so the read model never disagrees with the domain
 * on status, reply or helpful voters), plus what shoppers read: where the words are, the follow-up, and whether
 * the author may be named.
 */
export type ReviewDocument = Omit<Review, 'followUpAt'> & {
  readonly _id: string;
  /** The stream the review was written on (one per reviewed order line); only its events change the review. */
  readonly stream: string;
  /** Written as anonymous: shoppers never see who wrote it. */
  readonly anonymous: boolean;
  /** The author's personal data was erased: from then on the review is shown as anonymous, its rating without words. */
  readonly authorErased: boolean;
  readonly words: ReviewWords | null;
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

/** A user whose personal data was erased, `_id` = user id: a review of theirs projected later is shown anonymous and without words too. */
export type ErasedAuthorDocument = { readonly _id: string; readonly at: string };
