import type { Decider } from '@shopstream/kernel';
import { streamName } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import type { Sealed } from '../shared/sealed.js';
import type { ReviewCommand } from './commands.js';
import type { ReviewError } from './errors.js';
import type { ReviewEvent } from './events.js';
import type { Review, ReviewState } from './review.js';
import { evolve, initialState } from './review.js';
import type { ReviewPolicy } from './policy.js';
import { defaultReviewPolicy } from './policy.js';

export type { Review, ReviewState } from './review.js';

/**
 * One stream per reviewed order line, so "one review per line" is the store's own `no_stream` guarantee and not
 * a read-model check that two racing requests could both pass. Ids are UUIDs, so the pair cannot collide.
 */
export const reviewStream = (orderId: string, lineId: string): string => streamName('review', `${orderId}-${lineId}`);
type Decision = E.Either<ReviewError, readonly ReviewEvent[]>;

const existing = (state: ReviewState, reviewId: string): E.Either<ReviewError, Review> =>
  state.status === 'none' || state.reviewId !== reviewId ? E.left({ _tag: 'ReviewNotFound', reviewId }) : E.right(state);

/** The words must be sealed under their author's key, so that erasing the author erases them. */
const sealedForAuthor = (reviewId: string, authorId: string, content: Sealed): E.Either<ReviewError, Sealed> =>
  content.subject === authorId ? E.right(content) : E.left({ _tag: 'NotSealedForAuthor', reviewId, authorId, subject: content.subject });

const decideWith =
  (policy: ReviewPolicy) =>
  (command: ReviewCommand, state: ReviewState, { now }: { now: Date }): Decision => {
    const at = now.toISOString();
    return match(command)
      .with({ type: 'WriteReview' }, (c): Decision => {
        if (state.status !== 'none') return E.left({ _tag: 'ReviewAlreadyWritten', orderId: c.orderId, lineId: c.lineId });
        if (c.purchase.buyerId !== c.authorId) return E.left({ _tag: 'NotTheBuyer', orderId: c.orderId, authorId: c.authorId });
        if (c.purchase.deliveredAt === null) return E.left({ _tag: 'LineNotDelivered', orderId: c.orderId, lineId: c.lineId });
        if (!Number.isInteger(c.rating) || c.rating < 1 || c.rating > 5) return E.left({ _tag: 'InvalidRating', rating: c.rating });
        return E.flatMap(sealedForAuthor(c.reviewId, c.authorId, c.content), (content): Decision =>
          E.right([
            {
              type: 'ReviewWritten',
              data: {
                reviewId: c.reviewId,
                orderId: c.orderId,
                lineId: c.lineId,
                productId: c.productId,
                authorId: c.authorId,
                anonymous: c.anonymous,
                rating: c.rating,
                content,
                writtenAt: at,
              },
            },
          ]),
        );
      })
      .with({ type: 'AddFollowUp' }, (c) =>
        E.flatMap(existing(state, c.reviewId), (s): Decision => {
          if (s.authorId !== c.authorId) return E.left({ _tag: 'NotTheAuthor', reviewId: s.reviewId, authorId: c.authorId });
          if (s.followUpAt !== null) return E.left({ _tag: 'FollowUpAlreadyAdded', reviewId: s.reviewId });
          const deadline = Date.parse(s.writtenAt) + policy.followUpWindowDays * 86_400_000;
          if (now.getTime() > deadline) return E.left({ _tag: 'FollowUpWindowClosed', reviewId: s.reviewId, deadline: new Date(deadline).toISOString() });
          return E.flatMap(sealedForAuthor(s.reviewId, c.authorId, c.content), (content): Decision =>
            E.right([{ type: 'FollowUpAdded', data: { reviewId: s.reviewId, authorId: c.authorId, content, at } }]),
          );
        }),
      )
      .with({ type: 'ReplyToReview' }, (c) =>
        E.flatMap(existing(state, c.reviewId), (s): Decision => {
          if (s.reply !== null) return E.left({ _tag: 'ReplyAlreadyPosted', reviewId: s.reviewId });
          const text = c.text.trim();
          if (text.length === 0) return E.left({ _tag: 'EmptyReply', reviewId: s.reviewId });
          return E.right([{ type: 'MerchantReplied', data: { reviewId: s.reviewId, merchantId: c.merchantId, text, at } }]);
        }),
      )
      .with({ type: 'EditReply' }, (c) =>
        E.flatMap(existing(state, c.reviewId), (s): Decision => {
          if (s.reply === null) return E.left({ _tag: 'NoReplyToEdit', reviewId: s.reviewId });
          const text = c.text.trim();
          if (text.length === 0) return E.left({ _tag: 'EmptyReply', reviewId: s.reviewId });
          if (text === s.reply.text) return E.right([]);
          return E.right([{ type: 'MerchantReplyEdited', data: { reviewId: s.reviewId, merchantId: c.merchantId, text, at } }]);
        }),
      )
      .with({ type: 'HideReview' }, (c) =>
        E.flatMap(existing(state, c.reviewId), (s): Decision => {
          const reason = c.reason.trim();
          if (reason.length === 0) return E.left({ _tag: 'ModerationReasonRequired', reviewId: s.reviewId });
          if (s.status === 'hidden') return E.left({ _tag: 'ReviewAlreadyHidden', reviewId: s.reviewId });
          return E.right([{ type: 'ReviewHidden', data: { reviewId: s.reviewId, moderatorId: c.moderatorId, reason, at } }]);
        }),
      )
      .with({ type: 'RestoreReview' }, (c) =>
        E.flatMap(existing(state, c.reviewId), (s): Decision => {
          const reason = c.reason.trim();
          if (reason.length === 0) return E.left({ _tag: 'ModerationReasonRequired', reviewId: s.reviewId });
          if (s.status !== 'hidden') return E.left({ _tag: 'ReviewNotHidden', reviewId: s.reviewId });
          return E.right([{ type: 'ReviewRestored', data: { reviewId: s.reviewId, moderatorId: c.moderatorId, reason, at } }]);
        }),
      )
      .with({ type: 'VoteHelpful' }, (c) =>
        E.flatMap(existing(state, c.reviewId), (s): Decision => {
          if (s.status === 'hidden') return E.left({ _tag: 'ReviewIsHidden', reviewId: s.reviewId });
          if (s.authorId === c.voterId) return E.left({ _tag: 'CannotVoteOwnReview', reviewId: s.reviewId, voterId: c.voterId });
          if (s.helpfulVoters.includes(c.voterId)) return E.left({ _tag: 'AlreadyVoted', reviewId: s.reviewId, voterId: c.voterId });
          return E.right([{ type: 'HelpfulVoteCast', data: { reviewId: s.reviewId, voterId: c.voterId, at } }]);
        }),
      )
      .with({ type: 'WithdrawHelpfulVote' }, (c) =>
        E.flatMap(existing(state, c.reviewId), (s): Decision =>
          s.helpfulVoters.includes(c.voterId)
            ? E.right([{ type: 'HelpfulVoteWithdrawn', data: { reviewId: s.reviewId, voterId: c.voterId, at } }])
            : E.left({ _tag: 'NotVoted', reviewId: s.reviewId, voterId: c.voterId }),
        ),
      )
      .exhaustive();
  };

export const reviewDecider = (policy: ReviewPolicy = defaultReviewPolicy): Decider<ReviewState, ReviewCommand, ReviewEvent, ReviewError> => ({
  initialState,
  evolve,
  decide: decideWith(policy),
});

/** The review decider under the default policy; one stream per reviewed line (`reviewStream`). */
export const reviews = reviewDecider();
