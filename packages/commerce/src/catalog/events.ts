import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { z } from 'zod';
import { Currency, NonNegativeMoney } from '../shared/money.js';
import { Attributes, ImageUrl, LocalizedText, Sku } from './values.js';

const ProductId = z.uuid();
const Price = NonNegativeMoney;

// Product: one stream per product, `product-<productId>`.

export const ProductCreated = defineEvent(
  'ProductCreated',
  z.strictObject({
    productId: ProductId,
    title: LocalizedText,
    description: LocalizedText,
    brandId: z.uuid().nullable(),
    categoryIds: z.array(z.uuid()),
    attributes: Attributes,
    /** Every price of the product is in this currency. */
    currency: Currency,
  }),
);

/** The shopper-facing details as a whole, so a revision reads as what the page said from then on. */
export const ProductDetailsRevised = defineEvent(
  'ProductDetailsRevised',
  z.strictObject({
    productId: ProductId,
    title: LocalizedText,
    description: LocalizedText,
    brandId: z.uuid().nullable(),
    categoryIds: z.array(z.uuid()),
    attributes: Attributes,
  }),
);

export const ProductSkuAdded = defineEvent(
  'ProductSkuAdded',
  z.strictObject({ productId: ProductId, sku: Sku, attributes: Attributes, price: Price.nullable() }),
);

export const ProductSkuRemoved = defineEvent('ProductSkuRemoved', z.strictObject({ productId: ProductId, sku: Sku }));

/** Carries the previous price too, so price history and "was/now" displays need no second look-up. */
export const ProductPriceChanged = defineEvent(
  'ProductPriceChanged',
  z.strictObject({ productId: ProductId, sku: Sku, previous: Price.nullable(), price: Price }),
);

export const ProductImageAdded = defineEvent(
  'ProductImageAdded',
  z.strictObject({ productId: ProductId, imageId: z.uuid(), url: ImageUrl, alt: LocalizedText }),
);

export const ProductImageRemoved = defineEvent('ProductImageRemoved', z.strictObject({ productId: ProductId, imageId: z.uuid() }));

export const ProductPublished = defineEvent('ProductPublished', z.strictObject({ productId: ProductId }));

export const ProductUnpublished = defineEvent('ProductUnpublished', z.strictObject({ productId: ProductId }));

export const productEvents = [
  ProductCreated,
  ProductDetailsRevised,
  ProductSkuAdded,
  ProductSkuRemoved,
  ProductPriceChanged,
  ProductImageAdded,
  ProductImageRemoved,
  ProductPublished,
  ProductUnpublished,
] as const;
export type ProductEvent = EventOf<(typeof productEvents)[number]>;

// Taxonomy: the categories and brands of a catalog, one stream per catalog, `taxonomy-<catalogId>`.

export const CategoryDefined = defineEvent(
  'CategoryDefined',
  z.strictObject({ categoryId: z.uuid(), name: LocalizedText, parentId: z.uuid().nullable() }),
);
export const CategoryRenamed = defineEvent('CategoryRenamed', z.strictObject({ categoryId: z.uuid(), name: LocalizedText }));
export const CategoryMoved = defineEvent(
  'CategoryMoved',
  z.strictObject({ categoryId: z.uuid(), previousParentId: z.uuid().nullable(), parentId: z.uuid().nullable() }),
);
export const CategoryRetired = defineEvent('CategoryRetired', z.strictObject({ categoryId: z.uuid() }));
export const BrandDefined = defineEvent('BrandDefined', z.strictObject({ brandId: z.uuid(), name: LocalizedText }));
export const BrandRenamed = defineEvent('BrandRenamed', z.strictObject({ brandId: z.uuid(), name: LocalizedText }));

export const taxonomyEvents = [CategoryDefined, CategoryRenamed, CategoryMoved, CategoryRetired, BrandDefined, BrandRenamed] as const;
export type TaxonomyEvent = EventOf<(typeof taxonomyEvents)[number]>;

/** Every event type of the catalog context, for the store's registry. */
export const catalogEvents = [...productEvents, ...taxonomyEvents] as const;
export type CatalogEvent = ProductEvent | TaxonomyEvent;
