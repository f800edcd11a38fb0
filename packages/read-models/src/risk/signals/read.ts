import type { ReadModelCollection } from '@shopstream/kernel';
import type { ReadModelSource } from '../../source.js';
import type { RiskPolicy } from '../scoring/policy.js';
import type { OrderSignals } from '../scoring/signals.js';
import type { AccountDocument, KeyDocument, OrderDocument } from './documents.js';
import { keyId } from './keys.js';
import type { SignalKind } from './keys.js';
import { RISK_SIGNALS } from './projection.js';

const HOUR = 3_600_000;

/** Instants in `(end - hours, end]`: ISO strings compare as the instants they name. */
const within = (at: string, end: string, hours: number): boolean => {
  const t = Date.parse(at);
  const e = Date.parse(end);
  return t <= e && t > e - hours * HOUR;
};

/**
 * The signals of one order as it was placed: velocity counts up to its placement, failures and coupons in their
 * windows up to now (`asOf`, the instant the assessment runs). Null when the read model has not seen the order.
 */
export const readOrderSignals = async (source: ReadModelSource, orderId: string, policy: RiskPolicy, asOf: string): Promise<OrderSignals | null> => {
  const orders: ReadModelCollection<OrderDocument> = source.collection(RISK_SIGNALS, 'orders');
  const accounts: ReadModelCollection<AccountDocument> = source.collection(RISK_SIGNALS, 'accounts');
  const keys: ReadModelCollection<KeyDocument> = source.collection(RISK_SIGNALS, 'keys');
  const order = await orders.get(orderId);
  if (!order) return null;
  const account = await accounts.get(order.accountId);
  const card = order.attempts.findLast((attempt) => attempt.card !== null)?.card ?? null;
  const key = async (kind: SignalKind, value: string | null): Promise<KeyDocument | null> => (value === null ? null : keys.get(keyId(kind, value)));
  const [device, ip, address, cardKey] = await Promise.all([key('device', order.device), key('ip', order.ip), key('address', order.address), key('card', card)]);

  const velocity = policy.velocityWindowHours;
  const ordersIn = (stamps: readonly { readonly at: string }[]): number => stamps.filter((s) => within(s.at, order.placedAt, velocity)).length;
  const keyOrders = (doc: KeyDocument | null, value: string | null): number | null => (value === null ? null : ordersIn(doc?.orders ?? []));
  const others = (doc: KeyDocument | null, value: string | null): number | null => (value === null ? null : (doc?.accounts ?? []).filter((a) => a !== order.accountId).length);
  const failuresIn = (instants: readonly string[]): number => instants.filter((at) => within(at, asOf, policy.failureWindowHours)).length;
  const earlier = (account?.orders ?? []).filter((o) => o.orderId !== order._id && o.at <= order.placedAt);

  return {
    orderTotal: order.total,
    accountAgeHours: account?.registeredAt ? Math.max(0, (Date.parse(order.placedAt) - Date.parse(account.registeredAt)) / HOUR) : null,
    completedOrders: account?.completed ?? 0,
    accountOrders: ordersIn(account?.orders ?? []),
    deviceOrders: keyOrders(device, order.device),
    ipOrders: keyOrders(ip, order.ip),
    addressOrders: ordersIn(address?.orders ?? []),
    cardOrders: keyOrders(cardKey, card),
    accountPaymentFailures: failuresIn(account?.failures ?? []),
    cardPaymentFailures: card === null ? null : failuresIn(cardKey?.failures ?? []),
    accountsSharingCard: others(cardKey, card),
    accountsSharingAddress: (address?.accounts ?? []).filter((a) => a !== order.accountId).length,
    accountsSharingDevice: others(device, order.device),
    ordersToProvince: earlier.filter((o) => o.province === order.province).length,
    ordersElsewhere: earlier.filter((o) => o.province !== order.province).length,
    returnRequests: account?.returnRequests ?? 0,
    refundsIssued: account?.refundsIssued ?? 0,
    couponRedemptions: (account?.coupons ?? []).filter((c) => within(c.at, asOf, policy.couponWindowHours)).length,
  };
};
