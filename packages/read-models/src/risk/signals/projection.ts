import type { AfterSalesEvent } from '@shopstream/commerce/afterSales';
import type { UserEvent } from '@shopstream/commerce/identity';
import type { OrderingEvent } from '@shopstream/commerce/ordering';
import type { PaymentEvent } from '@shopstream/commerce/payment';
import type { PromotionEvent } from '@shopstream/commerce/promotion';
import { defineProjection } from '@shopstream/kernel';
import type { Collection, ProjectionContext } from '@shopstream/kernel';
import type { AccountDocument, KeyDocument, OrderDocument, OrderStamp } from './documents.js';
import { newestOf } from './documents.js';
import { addressKey, cardFingerprint, keyId } from './keys.js';
import type { SignalKind } from './keys.js';

export const RISK_SIGNALS = 'riskSignals';

type SignalsEvent = UserEvent | OrderingEvent | PaymentEvent | AfterSalesEvent | PromotionEvent;
type Logical = 'accounts' | 'keys' | 'orders';
type Context = ProjectionContext<Logical>;

const emptyAccount = (accountId: string): AccountDocument => ({
  _id: accountId,
  registeredAt: null,
  orders: [],
  completed: 0,
  failures: [],
  returnRequests: 0,
  refundsIssued: 0,
  coupons: [],
});

// Read, change, write back: the handlers see only their own collections, and the batch's transaction makes the
// three steps one.
const changeAccount = async (context: Context, accountId: string, change: (account: AccountDocument) => AccountDocument): Promise<void> => {
  const accounts: Collection<AccountDocument> = context.collection('accounts');
  await accounts.replaceOne(change((await accounts.get(accountId)) ?? emptyAccount(accountId)));
};

const changeKey = async (context: Context, kind: SignalKind, value: string, change: (key: KeyDocument) => KeyDocument): Promise<void> => {
  const keys: Collection<KeyDocument> = context.collection('keys');
  const id = keyId(kind, value);
  await keys.replaceOne(change((await keys.get(id)) ?? { _id: id, kind, value, orders: [], accounts: [], failures: [] }));
};

const withOrder = (key: KeyDocument, stamp: OrderStamp): KeyDocument => ({
  ...key,
  orders: key.orders.some((o) => o.orderId === stamp.orderId) ? key.orders : newestOf([...key.orders, stamp]),
  accounts: key.accounts.includes(stamp.accountId) ? key.accounts : newestOf([...key.accounts, stamp.accountId]),
});

const orderOf = (context: Context, orderId: string): Promise<OrderDocument | null> => context.collection<OrderDocument>('orders').get(orderId);

/** A payment for the order failed: the account's count goes up, and the card's when the attempt named one. */
const paymentFailed = async (context: Context, orderId: string, attemptId: string, at: string): Promise<void> => {
  const order = await orderOf(context, orderId);
  if (!order) return;
  await changeAccount(context, order.accountId, (a) => ({ ...a, failures: newestOf([...a.failures, at]) }));
  const card = order.attempts.find((attempt) => attempt.attemptId === attemptId)?.card ?? null;
  if (card !== null) await changeKey(context, 'card', card, (k) => ({ ...k, failures: newestOf([...k.failures, at]) }));
};

/** `user-<id>` → `<id>`. */
const userOf = (stream: string): string => stream.slice(stream.indexOf('-') + 1);

/**
 * What risk rules count, by account, device, IP hash, address key and card fingerprint: orders and when they were
 * placed, the accounts behind each key, payment failures, after-sales requests and refunds, coupons redeemed.
 * Only ids, hashes, counts, instants and provinces: no personal data and no card data.
 */
export const riskSignalsProjection = defineProjection<SignalsEvent, Logical>({
  name: RISK_SIGNALS,
  version: 1,
  collections: {
    accounts: {},
    keys: { indexes: [{ keys: { kind: 1 } }] },
    orders: { indexes: [{ keys: { accountId: 1, placedAt: 1 } }] },
  },
  handlers: {
    UserRegistered: async ({ data }, context) => changeAccount(context, data.userId, (a) => ({ ...a, registeredAt: data.registeredAt })),

    PaymentMethodSaved: async ({ stream, data }, context) => {
      const accountId = userOf(stream);
      await changeKey(context, 'card', cardFingerprint(data.providerToken), (k) => ({
        ...k,
        accounts: k.accounts.includes(accountId) ? k.accounts : newestOf([...k.accounts, accountId]),
      }));
    },

    OrderPlaced: async ({ data }, context) => {
      const order: OrderDocument = {
        _id: data.orderId,
        accountId: data.customerId,
        placedAt: data.placedAt,
        total: data.total.amount,
        currency: data.total.currency,
        province: data.address.province,
        device: data.client?.deviceId ?? null,
        ip: data.client?.ipHash ?? null,
        address: addressKey(data.address),
        attempts: [],
      };
      await context.collection<OrderDocument>('orders').replaceOne(order);
      await changeAccount(context, order.accountId, (a) => ({
        ...a,
        orders: a.orders.some((o) => o.orderId === order._id) ? a.orders : newestOf([...a.orders, { orderId: order._id, at: order.placedAt, province: order.province }]),
      }));
      const stamp: OrderStamp = { orderId: order._id, accountId: order.accountId, at: order.placedAt };
      await changeKey(context, 'address', order.address, (k) => withOrder(k, stamp));
      if (order.device !== null) await changeKey(context, 'device', order.device, (k) => withOrder(k, stamp));
      if (order.ip !== null) await changeKey(context, 'ip', order.ip, (k) => withOrder(k, stamp));
    },

    PaymentAttemptStarted: async ({ data }, context) => {
      const order = await orderOf(context, data.orderId);
      if (!order || order.attempts.some((a) => a.attemptId === data.attemptId)) return;
      const card = data.card ? cardFingerprint(data.card.token) : null;
      await context.collection<OrderDocument>('orders').replaceOne({ ...order, attempts: [...order.attempts, { attemptId: data.attemptId, card }] });
      if (card !== null) await changeKey(context, 'card', card, (k) => withOrder(k, { orderId: order._id, accountId: order.accountId, at: order.placedAt }));
    },

    PaymentDeclined: async ({ data }, context) => paymentFailed(context, data.orderId, data.attemptId, data.declinedAt),
    PaymentInitiationFailed: async ({ data }, context) => paymentFailed(context, data.orderId, data.attemptId, data.failedAt),

    OrderReceiptConfirmed: async ({ data }, context) => {
      const order = await orderOf(context, data.orderId);
      if (order) await changeAccount(context, order.accountId, (a) => ({ ...a, completed: a.completed + 1 }));
    },

    AfterSalesRequested: async ({ data }, context) => {
      if (data.kind === 'return') await changeAccount(context, data.customerId, (a) => ({ ...a, returnRequests: a.returnRequests + 1 }));
    },

    RefundIssued: async ({ data }, context) => changeAccount(context, data.customerId, (a) => ({ ...a, refundsIssued: a.refundsIssued + 1 })),

    CouponRedeemed: async ({ data, occurredAt }, context) =>
      changeAccount(context, data.userId, (a) =>
        a.coupons.some((c) => c.code === data.code && c.orderId === data.orderId)
          ? a
          : { ...a, coupons: newestOf([...a.coupons, { code: data.code, orderId: data.orderId, at: occurredAt }]) },
      ),

    // Given back (the order was cancelled): the coupon was not used after all.
    CouponRedemptionReleased: async ({ data }, context) =>
      changeAccount(context, data.userId, (a) => ({ ...a, coupons: a.coupons.filter((c) => !(c.code === data.code && c.orderId === data.orderId)) })),
  },
});
