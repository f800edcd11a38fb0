import type { IndexSpec } from '@shopstream/kernel';

/** The logical collections of the search projection. */
export type SearchCollection = 'products' | 'terms' | 'corpus' | 'feed' | 'stock' | 'orders' | 'reviews' | 'taxonomy';

export const SEARCH_PROJECTION = 'search';

export const searchIndexes: { readonly [C in SearchCollection]: readonly IndexSpec[] } = {
  products: [
    // Text candidates: one multikey lookup per query term.
    { keys: { terms: 1 } },
    // Browsing without text, and the projection's own fan-out when a category or brand changes. (A SKU's stock
    // document lists the products listing it, so no index on `skus.sku` is kept: version 3.)
    { keys: { visible: 1 } },
    { keys: { categoryPath: 1 } },
    { keys: { brandId: 1 } },
  ],
  terms: [],
  corpus: [],
  // A query-side index reads the changes after the last it saw, by number.
  feed: [{ keys: { seq: 1 } }],
  stock: [],
  orders: [],
  reviews: [],
  taxonomy: [{ keys: { kind: 1 } }, { keys: { aliases: 1 } }],
};
