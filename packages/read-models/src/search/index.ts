import type { AnyProjection } from '@shopstream/kernel';
import { searchProjection } from './projection.js';

/** What the SDK hands to the projection runtime. */
export const searchProjections: readonly AnyProjection[] = [searchProjection];

// Projection
export { searchProjection } from './projection.js';
export type { SearchEvent } from './projection.js';
export { SEARCH_PROJECTION } from './collections.js';
export type { SearchCollection } from './collections.js';

// Queries
export { searchQueries } from './queries.js';
export type { CategoryListing, SearchOptions, SearchQueries, SearchResult } from './queries.js';
export { SEARCH_SORTS, SearchRequest } from './request.js';
export type { SearchError, SearchErrorTag, SearchSort } from './request.js';
export { DEFAULT_PRICE_BOUNDARIES } from './facets.js';
export type { FacetCount, PriceRangeCount, SearchFacets } from './facets.js';
export type { BrandView, ProductDetail, RatingView, SearchItem } from './views.js';

// Documents and text, for tools that read the collections directly
export type { CorpusDocument, ProductDocument, StockDocument, TermDocument, Text } from './documents.js';
export { normalise, tokenize } from './text/index.js';
