import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { z } from 'zod';

const Instant = z.iso.datetime();
const reviewId = z.string().min(1);
export const ImageUrl = z.url({ protocol: /^https$/ });
export const Rating = z.number().int().min(1).max(5);

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
    text: z.string().max(2000),
    images: z.array(ImageUrl),
    writtenAt: Instant,
  }),
);

export const FollowUpAdded = defineEvent(
  'FollowUpAdded',
  z.strictObject({ reviewId, authorId: z.string().min(1), text: z.string().max(2000), images: z.array(ImageUrl), at: Instant }),
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
