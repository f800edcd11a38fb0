import type { Text } from './documents.js';

export type FacetCount = { readonly value: string; readonly name: Text | null; readonly count: number };
/** `[min, max)` in minor units; `max` null for the open top range. */
export type PriceRangeCount = { readonly min: number; readonly max: number | null; readonly count: number };
export type SearchFacets = {
  readonly categories: readonly FacetCount[];
  readonly brands: readonly FacetCount[];
  readonly priceRanges: readonly PriceRangeCount[];
  readonly inStock: { readonly inStock: number; readonly outOfStock: number };
};

/** Default price ranges in minor units: under ¥100, ¥100–500, ¥500–1000, ¥1000–5000, ¥5000 and up. */
export const DEFAULT_PRICE_BOUNDARIES: readonly number[] = [10_000, 50_000, 100_000, 500_000];

export type FacetInput = {
  readonly categoryPath: readonly string[];
  readonly brandId: string | null;
  readonly price: number | null;
  readonly inStock: boolean;
};

/** Which filters a product passes, one flag per facet dimension, so each facet can ignore its own filter. */
export type Passes = { readonly category: boolean; readonly brand: boolean; readonly price: boolean; readonly stock: boolean };

/** Passes every filter but `own` (each facet ignores its own filter). */
const allBut = (p: Passes, own: keyof Passes): boolean =>
  (own === 'category' || p.category) && (own === 'brand' || p.brand) && (own === 'price' || p.price) && (own === 'stock' || p.stock);

export const sortedCounts = (counts: Map<string, number>): { value: string; count: number }[] =>
  [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));

/**
 * Counts over the candidates only. Each facet counts the products that pass every other filter, so choosing
 * a brand still shows how many products the other brands have (what shoppers expect of a filter list).
 */
export const countFacets = (
  products: readonly { readonly product: FacetInput; readonly passes: Passes }[],
  boundaries: readonly number[],
): { categories: { value: string; count: number }[]; brands: { value: string; count: number }[]; priceRanges: PriceRangeCount[]; inStock: SearchFacets['inStock'] } => {
  const categories = new Map<string, number>();
  const brands = new Map<string, number>();
  const ranges = boundaries.map(() => 0).concat(0);
  let inStock = 0;
  let outOfStock = 0;
  for (const { product, passes } of products) {
    if (allBut(passes, 'category')) for (const id of product.categoryPath) categories.set(id, (categories.get(id) ?? 0) + 1);
    if (allBut(passes, 'brand') && product.brandId !== null) brands.set(product.brandId, (brands.get(product.brandId) ?? 0) + 1);
    if (allBut(passes, 'price') && product.price !== null) {
      const bucket = boundaries.findIndex((boundary) => product.price !== null && product.price < boundary);
      const index = bucket === -1 ? boundaries.length : bucket;
      ranges[index] = (ranges[index] ?? 0) + 1;
    }
    if (allBut(passes, 'stock')) {
      if (product.inStock) inStock++;
      else outOfStock++;
    }
  }
  return {
    categories: sortedCounts(categories),
    brands: sortedCounts(brands),
    priceRanges: ranges.map((count, i) => ({ min: i === 0 ? 0 : (boundaries[i - 1] ?? 0), max: boundaries[i] ?? null, count })),
    inStock: { inStock, outOfStock },
  };
};
