import { z } from 'zod';

export const SEARCH_SORTS = ['relevance', 'price_asc', 'price_desc', 'sales', 'rating', 'newest'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

const Amount = z.number().int().nonnegative().safe();

/** A search as a shopper (or an HTTP query string, once parsed) asks it. Prices are minor units. */
export const SearchRequest = z
  .strictObject({
    text: z.string().max(200).optional(),
    category: z.string().min(1).optional(),
    brand: z.string().min(1).optional(),
    minPrice: Amount.optional(),
    maxPrice: Amount.optional(),
    inStock: z.boolean().optional(),
    sort: z.enum(SEARCH_SORTS).optional(),
    limit: z.number().int().min(1).max(100).optional(),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .refine((r) => r.minPrice === undefined || r.maxPrice === undefined || r.minPrice <= r.maxPrice, { message: 'minPrice must not exceed maxPrice' });
export type SearchRequest = z.input<typeof SearchRequest>;

export type SearchError =
  | { readonly _tag: 'InvalidSearch'; readonly issues: readonly string[] }
  /** The cursor is damaged, or belongs to another search or sort: start again from the first page. */
  | { readonly _tag: 'InvalidCursor' };
export type SearchErrorTag = SearchError['_tag'];

export const DEFAULT_LIMIT = 20;
