// Events
export {
  FollowUpAdded,
  HelpfulVoteCast,
  HelpfulVoteWithdrawn,
  ImageUrl,
  LegacyClearContent,
  MerchantReplied,
  MerchantReplyEdited,
  Rating,
  ReviewHidden,
  ReviewRestored,
  ReviewContent,
  ReviewWritten,
  StoredContent,
  isLegacyClear,
  reviewEvents,
} from './events.js';
export type { ReviewEvent, ReviewEventType } from './events.js';

// The words: checked, sealed under the author's key, opened to null once the author is erased
export { ReviewContentError, checkContent, checkFollowUp, openContent, sealContent } from './content.js';

// Commands, errors, decider
export { AddFollowUp, EditReply, HideReview, PurchaseFacts, ReplyToReview, RestoreReview, ReviewCommand, VoteHelpful, WithdrawHelpfulVote, WriteReview } from './commands.js';
export type { ReviewError, ReviewErrorTag } from './errors.js';
export { reviewDecider, reviewStream, reviews } from './decider.js';
export { defaultReviewPolicy } from './policy.js';
export type { ReviewPolicy } from './policy.js';
export type { Review, ReviewState } from './review.js';
