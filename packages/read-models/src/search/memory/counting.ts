import type { PriceRangeCount, SearchFacets } from '../facets.js';
import { sortedCounts } from '../facets.js';
import type { CoverageOf } from './candidates.js';
import { inPath } from './candidates.js';
import type { Scratch } from './scratch.js';
import type { ProductTable } from './table.js';

export type Filters = {
  readonly category?: string | undefined;
  readonly brand?: string | undefined;
  readonly minPrice?: number | undefined;
  readonly maxPrice?: number | undefined;
  readonly inStock?: boolean | undefined;
};

export type FacetCounts = {
  categories: { value: string; count: number }[];
  brands: { value: string; count: number }[];
  priceRanges: PriceRangeCount[];
  inStock: SearchFacets['inStock'];
};

/** A filter on a dictionary value as its ordinal: -1 when absent, -2 when no product has the value. */
export type FilterOrdinals = { readonly category: number; readonly brand: number };

export const filterOrdinals = (table: ProductTable, filters: Filters): FilterOrdinals => ({
  category: filters.category === undefined ? -1 : (table.categories.ordinals.get(filters.category) ?? -2),
  brand: filters.brand === undefined ? -1 : (table.brands.ordinals.get(filters.brand) ?? -2),
});

/** What a text query adds to the pass over its candidates: each one's coverage, and the affinity it feeds. */
export type TextPass = { readonly coverageOf: CoverageOf };

export type Matches = {
  readonly total: number;
  readonly counts: FacetCounts;
  /**
   * For a text query, the share of the best-covering matches filed under each category (by ordinal in
   * `table.categories`), as `categoryAffinity` computes it: all zeros when no match covers anything.
   */
  readonly share: Float64Array | null;
};

/**
 * One pass over the candidates: filters them, counts every facet (each facet counts what passes every other
 * filter), and for a text query gives each match its coverage and popularity-lifted score and counts the
 * categories of the best-covering matches, so each candidate's columns are read once while in cache. The
 * matches are written to `scratch.matching`, in candidate order.
 */
export const collectMatches = (
  table: ProductTable,
  scratch: Scratch,
  candidateCount: number,
  filters: Filters,
  ordinals: FilterOrdinals,
  boundaries: readonly number[],
  text: TextPass | null,
): Matches => {
  const { candidates, matching, cover, score } = scratch;
  const { pool, pathStart, pathLength, idsStart, idsLength, brand: brands, price: prices, inStock: stocks, popularity } = table;
  const { category: categoryFilter, brand: brandFilter } = ordinals;
  const priced = filters.minPrice !== undefined || filters.maxPrice !== undefined;
  const minPrice = filters.minPrice ?? 0;
  const maxPrice = filters.maxPrice ?? Number.MAX_SAFE_INTEGER;
  const wantStock = filters.inStock === undefined ? -1 : filters.inStock ? 1 : 0;
  const categoryCount = table.categories.values.length;
  const categoryCounts = new Int32Array(categoryCount);
  const brandCounts = new Int32Array(table.brands.values.length);
  const ranges = new Float64Array(boundaries.length + 1);
  // The categories of the matches covering the most of the query so far: reset when a better one comes.
  const bestCounts = new Int32Array(categoryCount);
  let best = 0;
  let top = 0;
  let inStock = 0;
  let outOfStock = 0;
  let total = 0;
  for (let c = 0; c < candidateCount; c++) {
    const o = candidates[c] ?? 0;
    const brand = brands[o] ?? -1;
    const price = prices[o] ?? Number.NaN;
    const stocked = stocks[o] ?? 0;
    const category = categoryFilter === -1 || (categoryFilter >= 0 && inPath(table, o, categoryFilter));
    const brandPasses = brandFilter === -1 || brand === brandFilter;
    // price === price: priced (not NaN).
    const pricePasses = !priced || (price === price && price >= minPrice && price <= maxPrice);
    const stock = wantStock === -1 || stocked === wantStock;
    if (brandPasses && pricePasses && stock) {
      const from = pathStart[o] ?? 0;
      const to = from + (pathLength[o] ?? 0);
      for (let p = from; p < to; p++) {
        const id = pool[p] ?? 0;
        categoryCounts[id] = (categoryCounts[id] ?? 0) + 1;
      }
    }
    if (category && pricePasses && stock && brand >= 0) brandCounts[brand] = (brandCounts[brand] ?? 0) + 1;
    if (category && brandPasses && stock && price === price) {
      // The first boundary the price is under, as `countFacets` finds it (boundaries need not be sorted).
      let bucket = 0;
      while (bucket < boundaries.length && !(price < (boundaries[bucket] ?? 0))) bucket++;
      ranges[bucket] = (ranges[bucket] ?? 0) + 1;
    }
    if (!(category && brandPasses && pricePasses)) continue;
    if (stocked === 1) inStock++;
    else outOfStock++;
    if (!stock) continue;
    matching[total++] = o;
    if (text === null) continue;
    text.coverageOf(o);
    const covered = cover[o] ?? 0;
    score[o] = (score[o] ?? 0) * (popularity[o] ?? 1);
    if (covered < best || covered === 0) continue;
    if (covered > best) {
      best = covered;
      top = 0;
      bestCounts.fill(0);
    }
    top++;
    const from = idsStart[o] ?? 0;
    const to = from + (idsLength[o] ?? 0);
    // Each category once per product: a product filed twice under one category is still one product.
    outer: for (let p = from; p < to; p++) {
      const id = pool[p] ?? 0;
      for (let q = from; q < p; q++) if (pool[q] === id) continue outer;
      bestCounts[id] = (bestCounts[id] ?? 0) + 1;
    }
  }
  let share: Float64Array | null = null;
  if (text !== null) {
    share = new Float64Array(categoryCount);
    if (best > 0) for (let id = 0; id < categoryCount; id++) share[id] = (bestCounts[id] ?? 0) / top;
  }
  return {
    total,
    counts: {
      categories: named(categoryCounts, table.categories.values),
      brands: named(brandCounts, table.brands.values),
      priceRanges: Array.from(ranges, (count, i) => ({ min: i === 0 ? 0 : (boundaries[i - 1] ?? 0), max: boundaries[i] ?? null, count })),
      inStock: { inStock, outOfStock },
    },
    share,
  };
};

const named = (counts: Int32Array, values: readonly string[]) => {
  const found = new Map<string, number>();
  counts.forEach((count, i) => {
    if (count > 0) found.set(values[i] ?? '', count);
  });
  return sortedCounts(found);
};
