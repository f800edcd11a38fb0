import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { HandleOptions } from '@shopstream/kernel';
import { isPlaced, orderStream } from '@shopstream/commerce/ordering';
import { commerceReader } from '@shopstream/commerce/processes';
import { ReviewCommand, reviews as reviewDecider, reviewStream } from '@shopstream/commerce/reviews';
import type { Review } from '@shopstream/commerce/reviews';
import type { ShopContext } from '../../shop/context.js';
import { loadAggregate } from '../../shop/handlers.js';
import type { ShopError } from '../errors.js';
import { parse } from '../support.js';
import type { AuthoredReview, PublicReview, ReviewsFacade } from './api.js';

const SEPARATOR = '~';

/** One review per order line, so its id says which line: a retried post finds the review it already wrote. */
export const reviewIdFor = (orderId: string, lineId: string): string => `${orderId}${SEPARATOR}${lineId}`;

const lineOf = (reviewId: string): { readonly orderId: string; readonly lineId: string } | null => {
  const at = reviewId.lastIndexOf(SEPARATOR);
  return at <= 0 || at === reviewId.length - 1 ? null : { orderId: reviewId.slice(0, at), lineId: reviewId.slice(at + 1) };
};

const DEFAULT_LIMIT = 20;

export const reviewsFacade = (context: ShopContext): ReviewsFacade => {
  const { handlers, gate, storage } = context;
  const read = commerceReader(storage.eventStore, context.handlers);

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
            text: input.text,
            images: [...(input.images ?? [])],
            purchase: { buyerId: order.customerId, deliveredAt },
          },
          h,
        );
      }),

    get: load,

    forProduct: async (productId, page = {}) => {
      // Written reviews from the log; their current state (hidden, replied, votes) from their streams.
      const written = (await storage.eventStore.readAll({ filter: { eventTypes: ['ReviewWritten'] } }))
        .map((e) => e.data as { reviewId: string; productId: string; authorId: string; anonymous: boolean; rating: number; text: string; images: string[]; writtenAt: string })
        .filter((d) => d.productId === productId)
        .reverse();
      const start = page.cursor ? Number.parseInt(page.cursor, 10) || 0 : 0;
      const limit = Math.min(100, Math.max(1, page.limit ?? DEFAULT_LIMIT));
      const items: PublicReview[] = [];
      let at = start;
      for (; at < written.length && items.length < limit; at++) {
        const data = written[at];
        if (!data) break;
        const state = await load(data.reviewId);
        if (state === null || state.status !== 'published') continue;
        items.push({
          reviewId: data.reviewId,
          productId: data.productId,
          authorId: data.anonymous ? null : data.authorId,
          rating: data.rating,
          text: data.text,
          images: data.images,
          writtenAt: data.writtenAt,
          reply: state.reply,
          helpful: state.helpfulVoters.length,
        });
      }
      return { items, nextCursor: at < written.length ? String(at) : null };
    },

    writtenBy: async (customerId) => {
      const mine = (events: readonly { readonly data: unknown }[]) =>
        events.map((e) => e.data as { reviewId: string; authorId: string; anonymous: boolean; text: string; images: string[]; writtenAt: string; at: string }).filter((d) => d.authorId === customerId);
      const written = mine(await storage.eventStore.readAll({ filter: { eventTypes: ['ReviewWritten'] } }));
      const followUps = new Map(mine(await storage.eventStore.readAll({ filter: { eventTypes: ['FollowUpAdded'] } })).map((d) => [d.reviewId, d]));
      const out: AuthoredReview[] = [];
      for (const data of written) {
        const state = await load(data.reviewId);
        if (state === null) continue;
        const followUp = followUps.get(data.reviewId);
        out.push({
          reviewId: state.reviewId,
          orderId: state.orderId,
          lineId: state.lineId,
          productId: state.productId,
          anonymous: data.anonymous,
          rating: state.rating,
          text: data.text,
          images: data.images,
          writtenAt: state.writtenAt,
          followUp: followUp === undefined ? null : { text: followUp.text, images: followUp.images, at: followUp.at },
          status: state.status,
          hiddenReason: state.hiddenReason,
          reply: state.reply === null ? null : { text: state.reply.text, at: state.reply.at, editedAt: state.reply.editedAt },
          helpful: state.helpfulVoters.length,
        });
      }
      return out;
    },

    addFollowUp: (customerId, reviewId, input, options) =>
      gate.run(options, (h) => send(reviewId, { type: 'AddFollowUp', reviewId, authorId: customerId, text: input.text, images: [...(input.images ?? [])] }, h)),

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
