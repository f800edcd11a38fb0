import type { Attributes, Brand, Category, LocalizedText, Product } from '@shopstream/commerce/catalog';
import type { StockLevels } from '@shopstream/commerce/inventory';
import type { Coupon, CouponTerms } from '@shopstream/commerce/promotion';
import type { Money } from '@shopstream/commerce';
import type { CallOptions, Outcome } from '../call.js';

export interface SkuInput {
  readonly sku: string;
  readonly attributes?: Attributes;
  /** Null (or absent) until the merchant prices it; an unpriced SKU cannot be sold. */
  readonly price?: Money | null;
}

export interface ImageInput {
  readonly url: string;
  readonly alt?: LocalizedText;
}

export interface NewProduct {
  /** Chosen by the caller to make a retried create idempotent; a new UUID otherwise. */
  readonly productId?: string;
  readonly title: LocalizedText;
  readonly description?: LocalizedText;
  readonly brandId?: string | null;
  readonly categoryIds?: readonly string[];
  readonly attributes?: Attributes;
  /** Default: the shop's currency. */
  readonly currency?: string;
  readonly skus?: readonly SkuInput[];
  readonly images?: readonly ImageInput[];
  /** Publish at once (it must then have a priced SKU and a title). Default false. */
  readonly publish?: boolean;
}

/** What an update changes; every field is optional and absent fields stay as they are. */
export interface ProductChanges {
  readonly title?: LocalizedText;
  readonly description?: LocalizedText;
  readonly brandId?: string | null;
  readonly categoryIds?: readonly string[];
  readonly attributes?: Attributes;
  readonly addSkus?: readonly SkuInput[];
  readonly removeSkus?: readonly string[];
  readonly prices?: readonly { readonly sku: string; readonly price: Money }[];
  readonly addImages?: readonly ImageInput[];
  readonly removeImages?: readonly string[];
}

export type CategoryView = Category & { readonly categoryId: string };
export type BrandView = Brand & { readonly brandId: string };

/** Products, categories and brands. */
export interface CatalogFacade {
  /**
   * createProduct: the product with its SKUs and images (published too with `publish`), recorded as one change: a
   * refused part (a duplicate SKU, a negative price) leaves no product behind.
   */
  createProduct(input: NewProduct, options?: CallOptions): Outcome<Product>;
  /**
   * updateProduct: every change given, recorded as one change or not at all; `options.expectedRevision` (If-Match)
   * is checked once, against the revision the whole update is decided on.
   */
  updateProduct(productId: string, changes: ProductChanges, options?: CallOptions): Outcome<Product>;
  /** publishProduct */
  publishProduct(productId: string, options?: CallOptions): Outcome<Product>;
  unpublishProduct(productId: string, options?: CallOptions): Outcome<Product>;
  /** getProduct: a published product, or any product with `includeDrafts` (staff); null otherwise. */
  product(productId: string, query?: { readonly includeDrafts?: boolean }): Promise<Product | null>;
  /** listCategories: the live (not retired) categories. */
  categories(): Promise<readonly CategoryView[]>;
  brands(): Promise<readonly BrandView[]>;
  defineCategory(input: { readonly categoryId?: string; readonly name: LocalizedText; readonly parentId?: string | null }, options?: CallOptions): Outcome<CategoryView>;
  defineBrand(input: { readonly brandId?: string; readonly name: LocalizedText }, options?: CallOptions): Outcome<BrandView>;
}

/** Stock on hand. */
export interface InventoryFacade {
  /** receiveStock: a delivery; a repeated `reference` for the same SKU is received once. */
  receiveStock(input: { readonly sku: string; readonly quantity: number; readonly reference?: string | null }, options?: CallOptions): Outcome<StockLevels>;
  /** A stock count: on hand becomes `counted`. */
  adjustStock(input: { readonly sku: string; readonly counted: number; readonly reason: string }, options?: CallOptions): Outcome<StockLevels>;
  stock(sku: string): Promise<StockLevels>;
}

/** Coupons. */
export interface PromotionFacade {
  /** createCoupon */
  createCoupon(input: { readonly code: string; readonly terms: CouponTerms }, options?: CallOptions): Outcome<Coupon>;
  disableCoupon(code: string, reason: string, options?: CallOptions): Outcome<Coupon>;
  enableCoupon(code: string, options?: CallOptions): Outcome<Coupon>;
  coupon(code: string): Promise<Coupon | null>;
}
