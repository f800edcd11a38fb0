/** Why a product is on a list: what a page may show ("because you like Tea", "often bought together"). */
export type RecommendationReason =
  | { readonly kind: 'popular' }
  | { readonly kind: 'categoryYouLike'; readonly categoryId: string }
  | { readonly kind: 'brandYouLike'; readonly brandId: string }
  | { readonly kind: 'boughtTogether'; readonly productId: string }
  | { readonly kind: 'viewedTogether'; readonly productId: string }
  | { readonly kind: 'sameCategory'; readonly categoryId: string }
  | { readonly kind: 'sameBrand'; readonly brandId: string };

export interface Recommendation {
  readonly productId: string;
  /** Higher first; comparable within one list only (each list documents its scale). */
  readonly score: number;
  readonly reason: RecommendationReason;
}

export interface ListOptions {
  /** 1 to 100; default 10. */
  readonly limit?: number;
}

export interface ItemListOptions extends ListOptions {
  /** The shopper, when signed in: with their consent, what they bought is left out. */
  readonly customerId?: string;
}

export interface PopularOptions extends ListOptions {
  readonly categoryId?: string;
  readonly brandId?: string;
}

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 10;

/** A page asks for a handful: anything outside 1..100 is clamped rather than refused. */
export const limitOf = (options: ListOptions): number => {
  const limit = options.limit ?? DEFAULT_LIMIT;
  return Number.isFinite(limit) ? Math.min(Math.max(Math.trunc(limit), 1), MAX_LIMIT) : DEFAULT_LIMIT;
};
