import { deciderSpecification } from '@shopstream/kernel/testing';
import { describe, it } from 'vitest';
import type { Sealed } from '../shared/sealed.js';
import type { WriteReview } from './commands.js';
import { reviewDecider, reviews } from './decider.js';
import type { ReviewEvent } from './events.js';

const spec = deciderSpecification(reviews);
const now = new Date('2026-02-01T00:00:00.000Z');
const at = now.toISOString();
/** An envelope as the vault makes it; the decider never looks inside, only at whose key sealed it. */
const sealedBy = (subject: string, label: string): Sealed => ({ v: 1, subject, keyId: 'key-1', iv: 'AAAAAAAAAAAAAAAA', data: Buffer.from(label).toString('base64'), tag: 'AAAAAAAAAAAAAAAAAAAAAA==' });
const words = sealedBy('c-1', 'review');

const write = (overrides: Partial<WriteReview> = {}): WriteReview => ({
  type: 'WriteReview',
  reviewId: 'r-1',
  orderId: 'o-1',
  lineId: 'line-1',
  productId: 'p-1',
  authorId: 'c-1',
  anonymous: false,
  rating: 5,
  content: words,
  purchase: { buyerId: 'c-1', deliveredAt: '2026-01-20T00:00:00.000Z' },
  ...overrides,
});
const written: ReviewEvent = {
  type: 'ReviewWritten',
  data: { reviewId: 'r-1', orderId: 'o-1', lineId: 'line-1', productId: 'p-1', authorId: 'c-1', anonymous: false, rating: 5, content: words, writtenAt: at },
};
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);
const replied: ReviewEvent = { type: 'MerchantReplied', data: { reviewId: 'r-1', merchantId: 'staff-1', text: '谢谢支持', at } };
const hidden: ReviewEvent = { type: 'ReviewHidden', data: { reviewId: 'r-1', moderatorId: 'mod-1', reason: 'contains a phone number', at } };
const voted: ReviewEvent = { type: 'HelpfulVoteCast', data: { reviewId: 'r-1', voterId: 'c-2', at } };

describe('WriteReview', () => {
  it('publishes a buyer’s review of a delivered line', () => {
    spec.given([]).when(write(), { now }).then([written]);
  });

  it('refuses a second review of the same line', () => {
    spec.given([written]).when(write({ rating: 1 })).then({ _tag: 'ReviewAlreadyWritten', orderId: 'o-1', lineId: 'line-1' });
  });

  it('refuses someone who did not buy the line', () => {
    spec.given([]).when(write({ authorId: 'c-2' })).then({ _tag: 'NotTheBuyer', orderId: 'o-1', authorId: 'c-2' });
  });

  it('refuses a line not yet delivered', () => {
    spec.given([]).when(write({ purchase: { buyerId: 'c-1', deliveredAt: null } })).then({ _tag: 'LineNotDelivered', orderId: 'o-1', lineId: 'line-1' });
  });

  it('refuses a rating outside 1 to 5', () => {
    spec.given([]).when(write({ rating: 0 })).then({ _tag: 'InvalidRating', rating: 0 });
    spec.given([]).when(write({ rating: 6 })).then({ _tag: 'InvalidRating', rating: 6 });
    spec.given([]).when(write({ rating: 4.5 })).then({ _tag: 'InvalidRating', rating: 4.5 });
  });

  it('refuses words sealed under anyone but the author: erasing the author would leave them readable', () => {
    spec.given([]).when(write({ content: sealedBy('c-2', 'review') })).then({ _tag: 'NotSealedForAuthor', reviewId: 'r-1', authorId: 'c-1', subject: 'c-2' });
  });
});

describe('AddFollowUp', () => {
  const command = { type: 'AddFollowUp' as const, reviewId: 'r-1', authorId: 'c-1', content: sealedBy('c-1', 'follow-up') };
  const followUp: ReviewEvent = { type: 'FollowUpAdded', data: { reviewId: 'r-1', authorId: 'c-1', content: command.content, at: later(30).toISOString() } };

  it('adds the author’s one follow-up', () => {
    spec.given([written]).when(command, { now: later(30) }).then([followUp]);
  });

  it('refuses a second follow-up', () => {
    spec.given([written, followUp]).when(command, { now: later(31) }).then({ _tag: 'FollowUpAlreadyAdded', reviewId: 'r-1' });
  });

  it('refuses anyone but the author', () => {
    spec.given([written]).when({ ...command, authorId: 'c-2', content: sealedBy('c-2', 'follow-up') }).then({ _tag: 'NotTheAuthor', reviewId: 'r-1', authorId: 'c-2' });
  });

  it('refuses after the window', () => {
    spec.given([written]).when(command, { now: new Date(later(180).getTime() + 1) }).then({ _tag: 'FollowUpWindowClosed', reviewId: 'r-1', deadline: later(180).toISOString() });
    deciderSpecification(reviewDecider({ followUpWindowDays: 7, maxImages: 9 })).given([written]).when(command, { now: later(8) }).thenFails('FollowUpWindowClosed');
  });

  it('refuses words sealed under anyone but the author', () => {
    spec.given([written]).when({ ...command, content: sealedBy('mod-1', 'follow-up') }, { now: later(1) }).then({ _tag: 'NotSealedForAuthor', reviewId: 'r-1', authorId: 'c-1', subject: 'mod-1' });
  });

  it('refuses a review that does not exist', () => {
    spec.given([]).when(command).then({ _tag: 'ReviewNotFound', reviewId: 'r-1' });
  });
});

describe('ReplyToReview', () => {
  const command = { type: 'ReplyToReview' as const, reviewId: 'r-1', merchantId: 'staff-1', text: ' 谢谢支持 ' };

  it('posts the merchant’s reply', () => {
    spec.given([written]).when(command, { now }).then([replied]);
  });

  it('refuses a second reply; edit the first instead', () => {
    spec.given([written, replied]).when(command).then({ _tag: 'ReplyAlreadyPosted', reviewId: 'r-1' });
  });

  it('refuses an empty reply', () => {
    spec.given([written]).when({ ...command, text: ' ' }).then({ _tag: 'EmptyReply', reviewId: 'r-1' });
  });

  it('refuses a review that does not exist', () => {
    spec.given([]).when(command).thenFails('ReviewNotFound');
  });
});

describe('EditReply', () => {
  const command = { type: 'EditReply' as const, reviewId: 'r-1', merchantId: 'staff-2', text: '谢谢支持，欢迎再来' };

  it('edits the reply', () => {
    spec.given([written, replied]).when(command, { now }).then([{ type: 'MerchantReplyEdited', data: { reviewId: 'r-1', merchantId: 'staff-2', text: command.text, at } }]);
  });

  it('changes nothing when the text is the same', () => {
    spec.given([written, replied]).when({ ...command, text: '谢谢支持' }).then([]);
  });

  it('refuses when there is no reply', () => {
    spec.given([written]).when(command).then({ _tag: 'NoReplyToEdit', reviewId: 'r-1' });
  });

  it('refuses to blank the reply', () => {
    spec.given([written, replied]).when({ ...command, text: '' }).then({ _tag: 'EmptyReply', reviewId: 'r-1' });
  });

  it('refuses a review that does not exist', () => {
    spec.given([]).when(command).thenFails('ReviewNotFound');
  });
});

describe('HideReview and RestoreReview', () => {
  const hide = { type: 'HideReview' as const, reviewId: 'r-1', moderatorId: 'mod-1', reason: 'contains a phone number' };
  const restore = { type: 'RestoreReview' as const, reviewId: 'r-1', moderatorId: 'mod-2', reason: 'appeal upheld' };

  it('hides a review with a reason', () => {
    spec.given([written]).when(hide, { now }).then([hidden]);
  });

  it('refuses to hide without a reason', () => {
    spec.given([written]).when({ ...hide, reason: ' ' }).then({ _tag: 'ModerationReasonRequired', reviewId: 'r-1' });
  });

  it('refuses to hide twice', () => {
    spec.given([written, hidden]).when(hide).then({ _tag: 'ReviewAlreadyHidden', reviewId: 'r-1' });
  });

  it('restores a hidden review with a reason', () => {
    spec.given([written, hidden]).when(restore, { now }).then([{ type: 'ReviewRestored', data: { reviewId: 'r-1', moderatorId: 'mod-2', reason: 'appeal upheld', at } }]);
  });

  it('refuses to restore without a reason', () => {
    spec.given([written, hidden]).when({ ...restore, reason: '' }).then({ _tag: 'ModerationReasonRequired', reviewId: 'r-1' });
  });

  it('refuses to restore a review that is not hidden', () => {
    spec.given([written]).when(restore).then({ _tag: 'ReviewNotHidden', reviewId: 'r-1' });
  });

  it('refuses a review that does not exist', () => {
    spec.given([]).when(hide).thenFails('ReviewNotFound');
    spec.given([]).when(restore).thenFails('ReviewNotFound');
  });
});

describe('VoteHelpful and WithdrawHelpfulVote', () => {
  const vote = { type: 'VoteHelpful' as const, reviewId: 'r-1', voterId: 'c-2' };
  const withdraw = { type: 'WithdrawHelpfulVote' as const, reviewId: 'r-1', voterId: 'c-2' };

  it('counts a vote', () => {
    spec.given([written]).when(vote, { now }).then([voted]);
  });

  it('refuses a second vote by the same user', () => {
    spec.given([written, voted]).when(vote).then({ _tag: 'AlreadyVoted', reviewId: 'r-1', voterId: 'c-2' });
  });

  it('refuses a vote on one’s own review', () => {
    spec.given([written]).when({ ...vote, voterId: 'c-1' }).then({ _tag: 'CannotVoteOwnReview', reviewId: 'r-1', voterId: 'c-1' });
  });

  it('refuses a vote on a hidden review', () => {
    spec.given([written, hidden]).when(vote).then({ _tag: 'ReviewIsHidden', reviewId: 'r-1' });
  });

  it('withdraws a vote, after which the user may vote again', () => {
    const withdrawn: ReviewEvent = { type: 'HelpfulVoteWithdrawn', data: { reviewId: 'r-1', voterId: 'c-2', at } };
    spec.given([written, voted]).when(withdraw, { now }).then([withdrawn]);
    spec.given([written, voted, withdrawn]).when(vote, { now }).then([voted]);
  });

  it('refuses to withdraw a vote never cast', () => {
    spec.given([written]).when(withdraw).then({ _tag: 'NotVoted', reviewId: 'r-1', voterId: 'c-2' });
  });

  it('refuses a review that does not exist', () => {
    spec.given([]).when(vote).thenFails('ReviewNotFound');
    spec.given([]).when(withdraw).thenFails('ReviewNotFound');
  });
});
