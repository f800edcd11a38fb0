import type { SignalKind } from './keys.js';

/** An order counted under a key: whose it was and when it was placed. */
export type OrderStamp = { readonly orderId: string; readonly accountId: string; readonly at: string };

/** Orders and accounts seen under one device, IP hash, address key or card fingerprint. `_id` is `keyId(kind, value)`. */
export type KeyDocument = {
  readonly _id: string;
  readonly kind: SignalKind;
  readonly value: string;
  /** The newest orders under the key, oldest first (at most `MAX_STAMPS`). */
  readonly orders: readonly OrderStamp[];
  /** The accounts that used the key, in order of first use (at most `MAX_STAMPS`). */
  readonly accounts: readonly string[];
  /** When payments with the key failed (cards only), oldest first (at most `MAX_STAMPS`). */
  readonly failures: readonly string[];
};

/** What one account has done that a risk rule may weigh. `_id` is the account (customer) id. */
export type AccountDocument = {
  readonly _id: string;
  /** Null when the registration was not seen (an account older than the log, a guest id). */
  readonly registeredAt: string | null;
  /** The newest orders, oldest first (at most `MAX_STAMPS`), with the province each went to. */
  readonly orders: readonly { readonly orderId: string; readonly at: string; readonly province: string }[];
  /** Orders whose receipt was confirmed. */
  readonly completed: number;
  /** When payments for the account's orders failed (declined, or refused when started). */
  readonly failures: readonly string[];
  readonly returnRequests: number;
  readonly refundsIssued: number;
  /** Coupons redeemed and not given back, newest last. */
  readonly coupons: readonly { readonly code: string; readonly orderId: string; readonly at: string }[];
};

/** The keys of one order, so later payment and after-sales events (which name only the order) find them. */
export type OrderDocument = {
  readonly _id: string;
  readonly accountId: string;
  readonly placedAt: string;
  readonly total: number;
  readonly currency: string;
  readonly province: string;
  readonly device: string | null;
  readonly ip: string | null;
  readonly address: string;
  readonly attempts: readonly { readonly attemptId: string; readonly card: string | null }[];
};

/** Lists in the documents keep their newest entries only, so a document's size stays bounded. */
export const MAX_STAMPS = 100;

export const newestOf = <T>(items: readonly T[]): readonly T[] => (items.length > MAX_STAMPS ? items.slice(items.length - MAX_STAMPS) : items);
