import type { Currency } from '../shared/money.js';

/** What a product needs before it can be published, and keep while it is. */
export type PublishRequirement = 'Title' | 'PricedSku';

export type ProductError =
  | { readonly _tag: 'ProductNotFound'; readonly productId: string }
  | { readonly _tag: 'ProductAlreadyExists'; readonly productId: string }
  | { readonly _tag: 'DuplicateProductSku'; readonly productId: string; readonly sku: string }
  | { readonly _tag: 'ProductSkuNotFound'; readonly productId: string; readonly sku: string }
  | { readonly _tag: 'NegativeProductPrice'; readonly productId: string; readonly sku: string; readonly amount: number }
  | { readonly _tag: 'PriceCurrencyMismatch'; readonly productId: string; readonly expected: Currency; readonly actual: Currency }
  | { readonly _tag: 'DuplicateProductImage'; readonly productId: string; readonly imageId: string }
  | { readonly _tag: 'ProductImageNotFound'; readonly productId: string; readonly imageId: string }
  /** Publishing, or a change to a published product, would leave it without what a shopper needs to buy it. */
  | { readonly _tag: 'ProductNotPublishable'; readonly productId: string; readonly missing: readonly PublishRequirement[] };

export type TaxonomyError =
  | { readonly _tag: 'CategoryAlreadyExists'; readonly categoryId: string }
  | { readonly _tag: 'CategoryNotFound'; readonly categoryId: string }
  | { readonly _tag: 'ParentCategoryNotFound'; readonly categoryId: string; readonly parentId: string }
  | { readonly _tag: 'CategoryRetired'; readonly categoryId: string }
  | { readonly _tag: 'CategoryCycle'; readonly categoryId: string; readonly parentId: string }
  | { readonly _tag: 'CategoryHasChildren'; readonly categoryId: string; readonly children: readonly string[] }
  | { readonly _tag: 'BrandAlreadyExists'; readonly brandId: string }
  | { readonly _tag: 'BrandNotFound'; readonly brandId: string };

export type CatalogError = ProductError | TaxonomyError;
export type CatalogErrorTag = CatalogError['_tag'];
