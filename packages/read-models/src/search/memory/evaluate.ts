import { match } from 'ts-pattern';
import type { SortKey } from '../cursor.js';
import { TEXT_FIELDS } from '../documents.js';
import type { PriceRangeCount, SearchFacets } from '../facets.js';
import { sortedCounts } from '../facets.js';
import { compareValue } from '../order.js';
import type { Corpus } from '../ranking.js';
import { coverage, FIELDS, idf, K1 } from '../ranking.js';
import { round } from '../relevance.js';
import type { SearchSort } from '../request.js';
import { directionsOf } from '../sorting.js';
import { FIELD_COUNT } from './postings.js';
import type { Posting } from './postings.js';
import type { ProductTable } from './table.js';
import { corpusOfTable } from './table.js';
import { topK } from './topK.js';

/** The scoring loop is unrolled over the text fields: this fails to compile if their number changes. */
const FIVE_FIELDS: 5 = TEXT_FIELDS.length;
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
  // Each product's field weights normalised by its lengths (BM25F), for the table's current text: recomputed
  // after the text changed (the averages moved), then read by every posting entry instead of dividing there.
  let norms = { table: null as ProductTable | null, version: -1, values: new Float64Array(0) };
  const normsOf = (table: ProductTable, corpus: Corpus): Float64Array => {
    if (norms.table === table && norms.version === table.textVersion && norms.values.length >= table.size * FIELD_COUNT) return norms.values;
    const values = new Float64Array(table.capacity * FIELD_COUNT);
    const average = TEXT_FIELDS.map((field) => corpus.averageLengths[field]);
    for (let o = 0; o < table.size; o++) {
      for (let f = 0; f < FIELD_COUNT; f++) {
        const b = B[f] ?? 0;
        // The very expression `scoreProduct` evaluates, so the products of the two paths are the same doubles.
        values[o * FIELD_COUNT + f] = (WEIGHT[f] ?? 0) / (1 - b + (b * (table.lengths[o * FIELD_COUNT + f] ?? 0)) / (average[f] ?? 1));
      }
    }
    norms = { table, version: table.textVersion, values };
    return values;
  };

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
      const norm = normsOf(table, corpus);
      const { alive } = table;
      known.forEach(({ posting }, t) => {
        const weight = idf(corpus.products, posting.live);
        const word = t >> 5;
        const bit = 1 << (t & 31);
        const { ordinals, frequencies } = posting;
        for (let i = 0; i < posting.length; i++) {
          const o = ordinals[i] ?? 0;
          if (alive[o] !== 1) continue;
          // Σ count × field weight normalised by length, summed in field order as the store path sums it.
          // Unrolled over the five fields (FIELD_COUNT): this loop runs once per posting entry of every query term.
          const at = i * FIVE_FIELDS;
          const row = o * FIVE_FIELDS;
          let tf = 0;
          const title = frequencies[at] ?? 0;
          if (title !== 0) tf += title * (norm[row] ?? 0);
          const brand = frequencies[at + 1] ?? 0;
          if (brand !== 0) tf += brand * (norm[row + 1] ?? 0);
          const category = frequencies[at + 2] ?? 0;
          if (category !== 0) tf += category * (norm[row + 2] ?? 0);
          const attributes = frequencies[at + 3] ?? 0;
          if (attributes !== 0) tf += attributes * (norm[row + 3] ?? 0);
          const description = frequencies[at + 4] ?? 0;
          if (description !== 0) tf += description * (norm[row + 4] ?? 0);
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

    // 2. Filters and facets in one pass; each facet counts what passes every other filter. Browsing counts over
    // the products of the most selective filter (category, else brand), as the store path reads them through
    // that filter's index, so its facets never show the whole catalog's other categories.
    const { alive, pool, pathStart, pathLength, brand: brands, price: prices, inStock: stocks } = table;
    const categoryFilter = filters.category === undefined ? -1 : (table.categories.ordinals.get(filters.category) ?? -2);
    const brandFilter = filters.brand === undefined ? -1 : (table.brands.ordinals.get(filters.brand) ?? -2);
    const inPath = (o: number, category: number): boolean => {
      const from = pathStart[o] ?? 0;
      const to = from + (pathLength[o] ?? 0);
      for (let p = from; p < to; p++) if (pool[p] === category) return true;
      return false;
    };
    if (text === null) {
      for (let o = 0; o < table.size; o++) {
        if (alive[o] !== 1) continue;
        if (categoryFilter !== -1 ? !inPath(o, categoryFilter) : brandFilter !== -1 && brands[o] !== brandFilter) continue;
        candidates[candidateCount++] = o;
      }
    }
    const priced = filters.minPrice !== undefined || filters.maxPrice !== undefined;
    const minPrice = filters.minPrice ?? 0;
    const maxPrice = filters.maxPrice ?? Number.MAX_SAFE_INTEGER;
    const wantStock = filters.inStock === undefined ? -1 : filters.inStock ? 1 : 0;
    const categoryCounts = new Int32Array(table.categories.values.length);
    const brandCounts = new Int32Array(table.brands.values.length);
    const ranges = new Float64Array(boundaries.length + 1);
    let inStock = 0;
    let outOfStock = 0;
    let total = 0;
    for (let c = 0; c < candidateCount; c++) {
      const o = candidates[c] ?? 0;
      const brand = brands[o] ?? -1;
      const price = prices[o] ?? Number.NaN;
      const stocked = stocks[o] ?? 0;
      const category = categoryFilter === -1 || (categoryFilter >= 0 && inPath(o, categoryFilter));
      const brandPasses = brandFilter === -1 || brand === brandFilter;
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
      // price === price: priced (not NaN).
      if (category && brandPasses && stock && price === price) {
        // The first boundary the price is under, as `countFacets` finds it (boundaries need not be sorted).
        let bucket = 0;
        while (bucket < boundaries.length && !(price < (boundaries[bucket] ?? 0))) bucket++;
        ranges[bucket] = (ranges[bucket] ?? 0) + 1;
      }
      if (category && brandPasses && pricePasses) {
        if (stocked === 1) inStock++;
        else outOfStock++;
      }
      if (category && brandPasses && pricePasses && stock) matching[total++] = o;
    }

    // 3. The sort keys of the matches, then the page after the cursor by a bounded heap.
    // Browsing by "relevance" keys on sales and rating only, two of the four directions, as `keyOf` does.
    const directions = text === null && sort === 'relevance' ? directionsOf(sort).slice(0, 2) : directionsOf(sort);
    const keys = sortKeys(table, scratch, text !== null, sort, total);
    const keyAt = (o: number, i: number): number | string => (keys === null ? (table.createdAt[o] ?? '') : (keys[i]?.[o] ?? 0));
    const ids = table.ids;
    const byId = (a: number, b: number): number => {
      const x = ids[a] ?? '';
      const y = ids[b] ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    };
    const compare =
      keys === null
        ? (a: number, b: number): number => {
            const order = compareValue(keyAt(a, 0), keyAt(b, 0));
            return order !== 0 ? order * (directions[0] ?? 1) : byId(a, b);
          }
        : (a: number, b: number): number => {
            for (let i = 0; i < keys.length; i++) {
              const column = keys[i] ?? scratch.keys[0];
              const x = column[a] ?? 0;
              const y = column[b] ?? 0;
              if (x !== y) return (x < y ? -1 : 1) * (directions[i] ?? 1);
            }
            return byId(a, b);
          };
    const afterCursor = (o: number): boolean => {
      if (after === null) return true;
      for (let i = 0; i < directions.length; i++) {
        const order = compareValue(keyAt(o, i), after.k[i]);
        if (order !== 0) return order * (directions[i] ?? 1) > 0;
      }
      return (ids[o] ?? '') > after.id;
    };
    const selected = topK(limit, compare);
    let remaining = 0;
    for (let m = 0; m < total; m++) {
      const o = matching[m] ?? 0;
      if (after !== null && !afterCursor(o)) continue;
      remaining++;
      selected.push(o);
    }
    const page = selected.sorted().map((o) => ({
      id: ids[o] ?? '',
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
        priceRanges: Array.from(ranges, (count, i) => ({ min: i === 0 ? 0 : (boundaries[i - 1] ?? 0), max: boundaries[i] ?? null, count })),
        inStock: { inStock, outOfStock },
      },
    };
  };
};

/**
 * The sort keys of the matches as numeric columns (NaN-free, as `keyOf` gives them), written into the scratch
 * columns; null for "newest", whose key is the creation time as text.
 */
const sortKeys = (table: ProductTable, scratch: Scratch, text: boolean, sort: SearchSort, total: number): Float64Array[] | null => {
  const { matching, keys } = scratch;
  const fill = (count: number, key: (o: number, i: number) => number): Float64Array[] => {
    for (let m = 0; m < total; m++) {
      const o = matching[m] ?? 0;
      for (let i = 0; i < count; i++) keys[i as 0 | 1 | 2 | 3][o] = key(o, i);
    }
    return keys.slice(0, count);
  };
  return match(sort)
    .returnType<Float64Array[] | null>()
    .with('relevance', () => (text ? relevanceKeys(table, scratch, total) : fill(2, (o, i) => (i === 0 ? (table.sales[o] ?? 0) : nanAs(table.rating[o], 0)))))
    .with('price_asc', () => fill(1, (o) => nanAs(table.price[o], Number.MAX_SAFE_INTEGER)))
    .with('price_desc', () => fill(1, (o) => nanAs(table.price[o], -1)))
    .with('sales', () => fill(1, (o) => table.sales[o] ?? 0))
    .with('rating', () => fill(2, (o, i) => (i === 0 ? nanAs(table.rating[o], 0) : (table.ratingCount[o] ?? 0))))
    .with('newest', () => null)
    .exhaustive();
};

/**
 * The relevance key of every match, as `rankKey` makes it: whole matches first, then (among partial ones) how
 * typical the product's categories are of the best matches, coverage, and score.
 */
const relevanceKeys = (table: ProductTable, scratch: Scratch, total: number): Float64Array[] => {
  const { cover, matching, keys, score } = scratch;
  const { pool, idsStart, idsLength } = table;
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
      const from = idsStart[o] ?? 0;
      const to = from + (idsLength[o] ?? 0);
      // Each category once per product: a product filed twice under one category is still one product.
      outer: for (let p = from; p < to; p++) {
        const c = pool[p] ?? 0;
        for (let q = from; q < p; q++) if (pool[q] === c) continue outer;
        counts[c] = (counts[c] ?? 0) + 1;
      }
    }
    for (let c = 0; c < counts.length; c++) share[c] = (counts[c] ?? 0) / top;
  }
  const [whole, typicalKey, coverKey, scoreKey] = keys;
  for (let m = 0; m < total; m++) {
    const o = matching[m] ?? 0;
    let typical = 0;
    const from = idsStart[o] ?? 0;
    const to = from + (idsLength[o] ?? 0);
    for (let p = from; p < to; p++) typical = Math.max(typical, share[pool[p] ?? 0] ?? 0);
    const covered = cover[o] ?? 0;
    const isWhole = covered >= 0.999;
    whole[o] = isWhole ? 1 : 0;
    typicalKey[o] = isWhole ? 0 : round(typical, 0.05);
    coverKey[o] = round(covered, 0.01);
    scoreKey[o] = score[o] ?? 0;
  }
  return keys;
};

const nanAs = (value: number | undefined, fallback: number): number => (value === undefined || Number.isNaN(value) ? fallback : value);
