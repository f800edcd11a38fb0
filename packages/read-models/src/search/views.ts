import type { Money } from '@shopstream/commerce';
import type { ProductDocument, Text } from './documents.js';

export type BrandView = { readonly brandId: string; readonly name: Text };
export type RatingView = { readonly average: number; readonly count: number };

/** One product in a result list. `relevance` is the text score (null when no text was searched). */
export type SearchItem = {
  readonly productId: string;
  readonly title: Text;
  readonly brand: BrandView | null;
  readonly categoryIds: readonly string[];
  /** The lowest price of its SKUs. */
  readonly price: Money | null;
  readonly inStock: boolean;
  readonly stock: number;
  readonly sales: number;
  readonly rating: RatingView | null;
  readonly image: string | null;
  readonly relevance: number | null;
};

export type ProductDetail = Omit<SearchItem, 'relevance' | 'image'> & {
  readonly description: Text;
  readonly categories: readonly { readonly categoryId: string; readonly name: Text | null }[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly skus: readonly {
    readonly sku: string;
    readonly attributes: Readonly<Record<string, string>>;
    readonly price: Money | null;
    readonly available: number;
  }[];
  readonly images: readonly { readonly imageId: string; readonly url: string; readonly alt: Text }[];
  readonly createdAt: string | null;
};

const money = (amount: number | null, currency: string): Money | null => (amount === null ? null : { amount, currency });

const brandOf = (product: ProductDocument): BrandView | null =>
  product.brandId !== null && product.brand !== null ? { brandId: product.brandId, name: product.brand } : null;

const ratingOf = (product: ProductDocument): RatingView | null =>
  product.rating === null ? null : { average: product.rating, count: product.ratingCount };

export const itemOf = (product: ProductDocument, relevance: number | null): SearchItem => ({
  productId: product._id,
  title: product.title,
  brand: brandOf(product),
  categoryIds: product.categoryIds,
  price: money(product.price, product.currency),
  inStock: product.inStock,
  stock: product.stock,
  sales: product.sales,
  rating: ratingOf(product),
  image: product.images[0]?.url ?? null,
  relevance,
});

export const detailOf = (product: ProductDocument, categoryNames: ReadonlyMap<string, Text>): ProductDetail => {
  const { relevance: _relevance, image: _image, ...item } = itemOf(product, null);
  return {
    ...item,
    description: product.description,
    categories: product.categoryPath.map((categoryId) => ({ categoryId, name: categoryNames.get(categoryId) ?? null })),
    attributes: Object.fromEntries(product.attributes),
    skus: product.skus.map((s) => ({ sku: s.sku, attributes: Object.fromEntries(s.attributes), price: money(s.price, product.currency), available: Math.max(0, s.available) })),
    images: product.images,
    createdAt: product.createdAt,
  };
};
