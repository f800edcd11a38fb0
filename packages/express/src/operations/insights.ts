import { z } from 'zod';
import type { Shop } from '@shopstream/sdk';
import type { RouteContext } from '../routing/context.js';
import { ok, route } from '../routing/route.js';
import type { AnyRoute } from '../routing/route.js';
import { outcomeAtRevision } from './atRevision.js';
import { Id, JsonObject, List, Page, PageQuery, StaffDecision, Text, callOptions, callerOf, foundOr, fromEither, pageOf, staffDecisionOf } from './support.js';

type SalesRequest = Parameters<Shop['reports']['sales']>[0];
type SalesDimension = NonNullable<SalesRequest['groupBy']>[number];
type SalesMeasure = NonNullable<SalesRequest['measures']>[number];

/** Records, so a dimension or measure the reports model adds does not compile here until the query takes it. */
const DIMENSIONS: Readonly<Record<SalesDimension, true>> = { day: true, week: true, month: true, category: true, brand: true, paymentMethod: true, province: true, city: true, channel: true };
const MEASURES: Readonly<Record<SalesMeasure, true>> = {
  gmv: true,
  orders: true,
  units: true,
  averageOrderValue: true,
  refunds: true,
  revenue: true,
  netRevenue: true,
  newCustomers: true,
  returningCustomers: true,
};

/** `a,b,c` in a query string, each one of the allowed words. */
const commaList = <T extends string>(allowed: Readonly<Record<T, true>>) =>
  z
    .string()
    .max(300)
    .transform((text) => text.split(',').filter((word) => word.length > 0))
    .pipe(z.array(z.enum(Object.keys(allowed) as [T, ...T[]])).max(12));

const Limit = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).optional() });
const Day = z.iso.date();

/** getMyRecommendations, getProductRecommendations, listRiskReviews, holdOrderForRisk, decideRiskReview, getOrderRisk, getSalesReport, getCustomerSegments. */
export const insightRoutes = ({ shop }: RouteContext): AnyRoute[] => [
  route({
    operationId: 'getMyRecommendations',
    method: 'get',
    path: '/me/recommendations',
    summary: 'Products picked for me (popular ones without my consent to personalisation)',
    tag: 'recommendations',
    access: 'customer',
    query: Limit,
    response: List,
    handler: async (input) => ok({ items: await shop.recommendations.forCustomer(callerOf(input).userId, input.query) }),
  }),
  route({
    operationId: 'getProductRecommendations',
    method: 'get',
    path: '/products/:productId/recommendations',
    summary: 'Products bought together with this one, and similar ones',
    tag: 'recommendations',
    access: 'public',
    params: z.strictObject({ productId: Id }),
    query: Limit,
    response: z.strictObject({ boughtTogether: z.array(JsonObject), similar: z.array(JsonObject) }),
    handler: async ({ params, query, caller }) =>
      ok(await shop.recommendations.forProduct(params.productId, { ...query, ...(caller === undefined ? {} : { customerId: caller.userId }) })),
  }),
  route({
    operationId: 'listRiskReviews',
    method: 'get',
    path: '/risk/reviews',
    summary: 'Orders on hold waiting for a risk decision, newest first (staff)',
    tag: 'risk',
    access: 'staff',
    query: PageQuery,
    response: Page,
    errors: [403],
    handler: async ({ query }) => fromEither(await shop.risk.reviews(pageOf(query))),
  }),
  route({
    operationId: 'holdOrderForRisk',
    method: 'post',
    path: '/orders/:orderId/risk-hold',
    summary: 'Put a paid order on hold for a risk review before it ships (the deciding admin is the caller); the ETag is the order\'s new revision',
    tag: 'risk',
    access: 'admin',
    params: z.strictObject({ orderId: Id }),
    body: z.strictObject({ reason: Text(1000) }),
    response: JsonObject,
    conditional: true,
    errors: [403, 404, 409, 412, 422],
    handler: async (input) =>
      outcomeAtRevision(await shop.risk.hold(input.params.orderId, { reason: input.body.reason, decidedBy: { kind: 'staff', staffId: callerOf(input).userId } }, callOptions(input))),
  }),
  route({
    operationId: 'decideRiskReview',
    method: 'post',
    path: '/risk/reviews/:orderId/decision',
    summary: "Release an order on hold, or reject it (stock and coupon go back, the payment is refunded); If-Match takes the order's ETag",
    tag: 'risk',
    access: 'admin',
    params: z.strictObject({ orderId: Id }),
    body: StaffDecision('release'),
    response: JsonObject,
    conditional: true,
    errors: [403, 404, 409, 412, 422],
    handler: async (input) =>
      outcomeAtRevision(await shop.risk.decide(input.params.orderId, staffDecisionOf(input.body, callerOf(input).userId), callOptions(input))),
  }),
  route({
    operationId: 'getOrderRisk',
    method: 'get',
    path: '/orders/:orderId/risk',
    summary: "An order's risk assessment (staff)",
    tag: 'risk',
    access: 'staff',
    params: z.strictObject({ orderId: Id }),
    response: JsonObject,
    errors: [403, 404],
    handler: async ({ params }) => foundOr(await shop.risk.forOrder(params.orderId), 'order', params.orderId),
  }),
  route({
    operationId: 'getSalesReport',
    method: 'get',
    path: '/reports/sales',
    summary: 'Sales between two days, grouped and measured as asked (staff)',
    tag: 'reports',
    access: 'staff',
    query: z.strictObject({
      from: Day,
      to: Day,
      groupBy: commaList(DIMENSIONS).optional(),
      measures: commaList(MEASURES).optional(),
      currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    }),
    response: JsonObject,
    errors: [403],
    handler: async ({ query }) => {
      const { from, to, groupBy, measures, currency } = query;
      const request: SalesRequest = {
        from,
        to,
        ...(groupBy === undefined ? {} : { groupBy }),
        ...(measures === undefined ? {} : { measures }),
        ...(currency === undefined ? {} : { filters: { currency } }),
      };
      return fromEither(await shop.reports.sales(request));
    },
  }),
  route({
    operationId: 'getCustomerSegments',
    method: 'get',
    path: '/reports/customer-segments',
    summary: 'Customers by RFM segment as of an instant (default now) (staff)',
    tag: 'reports',
    access: 'staff',
    query: z.strictObject({ asOf: z.iso.datetime().optional(), currency: z.string().regex(/^[A-Z]{3}$/).optional() }),
    response: JsonObject,
    errors: [403],
    handler: async ({ query }) => {
      const { asOf, currency } = query;
      return fromEither(await shop.reports.customerSegments({ ...(asOf === undefined ? {} : { asOf }), ...(currency === undefined ? {} : { currency }) }));
    },
  }),
];
