import { z } from 'zod';
import { Sealed } from '../shared/sealed.js';
import { Rating } from './events.js';

const reviewId = z.string().min(1);

/** What the order says about the line being reviewed, read by the caller: who bought it and whether it arrived. */
export const PurchaseFacts = z.strictObject({
  buyerId: z.string().min(1),
  deliveredAt: z.iso.datetime().nullable(),
});
export type PurchaseFacts = z.infer<typeof PurchaseFacts>;

export const WriteReview = z.strictObject({
  type: z.literal('WriteReview'),
  reviewId,
  orderId: z.string().min(1),
  lineId: z.string().min(1),
  productId: z.string().min(1),
  authorId: z.string().min(1),
  anonymous: z.boolean().default(false),
  rating: Rating,
  /** The text and images, checked (`checkContent`) and sealed under the author's id (`sealContent`). */
  content: Sealed,
  purchase: PurchaseFacts,
});

export const AddFollowUp = z.strictObject({
  type: z.literal('AddFollowUp'),
  reviewId,
  authorId: z.string().min(1),
  /** Checked (`checkFollowUp`) and sealed under the author's id (`sealContent`). */
  content: Sealed,
});

export const ReplyToReview = z.strictObject({ type: z.literal('ReplyToReview'), reviewId, merchantId: z.string().min(1), text: z.string().max(2000) });
export const EditReply = z.strictObject({ type: z.literal('EditReply'), reviewId, merchantId: z.string().min(1), text: z.string().max(2000) });
export const HideReview = z.strictObject({ type: z.literal('HideReview'), reviewId, moderatorId: z.string().min(1), reason: z.string().max(500) });
export const RestoreReview = z.strictObject({ type: z.literal('RestoreReview'), reviewId, moderatorId: z.string().min(1), reason: z.string().max(500) });
export const VoteHelpful = z.strictObject({ type: z.literal('VoteHelpful'), reviewId, voterId: z.string().min(1) });
export const WithdrawHelpfulVote = z.strictObject({ type: z.literal('WithdrawHelpfulVote'), reviewId, voterId: z.string().min(1) });

export const ReviewCommand = z.discriminatedUnion('type', [WriteReview, AddFollowUp, ReplyToReview, EditReply, HideReview, RestoreReview, VoteHelpful, WithdrawHelpfulVote]);
export type ReviewCommand = z.infer<typeof ReviewCommand>;
export type WriteReview = z.infer<typeof WriteReview>;
