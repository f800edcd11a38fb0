import { match } from 'ts-pattern';
import { round } from '../relevance.js';
import type { SearchSort } from '../request.js';
import type { Scratch } from './scratch.js';
import type { ProductTable } from './table.js';

/**
 * The sort keys of the matches as numeric columns (NaN-free, as `keyOf` gives them), written into the scratch
 * columns; null for "newest", whose key is the creation time as text.
 */
export const sortKeys = (table: ProductTable, scratch: Scratch, text: boolean, sort: SearchSort, total: number): Float64Array[] | null => {
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
  return [whole, typicalKey, coverKey, scoreKey];
};

const nanAs = (value: number | undefined, fallback: number): number => (value === undefined || Number.isNaN(value) ? fallback : value);
