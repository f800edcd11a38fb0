import type { CatalogEvent } from '@shopstream/commerce/catalog';
import type { InventoryEvent } from '@shopstream/commerce/inventory';
import type { OrderingEvent } from '@shopstream/commerce/ordering';
import type { ReviewEvent } from '@shopstream/commerce/reviews';
import { defineProjection } from '@shopstream/kernel';
import type { Projection } from '@shopstream/kernel';
import type { SearchCollection } from './collections.js';
import { SEARCH_PROJECTION, searchIndexes } from './collections.js';
import { catalogHandlers } from './handlers/catalog.js';
import { inventoryHandlers } from './handlers/inventory.js';
import { reviewHandlers } from './handlers/reviews.js';
import { salesHandlers } from './handlers/sales.js';

export type SearchEvent = CatalogEvent | InventoryEvent | OrderingEvent | ReviewEvent;

/**
 * Product search: one document per product with its segmented terms, price, stock, sales and rating, and the
 * term statistics ranking needs. Kept by catalog, inventory, ordering and review events.
 */
export const searchProjection: Projection<SearchEvent, SearchCollection> = defineProjection<SearchEvent, SearchCollection>({
  name: SEARCH_PROJECTION,
  // 2: attributes as [name, value] pairs, so any attribute name a merchant types can be stored.
  // 3: a SKU's stock document lists the products listing the SKU (`productIds`), so stock events query no products.
  version: 3,
  collections: {
    products: { indexes: searchIndexes.products },
    terms: { indexes: searchIndexes.terms },
    corpus: { indexes: searchIndexes.corpus },
    feed: { indexes: searchIndexes.feed },
    stock: { indexes: searchIndexes.stock },
    orders: { indexes: searchIndexes.orders },
    reviews: { indexes: searchIndexes.reviews },
    taxonomy: { indexes: searchIndexes.taxonomy },
  },
  handlers: { ...catalogHandlers, ...inventoryHandlers, ...salesHandlers, ...reviewHandlers },
});
