import { z } from 'zod';
import { Money } from '@shopstream/commerce';
import { PAYMENT_METHODS, CardDetails, PaymentMethod } from '@shopstream/commerce/payment';
import { Place } from '@shopstream/commerce/shipping';
import type { RouteContext } from '../routing/context.js';
import { route } from '../routing/route.js';
import type { AnyRoute } from '../routing/route.js';
import { foundAtRevision, outcomeAtRevision } from './atRevision.js';
import { Id, JsonObject, PageQuery, Text, callOptions, callerOf, foundOr, fromEither, pageOf, viewerOf } from './support.js';

const OrderParams = z.strictObject({ orderId: Id });

/** The carrier's push headers: the timestamp is inside the signed text, so a captured push cannot be re-dated. */
export const CARRIER_TIMESTAMP_HEADER = 'x-carrier-timestamp';
export const CARRIER_SIGNATURE_HEADER = 'x-carrier-signature';

const rawText = (body: unknown): string => (Buffer.isBuffer(body) ? body.toString('utf8') : '');

/** startPayment, getPayment, refundPayment, listMoneyOwed, retryMoneyOwed, paymentWebhook, shipOrder, carrierWebhook, getShipmentTracking. */
export const fulfilmentRoutes = ({ shop }: RouteContext): AnyRoute[] => [
  route({
    operationId: 'startPayment',
    method: 'post',
    path: '/orders/:orderId/payments',
    summary: "Start paying for my order: answers what to do next on the provider's side; If-Match takes the payment's ETag (none before the first attempt)",
    tag: 'payments',
    access: 'customer',
    params: OrderParams,
    body: z.strictObject({ method: PaymentMethod, card: CardDetails.optional(), returnUrl: z.url({ protocol: /^https?$/ }).max(2048).optional(), attemptId: z.uuid().optional() }),
    response: JsonObject,
    status: 201,
    conditional: true,
    errors: [404, 409, 412, 422, 502, 503],
    handler: async (input) => {
      const { method, card, returnUrl, attemptId } = input.body;
      const request = { method, ...(card === undefined ? {} : { card }), ...(returnUrl === undefined ? {} : { returnUrl }), ...(attemptId === undefined ? {} : { attemptId }) };
      return outcomeAtRevision(await shop.payments.start(input.params.orderId, request, viewerOf(callerOf(input)), callOptions(input)), 201);
    },
  }),
  route({
    operationId: 'getPayment',
    method: 'get',
    path: '/orders/:orderId/payment',
    summary: "The order's payment attempts and refunds (mine; staff see any); the ETag is the payment's revision",
    tag: 'payments',
    access: 'signedIn',
    params: OrderParams,
    response: JsonObject,
    conditional: true,
    errors: [404],
    handler: async ({ params, caller }) => foundAtRevision(await shop.payments.get(params.orderId, viewerOf(caller)), 'payment', params.orderId),
  }),
  route({
    operationId: 'refundPayment',
    method: 'post',
    path: '/orders/:orderId/refunds',
    summary:
      "A goodwill refund by staff (a return is refunded through its case): only money no open after-sales case of the order holds (409 RefundExceedsUnclaimed names what is free); the same refundId again is a retry, never a second refund",
    tag: 'payments',
    access: 'admin',
    params: OrderParams,
    body: z.strictObject({ amount: Money, reason: Text(1000), refundId: z.uuid().optional() }),
    response: JsonObject,
    status: 201,
    errors: [403, 404, 409, 422, 502, 503],
    handler: async (input) => {
      const { amount, reason, refundId } = input.body;
      const request = { orderId: input.params.orderId, amount, reason, ...(refundId === undefined ? {} : { refundId }) };
      return fromEither(await shop.payments.refund(request, callOptions(input)), (refund) => refund, 201);
    },
  }),
  route({
    operationId: 'listMoneyOwed',
    method: 'get',
    path: '/admin/money-owed',
    summary:
      'What the shop owes customers and has not paid (refunds the provider refused, payments flagged for reversal, refused case payouts, refunds unanswered for pendingAfterMinutes, default 60), oldest first or newest, with the total of all of it per currency (admin)',
    tag: 'payments',
    access: 'admin',
    query: PageQuery.extend({ order: z.enum(['oldest', 'newest']).optional(), pendingAfterMinutes: z.coerce.number().int().min(0).max(43_200).optional() }),
    response: z.strictObject({ items: z.array(JsonObject), nextCursor: z.string().nullable(), totals: z.array(z.strictObject({ amount: Money, debts: z.number().int() })) }),
    errors: [400, 403],
    handler: async ({ query }) => {
      const { order, pendingAfterMinutes } = query;
      const request = { ...pageOf(query), ...(order === undefined ? {} : { order }), ...(pendingAfterMinutes === undefined ? {} : { pendingAfterMs: pendingAfterMinutes * 60_000 }) };
      return fromEither(await shop.payments.owed(request));
    },
  }),
  route({
    operationId: 'retryMoneyOwed',
    method: 'post',
    path: '/admin/money-owed/:debtId/retry',
    summary:
      "Give a debt of the money-owed list back again: a refused refund under the next refund id derived from it (the same request again asks for the same refund, never a second one), a goodwill refund through the order's claim ledger, a flagged payment by its reversal; answers the refund id and where it stands (admin)",
    tag: 'payments',
    access: 'admin',
    params: z.strictObject({ debtId: Id }),
    response: z.strictObject({ debtId: z.string(), refundId: z.string().nullable(), status: z.enum(['already_settled', 'succeeded', 'pending', 'failed', 'voided']) }),
    errors: [403, 404, 409, 422, 502, 503],
    handler: async (input) => fromEither(await shop.payments.retryOwed(input.params.debtId, callOptions(input))),
  }),
  route({
    operationId: 'paymentWebhook',
    method: 'post',
    path: '/webhooks/payments/:method',
    summary: "A payment provider's signed notification; verified over the raw body, each one processed once",
    tag: 'webhooks',
    access: 'public',
    kind: 'raw',
    idempotency: 'none',
    params: z.strictObject({ method: z.enum(PAYMENT_METHODS) }),
    response: JsonObject,
    errors: [401, 404, 422],
    handler: async (input) =>
      fromEither(await shop.payments.handleNotification(input.params.method, rawText(input.req.body), input.req.headers, callOptions(input)), (handled) => ({
        received: true,
        ...handled,
      })),
  }),
  route({
    operationId: 'shipOrder',
    method: 'post',
    path: '/orders/:orderId/shipments',
    summary: 'Book a waybill for a paid order (all units not shipped yet, unless lines say which)',
    tag: 'shipping',
    access: 'admin',
    params: OrderParams,
    body: z.strictObject({
      shipmentId: z.uuid().optional(),
      lines: z.array(z.strictObject({ lineId: Id, quantity: z.number().int().positive() })).min(1).max(200).optional(),
      origin: Place.optional(),
      weightGrams: z.number().int().positive().max(1_000_000).optional(),
    }),
    response: JsonObject,
    status: 201,
    errors: [403, 404, 409, 422, 503],
    handler: async (input) => {
      const { shipmentId, lines, origin, weightGrams } = input.body;
      const request = {
        ...(shipmentId === undefined ? {} : { shipmentId }),
        ...(lines === undefined ? {} : { lines }),
        ...(origin === undefined ? {} : { origin }),
        ...(weightGrams === undefined ? {} : { weightGrams }),
      };
      return fromEither(await shop.shipping.shipOrder(input.params.orderId, request, callOptions(input)), (shipped) => shipped, 201);
    },
  }),
  route({
    operationId: 'carrierWebhook',
    method: 'post',
    path: '/webhooks/carrier',
    summary: "The carrier's signed tracking push; verified over the raw body, each checkpoint recorded once",
    tag: 'webhooks',
    access: 'public',
    kind: 'raw',
    idempotency: 'none',
    response: JsonObject,
    errors: [401, 404, 422],
    handler: async (input) => {
      const notification = {
        timestamp: input.req.get(CARRIER_TIMESTAMP_HEADER) ?? '',
        signature: input.req.get(CARRIER_SIGNATURE_HEADER) ?? '',
        body: rawText(input.req.body),
      };
      return fromEither(await shop.shipping.handleNotification(notification, callOptions(input)), (outcome) => ({ received: true, outcome }));
    },
  }),
  route({
    operationId: 'getShipmentTracking',
    method: 'get',
    path: '/orders/:orderId/tracking',
    summary: "Where the order's parcels are, each with its timeline",
    tag: 'shipping',
    access: 'signedIn',
    params: OrderParams,
    response: z.strictObject({ items: z.array(JsonObject) }),
    errors: [404],
    handler: async ({ params, caller }) => foundOr(await shop.tracking.forOrder(params.orderId, viewerOf(caller)), 'order', params.orderId, (items) => ({ items })),
  }),
];
