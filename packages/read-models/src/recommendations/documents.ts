import type { CollectionDeclaration } from '@shopstream/kernel';

/** The projection's name: part of its physical collection names, and what queries read by. */
export const RECOMMENDATIONS = 'recommendations';

/**
 * A product as recommendations see it. `listed` is what every list filters on: created, published and at least
 * one SKU with stock available. `popularity` is the decayed sum of views, favourites and purchases (see decay.ts).
 */
export type ProductDoc = {
  readonly _id: string;
  readonly created: boolean;
  readonly published: boolean;
  readonly categoryIds: readonly string[];
  readonly brandId: string | null;
  readonly skus: readonly string[];
  readonly inStockSkus: readonly string[];
  readonly listed: boolean;
  readonly popularity: number | null;
};

/** The stock of one SKU, mirroring the inventory decider: available = on hand less active reservations. */
export type StockDoc = {
  readonly _id: string;
  readonly productId: string | null;
  readonly onHand: number;
  /** Active reservations' quantities by reservation id. */
  readonly reservations: Readonly<Record<string, number>>;
};

/** An order placed and not yet paid: what it will count for once paid. Deleted when paid or given up. */
export type PendingOrderDoc = {
  readonly _id: string;
  readonly customerId: string;
  readonly productIds: readonly string[];
};

/** The customer's personalisation consent; no document means never given. */
export type ConsentDoc = {
  readonly _id: string;
  readonly personalisation: boolean;
  readonly at: string;
};

/** A consenting customer's tastes: decayed sums per category and brand id. Deleted when consent goes. */
export type ProfileDoc = {
  readonly _id: string;
  readonly categories: Readonly<Record<string, number>>;
  readonly brands: Readonly<Record<string, number>>;
};

/** One product a customer paid for, so that lists can leave it out. `_id` is `<customerId>:<productId>`. */
export type PurchaseDoc = {
  readonly _id: string;
  readonly customerId: string;
  readonly productId: string;
  readonly lastAt: string;
};

export type WindowItem = { readonly productId: string; readonly at: string };

/**
 * A subject's most recent products, the raw material of co-occurrence: `views:<subject>` (a consenting customer's
 * or a guest session's views) or `orders:<customerId>` (a consenting customer's earlier paid orders).
 */
export type WindowDoc = {
  readonly _id: string;
  /** The customer it belongs to, so erasure can find it; null for a guest session. */
  readonly customerId: string | null;
  readonly items: readonly WindowItem[];
};

export type NeighbourKind = 'bought' | 'viewed';
export type Neighbour = { readonly productId: string; readonly score: number };

/** The strongest co-occurring products of one product, strongest first; `_id` is `<kind>:<productId>`. */
export type NeighbourDoc = {
  readonly _id: string;
  readonly items: readonly Neighbour[];
};

export const neighbourId = (kind: NeighbourKind, productId: string): string => `${kind}:${productId}`;
export const purchaseId = (customerId: string, productId: string): string => `${customerId}:${productId}`;
export const viewWindowId = (subject: { readonly kind: 'customer' | 'session'; readonly id: string }): string => `views:${subject.kind}_${subject.id}`;
export const orderWindowId = (customerId: string): string => `orders:${customerId}`;

export type RecommendationsCollection = 'products' | 'stock' | 'orders' | 'consents' | 'profiles' | 'purchases' | 'windows' | 'neighbours';

/** Indexes: one for every field a query or an erasure filters on; the rest is read by `_id`. */
export const recommendationsCollections: { readonly [C in RecommendationsCollection]: CollectionDeclaration } = {
  products: { indexes: [{ keys: { listed: 1, popularity: -1 } }, { keys: { categoryIds: 1 } }, { keys: { brandId: 1 } }] },
  stock: {},
  orders: {},
  consents: {},
  profiles: {},
  purchases: { indexes: [{ keys: { customerId: 1 } }] },
  windows: { indexes: [{ keys: { customerId: 1 } }] },
  neighbours: {},
};
