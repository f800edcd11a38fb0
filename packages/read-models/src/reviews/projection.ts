import { defineProjection, idOf, toEvent } from '@shopstream/kernel';
import type { ProjectionContext, ProjectionHandlers, RecordedEvent } from '@shopstream/kernel';
import type { UserEvent } from '@shopstream/commerce/identity';
import { isLegacyClear, reviews as reviewDecider } from '@shopstream/commerce/reviews';
import type { Review, ReviewEvent, ReviewState, StoredContent } from '@shopstream/commerce/reviews';
import type { ErasedAuthorDocument, RatingSummaryDocument, ReviewDocument, ReviewWords } from './documents.js';
import { countRating, emptySummary } from './summary.js';

export const REVIEWS_PROJECTION = 'reviews';

type ReviewsCollection = 'reviews' | 'summaries' | 'erasedAuthors';
type ReviewsContext = ProjectionContext<ReviewsCollection>;
type Erased = Extract<UserEvent, { type: 'PersonalDataErased' }>;

const stateOf = (document: ReviewDocument): Review => {
  const { _id, stream: _stream, anonymous: _anonymous, authorErased: _erased, words: _words, followUp, updatedAt: _updated, ...review } = document;
  return { ...review, followUpAt: followUp?.at ?? null };
};

const heldOf = ({ followUpAt: _followUpAt, ...review }: Review) => review;

/** Sealed words are kept as sealed; clear legacy words are only pointed at, in the event that holds them. */
const wordsOf = (event: RecordedEvent, content: StoredContent): ReviewWords =>
  isLegacyClear(content) ? { kind: 'legacy', stream: event.stream, revision: event.revision } : { kind: 'sealed', sealed: content };

const isErased = async (ctx: ReviewsContext, authorId: string): Promise<boolean> => (await ctx.collection<ErasedAuthorDocument>('erasedAuthors').get(authorId)) !== null;

const isPublished = (document: ReviewDocument | null): boolean => document?.status === 'published';

/** Keeps the product's summary in step with a review moving into or out of the published set. */
const recount = async (ctx: ReviewsContext, before: ReviewDocument | null, after: ReviewDocument, at: string): Promise<void> => {
  const delta = Number(isPublished(after)) - Number(isPublished(before));
  if (delta === 0) return;
  const summaries = ctx.collection<RatingSummaryDocument>('summaries');
  const summary = (await summaries.get(after.productId)) ?? emptySummary(after.productId, at);
  await summaries.replaceOne(countRating(summary, after.rating, delta > 0 ? 1 : -1, at));
};

const onWritten = async (event: RecordedEvent<'ReviewWritten', Extract<ReviewEvent, { type: 'ReviewWritten' }>['data']>, ctx: ReviewsContext): Promise<void> => {
  const reviews = ctx.collection<ReviewDocument>('reviews');
  const d = event.data;
  // The first review under an id wins, as in the aggregate.
  if ((await reviews.get(d.reviewId)) !== null) return;
  const next: ReviewState = reviewDecider.evolve(reviewDecider.initialState(), toEvent<ReviewEvent>(event));
  if (next.status === 'none') return;
  const authorErased = await isErased(ctx, d.authorId);
  const document: ReviewDocument = {
    ...heldOf(next),
    _id: d.reviewId,
    stream: event.stream,
    anonymous: d.anonymous,
    authorErased,
    words: authorErased ? null : wordsOf(event, d.content),
    followUp: null,
    updatedAt: event.occurredAt,
  };
  await reviews.replaceOne(document);
  await recount(ctx, null, document, event.occurredAt);
};

/**
 * Only the author's own words are kept, and only while they are not erased. The decider refuses a follow-up by
 * anyone else; a log holding one anyway must not show another person's words, which their erasure would not reach.
 */
const followUpWords = (review: ReviewDocument, event: RecordedEvent, data: { readonly authorId: string; readonly content: StoredContent }): ReviewWords | null =>
  review.authorErased || data.authorId !== review.authorId ? null : wordsOf(event, data.content);

/** Folds a later event into its review with the aggregate's own `evolve`; news of a review never written changes nothing. */
const onReview = async (event: RecordedEvent, ctx: ReviewsContext, reviewId: string): Promise<void> => {
  const reviews = ctx.collection<ReviewDocument>('reviews');
  const current = await reviews.get(reviewId);
  // Only the stream the review was written on speaks for it.
  if (current === null || current.stream !== event.stream) return;
  const domainEvent = toEvent<ReviewEvent>(event);
  const next = reviewDecider.evolve(stateOf(current), domainEvent);
  if (next.status === 'none') return;
  const document: ReviewDocument = {
    ...current,
    ...heldOf(next),
    followUp: domainEvent.type === 'FollowUpAdded' ? { words: followUpWords(current, event, domainEvent.data), at: domainEvent.data.at } : current.followUp,
    updatedAt: event.occurredAt,
  };
  await reviews.replaceOne(document);
  await recount(ctx, current, document, event.occurredAt);
};

const reviewHandlers: ProjectionHandlers<ReviewEvent, ReviewsCollection> = {
  ReviewWritten: onWritten,
  FollowUpAdded: (event, ctx) => onReview(event, ctx, event.data.reviewId),
  MerchantReplied: (event, ctx) => onReview(event, ctx, event.data.reviewId),
  MerchantReplyEdited: (event, ctx) => onReview(event, ctx, event.data.reviewId),
  ReviewHidden: (event, ctx) => onReview(event, ctx, event.data.reviewId),
  ReviewRestored: (event, ctx) => onReview(event, ctx, event.data.reviewId),
  HelpfulVoteCast: (event, ctx) => onReview(event, ctx, event.data.reviewId),
  HelpfulVoteWithdrawn: (event, ctx) => onReview(event, ctx, event.data.reviewId),
};

const erasureHandlers: ProjectionHandlers<Erased, ReviewsCollection> = {
  /**
   * Erased authors are never named again and their words never shown again, on reviews already projected and on
   * any projected later; their ratings still count.
   */
  PersonalDataErased: async (event, ctx) => {
    const userId = idOf(event.stream);
    const erased = ctx.collection<ErasedAuthorDocument>('erasedAuthors');
    if ((await erased.get(userId)) === null) await erased.replaceOne({ _id: userId, at: event.data.at });
    const reviews = ctx.collection<ReviewDocument>('reviews');
    for (const review of await reviews.find({ authorId: userId, authorErased: false })) {
      const followUp = review.followUp === null ? null : { ...review.followUp, words: null };
      await reviews.replaceOne({ ...review, authorErased: true, words: null, followUp, updatedAt: event.occurredAt });
    }
  },
};

/** Per review what shoppers read, per product its rating over the published reviews. */
export const reviewsProjection = defineProjection<ReviewEvent | Erased, ReviewsCollection>({
  name: REVIEWS_PROJECTION,
  // 2: the words are kept sealed (or pointed at in the log), never in clear.
  version: 2,
  collections: {
    reviews: { indexes: [{ keys: { productId: 1, status: 1, writtenAt: -1 } }, { keys: { authorId: 1 } }] },
    summaries: {},
    erasedAuthors: {},
  },
  handlers: { ...reviewHandlers, ...erasureHandlers },
});
