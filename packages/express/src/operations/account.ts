import * as E from 'fp-ts/lib/Either.js';
import { z } from 'zod';
import { AddressInput, ProfileInput } from '@shopstream/commerce/identity';
import type { RouteContext } from '../routing/context.js';
import { failed, ok, route } from '../routing/route.js';
import type { AnyRoute } from '../routing/route.js';
import { Done, Id, JsonObject, List, Page, PageQuery, QueryBoolean, callOptions, callerOf, foundOr, fromEither, pageOf } from './support.js';

const PaymentMethodInput = z.strictObject({
  provider: z.string().min(1).max(64),
  providerToken: z
    .string()
    .min(1)
    .max(512)
    .refine((token) => !/^[\d\s-]{12,23}$/.test(token), 'a provider token, never a card number'),
  brand: z.string().min(1).max(32),
  last4: z.string().regex(/^\d{4}$/),
  expires: z.strictObject({ month: z.number().int().min(1).max(12), year: z.number().int().min(2000).max(2200) }).nullable().optional(),
});

const AddressParams = z.strictObject({ addressId: Id });

/**
 * Which notifications to mark read: `notificationId` alone (the customer opened it), or `upTo`, that one and every
 * older one ("mark all read", naming the newest one the screen shows, so what arrived since stays unread).
 */
const NotificationsToMark = z.union([z.strictObject({ notificationId: Id }), z.strictObject({ upTo: Id })]);
const UnreadCount = z.strictObject({ unread: z.number().int().nonnegative() });

/** Masks where a message went: enough to recognise it, not enough to read it back. */

/** getMyProfile, updateMyProfile, the address book, saved payment methods, listMyOrders, listMyPayments, and the notification inbox. */
export const accountRoutes = ({ shop }: RouteContext): AnyRoute[] => [
  route({
    operationId: 'getMyProfile',
    method: 'get',
    path: '/me',
    summary: 'The signed-in customer’s account',
    tag: 'account',
    access: 'customer',
    response: JsonObject,
    handler: async (input) => {
      const { userId } = callerOf(input);
      return foundOr(await shop.accounts.profile(userId), 'user', userId);
    },
  }),
  route({
    operationId: 'updateMyProfile',
    method: 'put',
    path: '/me/profile',
    summary: 'Replace name, nickname and birthday',
    tag: 'account',
    access: 'customer',
    body: ProfileInput,
    response: JsonObject,
    errors: [422],
    handler: async (input) => {
      const { userId } = callerOf(input);
      const result = await shop.accounts.updateProfile(userId, input.body, callOptions(input));
      if (E.isLeft(result)) return failed(result.left);
      return foundOr(await shop.accounts.profile(userId), 'user', userId);
    },
  }),
  route({
    operationId: 'listMyAddresses',
    method: 'get',
    path: '/me/addresses',
    summary: 'The address book',
    tag: 'account',
    access: 'customer',
    response: List,
    handler: async (input) => ok({ items: await shop.accounts.addresses(callerOf(input).userId) }),
  }),
  route({
    operationId: 'addMyAddress',
    method: 'post',
    path: '/me/addresses',
    summary: 'Add an address to the book',
    tag: 'account',
    access: 'customer',
    body: AddressInput.extend({ makeDefault: z.boolean().optional() }),
    response: z.strictObject({ addressId: z.string() }),
    status: 201,
    errors: [409, 422],
    handler: async (input) => fromEither(await shop.accounts.addAddress(callerOf(input).userId, input.body, callOptions(input)), (added) => added, 201),
  }),
  route({
    operationId: 'updateMyAddress',
    method: 'put',
    path: '/me/addresses/:addressId',
    summary: 'Replace an address',
    tag: 'account',
    access: 'customer',
    params: AddressParams,
    body: AddressInput,
    response: Done,
    errors: [404, 422],
    handler: async (input) => fromEither(await shop.accounts.updateAddress(callerOf(input).userId, input.params.addressId, input.body, callOptions(input)), () => ({ done: true })),
  }),
  route({
    operationId: 'deleteMyAddress',
    method: 'delete',
    path: '/me/addresses/:addressId',
    summary: 'Remove an address',
    tag: 'account',
    access: 'customer',
    params: AddressParams,
    response: Done,
    errors: [404],
    handler: async (input) => fromEither(await shop.accounts.removeAddress(callerOf(input).userId, input.params.addressId, callOptions(input)), () => ({ done: true })),
  }),
  route({
    operationId: 'listMyPaymentMethods',
    method: 'get',
    path: '/me/payment-methods',
    summary: 'Saved payment methods: provider token, brand and last four digits only',
    tag: 'account',
    access: 'customer',
    response: List,
    handler: async (input) => ok({ items: await shop.accounts.paymentMethods(callerOf(input).userId) }),
  }),
  route({
    operationId: 'addMyPaymentMethod',
    method: 'post',
    path: '/me/payment-methods',
    summary: 'Save a tokenised payment method (never a card number)',
    tag: 'account',
    access: 'customer',
    body: PaymentMethodInput,
    response: z.strictObject({ paymentMethodId: z.string() }),
    status: 201,
    errors: [409, 422],
    handler: async (input) => fromEither(await shop.accounts.addPaymentMethod(callerOf(input).userId, input.body, callOptions(input)), (added) => added, 201),
  }),
  route({
    operationId: 'removeMyPaymentMethod',
    method: 'delete',
    path: '/me/payment-methods/:paymentMethodId',
    summary: 'Forget a saved payment method',
    tag: 'account',
    access: 'customer',
    params: z.strictObject({ paymentMethodId: Id }),
    response: Done,
    errors: [404],
    handler: async (input) =>
      fromEither(await shop.accounts.removePaymentMethod(callerOf(input).userId, input.params.paymentMethodId, callOptions(input)), () => ({ done: true })),
  }),
  route({
    operationId: 'listMyOrders',
    method: 'get',
    path: '/me/orders',
    summary: 'My orders, newest first',
    tag: 'account',
    access: 'customer',
    query: PageQuery,
    response: Page,
    handler: async (input) => fromEither(await shop.orders.listMine(callerOf(input).userId, pageOf(input.query))),
  }),
  route({
    operationId: 'listMyPayments',
    method: 'get',
    path: '/me/payments',
    summary: 'My payments, newest first',
    tag: 'account',
    access: 'customer',
    query: PageQuery,
    response: Page,
    handler: async (input) => fromEither(await shop.payments.listMine(callerOf(input).userId, pageOf(input.query))),
  }),
  route({
    operationId: 'listMyNotifications',
    method: 'get',
    path: '/me/notifications',
    summary: 'My inbox: what happened to my orders, payments, parcels, cases and account, newest first, each with readAt (null while unread); unread=true lists only the unread',
    tag: 'account',
    access: 'customer',
    query: PageQuery.extend({ unread: QueryBoolean.optional() }),
    response: Page,
    handler: async (input) => {
      const { unread, ...page } = input.query;
      return fromEither(await shop.accounts.notifications(callerOf(input).userId, { ...pageOf(page), ...(unread === true ? { unread } : {}) }));
    },
  }),
  route({
    operationId: 'countMyUnreadNotifications',
    method: 'get',
    path: '/me/notifications/unread-count',
    summary: 'How many of my notifications are unread: an app’s badge, without fetching the list',
    tag: 'account',
    access: 'customer',
    response: UnreadCount,
    handler: async (input) => ok({ unread: await shop.accounts.unreadNotifications(callerOf(input).userId) }),
  }),
  route({
    operationId: 'markMyNotificationsRead',
    method: 'post',
    path: '/me/notifications/read',
    summary: 'Mark one notification read ({notificationId}), or it and every older one ({upTo}); answers the unread count',
    tag: 'account',
    access: 'customer',
    body: NotificationsToMark,
    response: UnreadCount,
    errors: [404],
    handler: async (input) => fromEither(await shop.accounts.markNotificationsRead(callerOf(input).userId, input.body, callOptions(input))),
  }),
];
