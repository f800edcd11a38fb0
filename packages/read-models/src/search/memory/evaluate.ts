import { match } from 'ts-pattern';
import type { SortKey } from '../cursor.js';
import { TEXT_FIELDS } from '../documents.js';
import type { PriceRangeCount, SearchFacets } from '../facets.js';
import { sortedCounts } from '../facets.js';
import { compareValue } from '../order.js';
import { coverage, FIELDS, idf, K1 } from '../ranking.js';
import { round } from '../relevance.js';
import type { SearchSort } from '../request.js';
import { directionsOf } from '../sorting.js';
import { FIELD_COUNT } from './postings.js';
import type { Posting } from './postings.js';
import type { ProductTable } from './table.js';
import { corpusOfTable } from './table.js';
import { topK } from './topK.js';

const WEIGHT = TEXT_FIELDS.map((field) => FIELDS[field].weight);
const B = TEXT_FIELDS.map((field) => FIELDS[field].b);

/** A text query: its terms and brand aliases in order, each alias with the query term it stands for. */
export type TextQuery = { readonly terms: readonly string[]; readonly standsFor: ReadonlyMap<string, string>; readonly compactQuery: string };

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

export type RankedPage = {
  readonly page: { readonly id: string; readonly key: SortKey; readonly relevance: number | null }[];
  readonly more: boolean;
  readonly total: number;
  readonly counts: FacetCounts;
};

/** Per-ordinal working arrays, reused by every query and grown with the table. */
type Scratch = {
  capacity: number;
  stamp: Int32Array;
  score: Float64Array;
  cover: Float64Array;
  masks: Uint32Array;
  candidates: Int32Array;
  matching: Int32Array;
  keys: [Float64Array, Float64Array, Float64Array, Float64Array];
};

const scratchOf = (capacity: number): Scratch => ({
  capacity,
  stamp: new Int32Array(capacity),
  score: new Float64Array(capacity),
  cover: new Float64Array(capacity),
  masks: new Uint32Array(capacity),
  candidates: new Int32Array(capacity),
  matching: new Int32Array(capacity),
  keys: [new Float64Array(capacity), new Float64Array(capacity), new Float64Array(capacity), new Float64Array(capacity)],
});

/**
 * Answers searches over a `ProductTable` exactly as the store path ranks, filters and counts (same BM25F
 * arithmetic in the same order, same coverage, affinity, facets and keyset order), but term at a time over
 * postings: scores sum into a reused accumulator, matched terms into bit masks, filters and facets read the
 * columns in one pass, and the page is chosen by a bounded heap. Synchronous: no other query interleaves.
 */
export const evaluator = () => {
  let scratch = scratchOf(0);
  let query = 0;

  return (table: ProductTable, text: TextQuery | null, filters: Filters, sort: SearchSort, after: { readonly k: SortKey; readonly id: string } | null, limit: number, boundaries: readonly number[]): RankedPage => {
    if (scratch.capacity < table.capacity) scratch = scratchOf(table.capacity);
    const { stamp, score, cover, candidates, matching } = scratch;
    query++;

    // 1. Candidates: the live products holding any known term, scored term by term.
    let candidateCount = 0;
    let words = 1;
    let masks = scratch.masks;
    let known: { readonly term: string; readonly posting: Posting }[] = [];
    if (text !== null) {
      known = text.terms.flatMap((term) => {
        const posting = table.postings.get(term);
        return posting !== undefined && posting.live > 0 ? [{ term, posting }] : [];
      });
      words = Math.max(1, Math.ceil(known.length / 32));
      // More than 32 known terms (a long query) needs wider masks, allocated for that query only.
      if (words > 1) masks = new Uint32Array(table.capacity * words);
      const corpus = corpusOfTable(table);
      const average = TEXT_FIELDS.map((field) => corpus.averageLengths[field]);
      const { alive, lengths } = table;
      known.forEach(({ posting }, t) => {
        const weight = idf(corpus.products, posting.live);
        const word = t >> 5;
        const bit = 1 << (t & 31);
        const { ordinals, frequencies } = posting;
        for (let i = 0; i < posting.length; i++) {
          const o = ordinals[i] ?? 0;
          if (alive[o] !== 1) continue;
          // Σ count × field weight normalised by length, summed in field order as the store path sums it.
          let tf = 0;
          for (let f = 0; f < FIELD_COUNT; f++) {
            const count = frequencies[i * FIELD_COUNT + f] ?? 0;
            if (count === 0) continue;
            const b = B[f] ?? 0;
            tf += count * ((WEIGHT[f] ?? 0) / (1 - b + (b * (lengths[o * FIELD_COUNT + f] ?? 0)) / (average[f] ?? 1)));
          }
          if (tf === 0) continue;
          if (stamp[o] !== query) {
            stamp[o] = query;
            score[o] = 0;
            for (let w = 0; w < words; w++) masks[o * words + w] = 0;
            candidates[candidateCount++] = o;
          }
          score[o] = (score[o] ?? 0) + (weight * tf) / (K1 + tf);
          masks[o * words + word] = (masks[o * words + word] ?? 0) | bit;
        }
      });
      // Coverage per combination of matched terms: candidates share a handful of them.
      const coverages = new Map<string | number, number>();
      for (let c = 0; c < candidateCount; c++) {
        const o = candidates[c] ?? 0;
        const signature = words === 1 ? (masks[o] ?? 0) : Array.from(masks.subarray(o * words, (o + 1) * words)).join(',');
        let value = coverages.get(signature);
        if (value === undefined) {
          const matched = known.flatMap(({ term }, t) => (((masks[o * words + (t >> 5)] ?? 0) >>> (t & 31)) & 1 ? [text.standsFor.get(term) ?? term] : []));
          value = coverage(text.compactQuery, matched);
          coverages.set(signature, value);
        }
        cover[o] = value;
        score[o] = (score[o] ?? 0) * (table.popularity[o] ?? 1);
      }
    }

    // 2. Filters and facets in one pass; each facet counts what passes every other filter.
    const categoryFilter = filters.category === undefined ? -1 : (table.categories.ordinals.get(filters.category) ?? -2);
    const brandFilter = filters.brand === undefined ? -1 : (table.brands.ordinals.get(filters.brand) ?? -2);
    const priced = filters.minPrice !== undefined || filters.maxPrice !== undefined;
    const minPrice = filters.minPrice ?? 0;
    const maxPrice = filters.maxPrice ?? Number.MAX_SAFE_INTEGER;
    const categoryCounts = new Int32Array(table.categories.values.length);
    const brandCounts = new Int32Array(table.brands.values.length);
    const ranges = new Array<number>(boundaries.length + 1).fill(0);
    let inStock = 0;
    let outOfStock = 0;
    let total = 0;
    const visit = (o: number) => {
      const path = table.categoryPath[o] ?? new Int32Array(0);
      const brand = table.brand[o] ?? -1;
      const price = table.price[o] ?? Number.NaN;
      const stocked = table.inStock[o] === 1;
      const category = categoryFilter === -1 || (categoryFilter >= 0 && path.includes(categoryFilter));
      const brandPasses = brandFilter === -1 || brand === brandFilter;
      const pricePasses = !priced || (!Number.isNaN(price) && price >= minPrice && price <= maxPrice);
      const stock = filters.inStock === undefined || stocked === filters.inStock;
      if (brandPasses && pricePasses && stock) for (const c of path) categoryCounts[c] = (categoryCounts[c] ?? 0) + 1;
      if (category && pricePasses && stock && brand >= 0) brandCounts[brand] = (brandCounts[brand] ?? 0) + 1;
      if (category && brandPasses && stock && !Number.isNaN(price)) {
        // The first boundary the price is under, as `countFacets` finds it (boundaries need not be sorted).
        let bucket = 0;
        while (bucket < boundaries.length && !(price < (boundaries[bucket] ?? 0))) bucket++;
        ranges[bucket] = (ranges[bucket] ?? 0) + 1;
      }
      if (category && brandPasses && pricePasses) {
        if (stocked) inStock++;
        else outOfStock++;
      }
      if (category && brandPasses && pricePasses && stock) matching[total++] = o;
    };
    if (text === null) {
      // Browsing counts over the products of the most selective filter (category, else brand), as the store path
      // reads them through that filter's index: facets then never show the whole catalog's other categories.
      for (let o = 0; o < table.size; o++) {
        if (table.alive[o] !== 1) continue;
        if (categoryFilter !== -1 && !(categoryFilter >= 0 && (table.categoryPath[o] ?? []).includes(categoryFilter))) continue;
        if (categoryFilter === -1 && brandFilter !== -1 && table.brand[o] !== brandFilter) continue;
        visit(o);
      }
    } else {
      for (let c = 0; c < candidateCount; c++) visit(candidates[c] ?? 0);
    }

    // 3. The sort keys, then the page after the cursor by a bounded heap.
    if (text !== null && sort === 'relevance') relevanceKeys(table, scratch, total);
    const keyAt = keyReader(table, scratch, text !== null, sort);
    // Browsing by "relevance" keys on sales and rating only, two of the four directions, as `keyOf` does.
    const directions = text === null && sort === 'relevance' ? directionsOf(sort).slice(0, 2) : directionsOf(sort);
    const compare = (a: number, b: number): number => {
      for (let i = 0; i < directions.length; i++) {
        const order = compareValue(keyAt(a, i), keyAt(b, i));
        if (order !== 0) return order * (directions[i] ?? 1);
      }
      const x = table.ids[a] ?? '';
      const y = table.ids[b] ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    };
    const afterCursor = (o: number): boolean => {
      if (after === null) return true;
      for (let i = 0; i < directions.length; i++) {
        const order = compareValue(keyAt(o, i), after.k[i]);
        if (order !== 0) return order * (directions[i] ?? 1) > 0;
      }
      return (table.ids[o] ?? '') > after.id;
    };
    const selected = topK(limit, compare);
    let remaining = 0;
    for (let m = 0; m < total; m++) {
      const o = matching[m] ?? 0;
      if (!afterCursor(o)) continue;
      remaining++;
      selected.push(o);
    }
    const page = selected.sorted().map((o) => ({
      id: table.ids[o] ?? '',
      key: directions.map((_, i) => keyAt(o, i)),
      relevance: text === null ? null : (score[o] ?? 0),
    }));

    const named = (counts: Int32Array, values: readonly string[]) => {
      const found = new Map<string, number>();
      counts.forEach((count, i) => {
        if (count > 0) found.set(values[i] ?? '', count);
      });
      return sortedCounts(found);
    };
    return {
      page,
      more: remaining > limit,
      total,
      counts: {
        categories: named(categoryCounts, table.categories.values),
        brands: named(brandCounts, table.brands.values),
        priceRanges: ranges.map((count, i) => ({ min: i === 0 ? 0 : (boundaries[i - 1] ?? 0), max: boundaries[i] ?? null, count })),
        inStock: { inStock, outOfStock },
      },
    };
  };
};

/**
 * The relevance key of every match, as `rankKey` makes it: whole matches first, then (among partial ones) how
 * typical the product's categories are of the best matches, coverage, and score.
 */
const relevanceKeys = (table: ProductTable, scratch: Scratch, total: number): void => {
  const { cover, matching, keys } = scratch;
  let best = 0;
  for (let m = 0; m < total; m++) best = Math.max(best, cover[matching[m] ?? 0] ?? 0);
  const share = new Float64Array(table.categories.values.length);
  if (best > 0) {
    const counts = new Int32Array(table.categories.values.length);
    let top = 0;
    for (let m = 0; m < total; m++) {
      const o = matching[m] ?? 0;
      if (cover[o] !== best) continue;
      top++;
      const ids = table.categoryIds[o] ?? new Int32Array(0);
      // Each category once per product, as a product filed twice under one category is still one product.
      ids.forEach((c, i) => {
        if (ids.indexOf(c) === i) counts[c] = (counts[c] ?? 0) + 1;
      });
    }
    counts.forEach((count, c) => {
      share[c] = count / top;
    });
  }
  for (let m = 0; m < total; m++) {
    const o = matching[m] ?? 0;
    let typical = 0;
    for (const c of table.categoryIds[o] ?? []) typical = Math.max(typical, share[c] ?? 0);
    const covered = cover[o] ?? 0;
    const whole = covered >= 0.999;
    keys[0][o] = whole ? 1 : 0;
    keys[1][o] = whole ? 0 : round(typical, 0.05);
    keys[2][o] = round(covered, 0.01);
    keys[3][o] = scratch.score[o] ?? 0;
  }
};

/** The i-th sort key of a product, as `keyOf` gives it, read from the columns (or the relevance keys). */
const keyReader = (table: ProductTable, scratch: Scratch, text: boolean, sort: SearchSort): ((o: number, i: number) => number | string) =>
  match(sort)
    .returnType<(o: number, i: number) => number | string>()
    .with('relevance', () =>
      text
        ? (o, i) => scratch.keys[i as 0 | 1 | 2 | 3][o] ?? 0
        : (o, i) => (i === 0 ? (table.sales[o] ?? 0) : nanAs(table.rating[o], 0)),
    )
    .with('price_asc', () => (o) => nanAs(table.price[o], Number.MAX_SAFE_INTEGER))
    .with('price_desc', () => (o) => nanAs(table.price[o], -1))
    .with('sales', () => (o) => table.sales[o] ?? 0)
    .with('rating', () => (o, i) => (i === 0 ? nanAs(table.rating[o], 0) : (table.ratingCount[o] ?? 0)))
    .with('newest', () => (o) => table.createdAt[o] ?? '')
    .exhaustive();

const nanAs = (value: number | undefined, fallback: number): number => (value === undefined || Number.isNaN(value) ? fallback : value);
