// Events
export {
  FollowUpAdded,
  HelpfulVoteCast,
  HelpfulVoteWithdrawn,
  ImageUrl,
  MerchantReplied,
  MerchantReplyEdited,
  Rating,
  ReviewHidden,
  ReviewRestored,
  ReviewWritten,
  reviewEvents,
} from './events.js';
export type { ReviewEvent, ReviewEventType } from './events.js';

// Commands, errors, decider
export { AddFollowUp, EditReply, HideReview, PurchaseFacts, ReplyToReview, RestoreReview, ReviewCommand, VoteHelpful, WithdrawHelpfulVote, WriteReview } from './commands.js';
export type { ReviewError, ReviewErrorTag } from './errors.js';
export { defaultReviewPolicy, reviewDecider, reviewStream, reviews } from './decider.js';
export type { ReviewPolicy } from './decider.js';
export type { Review, ReviewState } from './review.js';
