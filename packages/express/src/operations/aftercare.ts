import { z } from 'zod';
import { Money } from '@shopstream/commerce';
import { CaseKind, ItemCondition, ReasonCode } from '@shopstream/commerce/afterSales';
import type { Review } from '@shopstream/commerce/reviews';
import type { CaseListFilter } from '@shopstream/sdk';
import type { RouteContext } from '../routing/context.js';
import { route } from '../routing/route.js';
import type { AnyRoute } from '../routing/route.js';
import { foundAtRevision, outcomeAtRevision } from './atRevision.js';
import { Id, JsonObject, Page, PageQuery, QueryBoolean, StaffDecision, Text, callOptions, callerOf, fromEither, pageOf, staffDecisionOf, viewerOf } from './support.js';

const CaseParams = z.strictObject({ caseId: Id });
const ReviewParams = z.strictObject({ reviewId: Id });
/** What a customer's follow-up or vote answers: the review's standing, never who else voted or its sealed words. */
const ReviewStanding = z.strictObject({ reviewId: z.string(), status: z.enum(['published', 'hidden']), rating: z.number(), followUpAt: z.string().nullable(), helpfulVotes: z.number() });
const standingOf = (review: Review): z.infer<typeof ReviewStanding> => ({
  reviewId: review.reviewId,
  status: review.status,
  rating: review.rating,
  followUpAt: review.followUpAt,
  helpfulVotes: review.helpfulVoters.length,
});
const Url = z.url().max(2048);
const StarCount = z.number().int().min(0);
/** The product's reviews page carries its rating summary beside the items. */
const ProductReviewsPage = Page.extend({
  summary: z.strictObject({
    productId: z.string(),
    count: StarCount,
    average: z.number().min(1).max(5).nullable(),
    distribution: z.strictObject({ '1': StarCount, '2': StarCount, '3': StarCount, '4': StarCount, '5': StarCount }),
  }),
});

/** openAfterSalesCase … withdrawAfterSalesCase, receiveReturnedItem, resolveAfterSalesCase, postReview … moderateReview (follow-ups and helpful votes included). */
export const aftercareRoutes = ({ shop }: RouteContext): AnyRoute[] => [
  route({
    operationId: 'openAfterSalesCase',
    method: 'post',
    path: '/cases',
    summary: 'Ask for a return, exchange or repair, or complain, about lines of my order',
    tag: 'after-sales',
    access: 'customer',
    body: z.strictObject({
      caseId: z.uuid().optional(),
      orderId: Id,
      kind: CaseKind,
      reason: ReasonCode,
      description: z.string().max(2000).optional(),
      evidence: z.array(Url).max(10).optional(),
      lines: z.array(z.strictObject({ lineId: Id, quantity: z.number().int().positive() })).min(1).max(200),
    }),
    response: JsonObject,
    status: 201,
    errors: [404, 409, 422],
    handler: async (input) => fromEither(await shop.afterSales.open(callerOf(input).userId, input.body, callOptions(input)), (opened) => opened, 201),
  }),
  route({
    operationId: 'getAfterSalesCase',
    method: 'get',
    path: '/cases/:caseId',
    summary: 'A case (mine; staff see any); the ETag is its revision',
    tag: 'after-sales',
    access: 'signedIn',
    params: CaseParams,
    response: JsonObject,
    conditional: true,
    errors: [404],
    handler: async ({ params, caller }) => foundAtRevision(await shop.afterSales.get(params.caseId, viewerOf(caller)), 'case', params.caseId),
  }),
  route({
    operationId: 'listMyAfterSalesCases',
    method: 'get',
    path: '/me/cases',
    summary: 'My cases, newest first',
    tag: 'after-sales',
    access: 'customer',
    query: PageQuery,
    response: Page,
    handler: async (input) => fromEither(await shop.afterSales.listMine(callerOf(input).userId, pageOf(input.query))),
  }),
  route({
    operationId: 'listAfterSalesCases',
    method: 'get',
    path: '/cases',
    summary: 'Every case, newest first (staff); needsAttention=true: the cases whose payout the payment refused, to settle by hand and close',
    tag: 'after-sales',
    access: 'staff',
    query: PageQuery.extend({
      status: z.string().regex(/^[a-z_]{1,32}$/).optional(),
      kind: CaseKind.optional(),
      customerId: Id.optional(),
      orderId: Id.optional(),
      needsAttention: QueryBoolean.optional(),
    }),
    response: Page,
    errors: [403],
    handler: async ({ query }) => {
      const { status, kind, customerId, orderId, needsAttention } = query;
      const filter: CaseListFilter = {
        ...pageOf(query),
        ...(status === undefined ? {} : { status: status as NonNullable<CaseListFilter['status']> }),
        ...(kind === undefined ? {} : { kind }),
        ...(customerId === undefined ? {} : { customerId }),
        ...(orderId === undefined ? {} : { orderId }),
        ...(needsAttention === undefined ? {} : { needsAttention }),
      };
      return fromEither(await shop.afterSales.list(filter));
    },
  }),
  route({
    operationId: 'decideAfterSalesCase',
    method: 'post',
    path: '/cases/:caseId/decision',
    summary: 'Approve or reject a case',
    tag: 'after-sales',
    access: 'admin',
    params: CaseParams,
    body: StaffDecision('approve'),
    response: JsonObject,
    conditional: true,
    errors: [403, 404, 409, 412, 422],
    handler: async (input) =>
      outcomeAtRevision(await shop.afterSales.decide(input.params.caseId, staffDecisionOf(input.body, callerOf(input).userId), callOptions(input))),
  }),
  route({
    operationId: 'sendReturnParcel',
    method: 'post',
    path: '/cases/:caseId/return-parcel',
    summary: 'Say which parcel carries the item back (an approved return, exchange or repair)',
    tag: 'after-sales',
    access: 'customer',
    params: CaseParams,
    body: z.strictObject({ carrier: Text(64), waybillNumber: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9-]+$/) }),
    response: JsonObject,
    conditional: true,
    errors: [404, 409, 412, 422],
    handler: async (input) => outcomeAtRevision(await shop.afterSales.recordReturnParcel(callerOf(input).userId, input.params.caseId, input.body, callOptions(input))),
  }),
  route({
    operationId: 'withdrawAfterSalesCase',
    method: 'post',
    path: '/cases/:caseId/withdrawal',
    summary: 'Withdraw my case while it is still open',
    tag: 'after-sales',
    access: 'customer',
    params: CaseParams,
    body: z.strictObject({ reason: Text(2000).optional() }),
    response: JsonObject,
    conditional: true,
    errors: [404, 409, 412, 422],
    handler: async (input) => outcomeAtRevision(await shop.afterSales.cancel(callerOf(input).userId, input.params.caseId, input.body.reason, callOptions(input))),
  }),
  route({
    operationId: 'receiveReturnedItem',
    method: 'post',
    path: '/cases/:caseId/received-item',
    summary: 'Record the returned item as received, and its condition',
    tag: 'after-sales',
    access: 'admin',
    params: CaseParams,
    body: z.strictObject({ condition: ItemCondition, note: z.string().max(1000).optional() }),
    response: JsonObject,
    conditional: true,
    errors: [403, 404, 409, 412, 422],
    handler: async (input) => {
      const { condition, note } = input.body;
      const received = { staffId: callerOf(input).userId, condition, ...(note === undefined ? {} : { note }) };
      return outcomeAtRevision(await shop.afterSales.receiveItem(input.params.caseId, received, callOptions(input)));
    },
  }),
  route({
    operationId: 'resolveAfterSalesCase',
    method: 'post',
    path: '/cases/:caseId/resolution',
    summary: 'Settle a case: a complaint resolved, a replacement or repair shipped, or closed',
    tag: 'after-sales',
    access: 'admin',
    params: CaseParams,
    body: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('resolve_complaint'), resolution: Text(1000), compensation: Money.nullable().optional() }),
      z.strictObject({ kind: z.literal('ship_replacement'), shipmentId: z.uuid().optional() }),
      z.strictObject({ kind: z.literal('return_repaired'), shipmentId: z.uuid().optional(), repairNote: Text(1000) }),
      z.strictObject({ kind: z.literal('close') }),
    ]),
    response: JsonObject,
    conditional: true,
    errors: [403, 404, 409, 412, 422],
    handler: async (input) => outcomeAtRevision(await shop.afterSales.resolve(input.params.caseId, input.body, callOptions(input))),
  }),
  route({
    operationId: 'postReview',
    method: 'post',
    path: '/reviews',
    summary: 'Review a delivered order line of mine (one review per line)',
    tag: 'reviews',
    access: 'customer',
    body: z.strictObject({
      orderId: Id,
      lineId: Id,
      rating: z.number().int().min(1).max(5),
      // The domain's own limit: longer text would otherwise be refused only after the order was read.
      text: z.string().max(2000),
      images: z.array(Url).max(9).optional(),
      anonymous: z.boolean().optional(),
    }),
    response: JsonObject,
    status: 201,
    errors: [400, 403, 404, 409, 422],
    handler: async (input) => fromEither(await shop.reviews.post(callerOf(input).userId, input.body, callOptions(input)), (review) => review, 201),
  }),
  route({
    operationId: 'listProductReviews',
    method: 'get',
    path: '/products/:productId/reviews',
    summary: "A product's published reviews, newest first; an erased author's review keeps its rating, its words are gone (text null, removed: 'author-erased')",
    tag: 'reviews',
    access: 'public',
    params: z.strictObject({ productId: Id }),
    query: PageQuery,
    response: ProductReviewsPage,
    handler: async ({ params, query }) => fromEither(await shop.reviews.forProduct(params.productId, pageOf(query))),
  }),
  route({
    operationId: 'addReviewFollowUp',
    method: 'post',
    path: '/reviews/:reviewId/follow-up',
    summary: 'Add my one follow-up to a review of mine (sealed under my key like the review), within the follow-up window',
    tag: 'reviews',
    access: 'customer',
    params: ReviewParams,
    body: z.strictObject({ text: z.string().max(2000), images: z.array(Url).max(9).optional() }),
    response: ReviewStanding,
    status: 201,
    errors: [400, 403, 404, 409, 422],
    handler: async (input) =>
      fromEither(await shop.reviews.addFollowUp(callerOf(input).userId, input.params.reviewId, input.body, callOptions(input)), standingOf, 201),
  }),
  route({
    operationId: 'voteReviewHelpful',
    method: 'post',
    path: '/reviews/:reviewId/helpful-vote',
    summary: "Say someone else's review helped me (once; 409 AlreadyVoted)",
    tag: 'reviews',
    access: 'customer',
    params: ReviewParams,
    response: ReviewStanding,
    errors: [404, 409, 422],
    handler: async (input) => fromEither(await shop.reviews.voteHelpful(input.params.reviewId, callerOf(input).userId, true, callOptions(input)), standingOf),
  }),
  route({
    operationId: 'withdrawReviewHelpfulVote',
    method: 'delete',
    path: '/reviews/:reviewId/helpful-vote',
    summary: 'Take back my helpful vote (422 NotVoted when there is none)',
    tag: 'reviews',
    access: 'customer',
    params: ReviewParams,
    response: ReviewStanding,
    errors: [404, 422],
    handler: async (input) => fromEither(await shop.reviews.voteHelpful(input.params.reviewId, callerOf(input).userId, false, callOptions(input)), standingOf),
  }),
  route({
    operationId: 'replyToReview',
    method: 'post',
    path: '/reviews/:reviewId/reply',
    summary: "The merchant's reply to a review",
    tag: 'reviews',
    access: 'admin',
    params: ReviewParams,
    body: z.strictObject({ text: Text(2000) }),
    response: JsonObject,
    errors: [403, 404, 409, 422],
    handler: async (input) =>
      fromEither(await shop.reviews.reply(input.params.reviewId, { merchantId: callerOf(input).userId, text: input.body.text }, callOptions(input))),
  }),
  route({
    operationId: 'moderateReview',
    method: 'post',
    path: '/reviews/:reviewId/moderation',
    summary: 'Hide or restore a review',
    tag: 'reviews',
    access: 'admin',
    params: ReviewParams,
    body: z.strictObject({ action: z.enum(['hide', 'restore']), reason: Text(1000) }),
    response: JsonObject,
    errors: [403, 404, 409, 422],
    handler: async (input) =>
      fromEither(await shop.reviews.moderate(input.params.reviewId, { moderatorId: callerOf(input).userId, ...input.body }, callOptions(input))),
  }),
];
