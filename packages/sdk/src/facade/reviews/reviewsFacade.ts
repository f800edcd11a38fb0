import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { z } from 'zod';
import type { HandleOptions } from '@shopstream/kernel';
import { isPlaced, orderStream } from '@shopstream/commerce/ordering';
import { commerceReader } from '@shopstream/commerce/processes';
import { ReviewCommand, ReviewContent, checkContent, checkFollowUp, defaultReviewPolicy, reviews as reviewDecider, reviewStream, sealContent } from '@shopstream/commerce/reviews';
import type { Review, ReviewError } from '@shopstream/commerce/reviews';
import type { Sealed } from '@shopstream/commerce';
import { reviewsQueries } from '@shopstream/read-models/reviews';
import type { ReviewView } from '@shopstream/read-models/reviews';
import type { ShopContext } from '../../shop/context.js';
import { loadAggregate } from '../../shop/handlers.js';
import type { ShopError } from '../errors.js';
import { parse } from '../support.js';
import { pageOf } from '../orders/ordersFacade.js';
import type { AuthoredReview, PublicReview, ReviewsFacade } from './api.js';
import { wordsReader } from './words.js';

/** The shape of what an author writes (the text's length, the images' form); the policy's rules come after. */
const WordsInput = z.strictObject({ text: ReviewContent.shape.text, images: z.array(z.string()) });

const SEPARATOR = '~';

/** One review per order line, so its id says which line: a retried post finds the review it already wrote. */
export const reviewIdFor = (orderId: string, lineId: string): string => `${orderId}${SEPARATOR}${lineId}`;

const lineOf = (reviewId: string): { readonly orderId: string; readonly lineId: string } | null => {
  const at = reviewId.lastIndexOf(SEPARATOR);
  return at <= 0 || at === reviewId.length - 1 ? null : { orderId: reviewId.slice(0, at), lineId: reviewId.slice(at + 1) };
};

export const reviewsFacade = (context: ShopContext): ReviewsFacade => {
  const { handlers, gate, storage, vault } = context;
  const read = commerceReader(storage.eventStore, context.handlers);
  // Read-your-writes comes from the gate: a review command returns once this read model includes its events.
  const queries = reviewsQueries(context.projections);
  const show = wordsReader(vault, storage.eventStore);

  /**
   * Checks the words in clear, then seals them under the author's key: nothing after this point (the command,
   * the event, the read models) holds them in clear. A subject already erased cannot have anything sealed: the
   * key store refuses, which the command gate answers as the closed account it is.
   */
  const seal = async (authorId: string, input: unknown, check: (words: ReviewContent) => Either<ReviewError, ReviewContent>): Promise<Either<ShopError, Sealed>> => {
    const parsed = parse(WordsInput, input);
    if (E.isLeft(parsed)) return parsed;
    const checked = check(parsed.right);
    if (E.isLeft(checked)) return checked;
    return E.right(await sealContent(vault, authorId, checked.right));
  };

  const publicReview = async (review: ReviewView): Promise<PublicReview> => {
    const { words, followUp, ...rest } = review;
    const [shown, later] = await Promise.all([show(words), followUp === null ? null : show(followUp.words)]);
    return { ...rest, ...shown, followUp: followUp === null || later === null ? null : { ...later, at: followUp.at } };
  };

  const load = async (reviewId: string): Promise<Review | null> => {
    const line = lineOf(reviewId);
    if (line === null) return null;
    const { state } = await loadAggregate(storage.eventStore, reviewDecider, reviewStream(line.orderId, line.lineId));
    return state.status === 'none' ? null : state;
  };

  const send = async (reviewId: string, command: unknown, h: HandleOptions): Promise<Either<ShopError, Review>> => {
    const line = lineOf(reviewId);
    if (line === null) return E.left({ _tag: 'NotFound', entity: 'review', id: reviewId });
    const parsed = parse(ReviewCommand, command);
    if (E.isLeft(parsed)) return parsed;
    const result = await handlers.reviews(reviewStream(line.orderId, line.lineId), parsed.right, h);
    if (E.isLeft(result)) return result;
    const state = result.right.state;
    return state.status === 'none' ? E.left({ _tag: 'NotFound', entity: 'review', id: reviewId }) : E.right(state);
  };

  return {
    post: (customerId, input, options) =>
      gate.run(options, async (h) => {
        const order = await read.order(input.orderId);
        if (!isPlaced(order) || order.customerId !== customerId) return E.left({ _tag: 'NotFound', entity: 'order', id: input.orderId } as const);
        const line = order.lines.find((l) => l.lineId === input.lineId);
        if (!line) return E.left({ _tag: 'UnknownOrderLine', orderId: input.orderId, lineId: input.lineId } as const);
        const deliveries = (await storage.eventStore.readStream(orderStream(input.orderId))).filter((e) => e.type === 'OrderLinesDelivered');
        const last = deliveries.at(-1)?.data as { readonly deliveredAt?: unknown } | undefined;
        const deliveredAt = line.delivered && typeof last?.deliveredAt === 'string' ? last.deliveredAt : null;
        const reviewId = reviewIdFor(input.orderId, input.lineId);
        const content = await seal(customerId, { text: input.text, images: [...(input.images ?? [])] }, (words) => checkContent(defaultReviewPolicy, words));
        if (E.isLeft(content)) return content;
        return send(
          reviewId,
          {
            type: 'WriteReview',
            reviewId,
            orderId: input.orderId,
            lineId: input.lineId,
            productId: line.productId,
            authorId: customerId,
            anonymous: input.anonymous ?? false,
            rating: input.rating,
            content: content.right,
            purchase: { buyerId: order.customerId, deliveredAt },
          },
          h,
        );
      }),

    get: load,

    forProduct: async (productId, page = {}) => {
      const listed = await queries.productReviews(productId, pageOf(page));
      if (E.isLeft(listed)) return listed;
      const items = await Promise.all(listed.right.items.map(publicReview));
      return E.right({ ...listed.right, items, summary: await queries.ratingSummary(productId) });
    },

    ratingSummary: (productId) => queries.ratingSummary(productId),

    writtenBy: async (customerId) =>
      Promise.all(
        (await queries.writtenBy(customerId)).map(async (review): Promise<AuthoredReview> => {
          const [shown, later] = await Promise.all([show(review.words), review.followUp === null ? null : show(review.followUp.words)]);
          return {
            reviewId: review.reviewId,
            orderId: review.orderId,
            lineId: review.lineId,
            productId: review.productId,
            anonymous: review.anonymous,
            rating: review.rating,
            ...shown,
            writtenAt: review.writtenAt,
            followUp: review.followUp === null || later === null ? null : { ...later, at: review.followUp.at },
            status: review.status,
            hiddenReason: review.hiddenReason,
            // The merchant's text, not which staff member wrote it; votes as a count, never the voters.
            reply: review.reply === null ? null : { text: review.reply.text, at: review.reply.at, editedAt: review.reply.editedAt },
            helpful: review.helpfulVoters.length,
          };
        }),
      ),
    addFollowUp: (customerId, reviewId, input, options) =>
      gate.run(options, async (h) => {
        if (lineOf(reviewId) === null) return E.left({ _tag: 'NotFound', entity: 'review', id: reviewId } as const);
        const content = await seal(customerId, { text: input.text, images: [...(input.images ?? [])] }, (words) => checkFollowUp(defaultReviewPolicy, reviewId, words));
        if (E.isLeft(content)) return content;
        return send(reviewId, { type: 'AddFollowUp', reviewId, authorId: customerId, content: content.right }, h);
      }),

    reply: (reviewId, input, options) =>
      gate.run(options, async (h) => {
        const current = await load(reviewId);
        const type = current?.reply ? 'EditReply' : 'ReplyToReview';
        return send(reviewId, { type, reviewId, merchantId: input.merchantId, text: input.text }, h);
      }),

    moderate: (reviewId, input, options) =>
      gate.run(options, (h) =>
        send(reviewId, { type: input.action === 'hide' ? 'HideReview' : 'RestoreReview', reviewId, moderatorId: input.moderatorId, reason: input.reason }, h),
      ),

    voteHelpful: (reviewId, voterId, helpful, options) =>
      gate.run(options, (h) => send(reviewId, { type: helpful ? 'VoteHelpful' : 'WithdrawHelpfulVote', reviewId, voterId }, h)),
  };
};
