import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { z } from 'zod';
import { Sealed } from '../shared/sealed.js';

const Instant = z.iso.datetime();
const reviewId = z.string().min(1);
export const ImageUrl = z.url({ protocol: /^https$/ });
export const Rating = z.number().int().min(1).max(5);

/** What an author writes: the text and the images, shown together, sealed together. */
export const ReviewContent = z.strictObject({ text: z.string().max(2000), images: z.array(ImageUrl) });
export type ReviewContent = z.infer<typeof ReviewContent>;

/**
 * Version 1 wrote a review's text and images in clear. Those events cannot be rewritten, so they read on as
 * this: the words as they were, marked as never sealed. Nothing writes it any more (the commands take Sealed).
 */
export const LegacyClearContent = z.strictObject({ clear: ReviewContent });
export type LegacyClearContent = z.infer<typeof LegacyClearContent>;

/** A review's words in an event: sealed under the author's key (version 2 on), or clear from version 1. */
export const StoredContent = z.union([Sealed, LegacyClearContent]);
export type StoredContent = z.infer<typeof StoredContent>;

export const isLegacyClear = (content: StoredContent): content is LegacyClearContent => 'clear' in content;

/** Lifts a version-1 payload's clear `text` and `images` into `content`, as they were. */
const clearContentOfV1 = (data: unknown): unknown => {
  if (typeof data !== 'object' || data === null) return data;
  const { text, images, ...rest } = data as Record<string, unknown>;
  return { ...rest, content: { clear: { text, images } } };
};

export const ReviewWritten = defineEvent(
  'ReviewWritten',
  z.strictObject({
    reviewId,
    orderId: z.string().min(1),
    lineId: z.string().min(1),
    productId: z.string().min(1),
    authorId: z.string().min(1),
    /** Shown without the author's name; the author is still known to the shop (one review per bought line). */
    anonymous: z.boolean(),
    rating: Rating,
    /** The text and images, sealed under `authorId` (erasing the author erases them). */
    content: StoredContent,
    writtenAt: Instant,
  }),
  { version: 2, upcasters: { 1: clearContentOfV1 } },
);

export const FollowUpAdded = defineEvent(
  'FollowUpAdded',
  z.strictObject({ reviewId, authorId: z.string().min(1), content: StoredContent, at: Instant }),
  { version: 2, upcasters: { 1: clearContentOfV1 } },
);

export const MerchantReplied = defineEvent('MerchantReplied', z.strictObject({ reviewId, merchantId: z.string().min(1), text: z.string().min(1).max(2000), at: Instant }));

export const MerchantReplyEdited = defineEvent('MerchantReplyEdited', z.strictObject({ reviewId, merchantId: z.string().min(1), text: z.string().min(1).max(2000), at: Instant }));

export const ReviewHidden = defineEvent('ReviewHidden', z.strictObject({ reviewId, moderatorId: z.string().min(1), reason: z.string().min(1).max(500), at: Instant }));

export const ReviewRestored = defineEvent('ReviewRestored', z.strictObject({ reviewId, moderatorId: z.string().min(1), reason: z.string().min(1).max(500), at: Instant }));

export const HelpfulVoteCast = defineEvent('HelpfulVoteCast', z.strictObject({ reviewId, voterId: z.string().min(1), at: Instant }));

export const HelpfulVoteWithdrawn = defineEvent('HelpfulVoteWithdrawn', z.strictObject({ reviewId, voterId: z.string().min(1), at: Instant }));

export const reviewEvents = [ReviewWritten, FollowUpAdded, MerchantReplied, MerchantReplyEdited, ReviewHidden, ReviewRestored, HelpfulVoteCast, HelpfulVoteWithdrawn] as const;

export type ReviewEvent = EventOf<(typeof reviewEvents)[number]>;
export type ReviewEventType = ReviewEvent['type'];
