import { z } from 'zod';
import { Money } from '@shopstream/commerce';
import { AddressInput } from '@shopstream/commerce/identity';
import type { OrderListFilter } from '@shopstream/sdk';
import type { RouteContext } from '../routing/context.js';
import { route } from '../routing/route.js';
import type { AnyRoute } from '../routing/route.js';
import { atRevision, foundAtRevision, outcomeAtRevision } from './atRevision.js';
import { Id, JsonObject, Page, PageQuery, callOptions, callerOf, foundOr, fromEither, pageOf, viewerOf } from './support.js';

const Sku = z.string().min(1).max(64);
const Quantity = z.number().int().min(1).max(10_000);
const OrderParams = z.strictObject({ orderId: Id });

const OrderStatusQuery = z.string().min(1).max(32).regex(/^[a-z_]+$/);

/** getMyCart, addCartItem, updateCartItem, removeCartItem, applyCoupon, checkout, getOrder, getOrderTimeline, cancelOrder, confirmReceipt, listOrders. */
export const shoppingRoutes = ({ shop }: RouteContext): AnyRoute[] => [
  route({
    operationId: 'getMyCart',
    method: 'get',
    path: '/me/cart',
    summary: 'My cart (an empty one when nothing was ever added); the ETag is its revision',
    tag: 'cart',
    access: 'customer',
    response: JsonObject,
    conditional: true,
    handler: async (input) => atRevision(await shop.cart.get(callerOf(input).userId)),
  }),
  route({
    operationId: 'addCartItem',
    method: 'post',
    path: '/me/cart/items',
    summary: 'Put units of a SKU in the cart',
    tag: 'cart',
    access: 'customer',
    conditional: true,
    body: z.strictObject({ productId: Id, sku: Sku, quantity: Quantity }),
    response: JsonObject,
    errors: [404, 409, 412, 422],
    handler: async (input) => outcomeAtRevision(await shop.cart.addItem(callerOf(input).userId, input.body, callOptions(input))),
  }),
  route({
    operationId: 'updateCartItem',
    method: 'put',
    path: '/me/cart/items/:sku',
    summary: 'Set how many units of a SKU the cart holds',
    tag: 'cart',
    access: 'customer',
    conditional: true,
    params: z.strictObject({ sku: Sku }),
    body: z.strictObject({ quantity: Quantity }),
    response: JsonObject,
    errors: [404, 409, 412, 422],
    handler: async (input) => outcomeAtRevision(await shop.cart.updateItem(callerOf(input).userId, input.params.sku, input.body.quantity, callOptions(input))),
  }),
  route({
    operationId: 'removeCartItem',
    method: 'delete',
    path: '/me/cart/items/:sku',
    summary: 'Take a SKU out of the cart',
    tag: 'cart',
    access: 'customer',
    conditional: true,
    params: z.strictObject({ sku: Sku }),
    response: JsonObject,
    errors: [404, 409, 412],
    handler: async (input) => outcomeAtRevision(await shop.cart.removeItem(callerOf(input).userId, input.params.sku, callOptions(input))),
  }),
  route({
    operationId: 'applyCoupon',
    method: 'put',
    path: '/me/cart/coupon',
    summary: 'Apply a coupon to the cart',
    tag: 'cart',
    access: 'customer',
    conditional: true,
    body: z.strictObject({ code: z.string().min(1).max(32) }),
    response: JsonObject,
    errors: [404, 409, 412, 422],
    handler: async (input) => outcomeAtRevision(await shop.cart.applyCoupon(callerOf(input).userId, input.body.code, callOptions(input))),
  }),
  route({
    operationId: 'checkout',
    method: 'post',
    path: '/checkout',
    summary: 'Turn the cart into an order (an Idempotency-Key is required: a retried checkout must not order twice)',
    tag: 'orders',
    access: 'customer',
    idempotency: 'required',
    body: z.strictObject({
      shipTo: z.union([z.strictObject({ addressId: Id }), z.strictObject({ address: AddressInput })]),
      orderId: z.uuid().optional(),
      shippingFee: Money.optional(),
    }),
    response: JsonObject,
    status: 201,
    errors: [404, 409, 422, 428],
    handler: async (input) => {
      const { shipTo, orderId, shippingFee } = input.body;
      const request = { shipTo, ...(orderId === undefined ? {} : { orderId }), ...(shippingFee === undefined ? {} : { shippingFee }) };
      return fromEither(await shop.checkout.placeOrder(callerOf(input).userId, request, callOptions(input)), (order) => order, 201);
    },
  }),
  route({
    operationId: 'getOrder',
    method: 'get',
    path: '/orders/:orderId',
    summary: 'An order (mine; staff see any); the ETag is its revision',
    tag: 'orders',
    access: 'signedIn',
    params: OrderParams,
    response: JsonObject,
    // A customer's view is redacted, but the ETag is the order stream's revision, which moves with every event
    // on it: what the customer sees cannot change without a new ETag (see orderView in the SDK).
    conditional: true,
    errors: [404],
    handler: async ({ params, caller }) => foundAtRevision(await shop.orders.get(params.orderId, viewerOf(caller)), 'order', params.orderId),
  }),
  route({
    operationId: 'getOrderTimeline',
    method: 'get',
    path: '/orders/:orderId/timeline',
    summary: "The order's events with its payment's and shipments', oldest first",
    tag: 'orders',
    access: 'signedIn',
    params: OrderParams,
    response: z.strictObject({ items: z.array(JsonObject) }),
    errors: [404],
    handler: async ({ params, caller }) => foundOr(await shop.orders.timeline(params.orderId, viewerOf(caller)), 'order', params.orderId, (items) => ({ items })),
  }),
  route({
    operationId: 'cancelOrder',
    method: 'post',
    path: '/orders/:orderId/cancel',
    summary: 'Cancel an order: the customer before shipment, or an admin',
    tag: 'orders',
    access: 'signedIn',
    params: OrderParams,
    body: z.strictObject({ note: z.string().max(500).optional() }).optional(),
    response: JsonObject,
    conditional: true,
    errors: [404, 409, 412, 422],
    handler: async (input) => {
      const caller = callerOf(input);
      const note = input.body?.note;
      const by = caller.roles.includes('admin')
        ? { kind: 'staff' as const, staffId: caller.userId, ...(note === undefined ? {} : { note }) }
        : { kind: 'customer' as const, customerId: caller.userId };
      return outcomeAtRevision(await shop.orders.cancel(input.params.orderId, by, callOptions(input)));
    },
  }),
  route({
    operationId: 'confirmReceipt',
    method: 'post',
    path: '/orders/:orderId/confirm-receipt',
    summary: 'Confirm the order arrived',
    tag: 'orders',
    access: 'customer',
    params: OrderParams,
    response: JsonObject,
    conditional: true,
    errors: [404, 409, 412, 422],
    handler: async (input) => outcomeAtRevision(await shop.orders.confirmReceipt(callerOf(input).userId, input.params.orderId, callOptions(input))),
  }),
  route({
    operationId: 'listOrders',
    method: 'get',
    path: '/orders',
    summary: 'Every order, newest first (staff)',
    tag: 'orders',
    access: 'staff',
    query: PageQuery.extend({
      status: OrderStatusQuery.optional(),
      customerId: Id.optional(),
      placedFrom: z.iso.datetime().optional(),
      placedBefore: z.iso.datetime().optional(),
    }),
    response: Page,
    errors: [403],
    handler: async ({ query }) => {
      const { status, customerId, placedFrom, placedBefore } = query;
      const filter = {
        ...pageOf(query),
        ...(status === undefined ? {} : { status: status as NonNullable<OrderListFilter['status']> }),
        ...(customerId === undefined ? {} : { customerId }),
        ...(placedFrom === undefined ? {} : { placedFrom }),
        ...(placedBefore === undefined ? {} : { placedBefore }),
      };
      return fromEither(await shop.orders.list(filter));
    },
  }),
];
