import { match } from 'ts-pattern';
import type { SearchSort } from '../request.js';
import type { Scratch } from './scratch.js';
import type { ProductTable } from './table.js';

/**
 * How the matches are ordered: numeric columns compared in turn (each in its direction), then the id; null
 * columns for "newest", whose key is the creation time as text. `keyAt` gives the i-th value of the sort key
 * `keyOf` makes for the store path (what cursors carry), which the columns may encode more compactly.
 */
export type SortColumns = {
  readonly columns: readonly Float64Array[] | null;
  readonly directions: readonly (1 | -1)[];
  readonly keyAt: (o: number, i: number) => number | string;
};

/** The sort keys of the matches (NaN-free, as `keyOf` gives them), written into the scratch columns. */
export const sortKeys = (table: ProductTable, scratch: Scratch, text: boolean, sort: SearchSort, total: number): SortColumns => {
  const { matching, keys } = scratch;
  const fill = (count: number, directions: readonly (1 | -1)[], key: (o: number, i: number) => number): SortColumns => {
    for (let m = 0; m < total; m++) {
      const o = matching[m] ?? 0;
      for (let i = 0; i < count; i++) keys[i as 0 | 1 | 2 | 3][o] = key(o, i);
    }
    const columns = keys.slice(0, count);
    return { columns, directions, keyAt: (o, i) => columns[i]?.[o] ?? 0 };
  };
  return match(sort)
    .returnType<SortColumns>()
    .with('relevance', () => (text ? relevanceKeys(table, scratch, total) : fill(2, [-1, -1], (o, i) => (i === 0 ? (table.sales[o] ?? 0) : nanAs(table.rating[o], 0)))))
    .with('price_asc', () => fill(1, [1], (o) => nanAs(table.price[o], Number.MAX_SAFE_INTEGER)))
    .with('price_desc', () => fill(1, [-1], (o) => nanAs(table.price[o], -1)))
    .with('sales', () => fill(1, [-1], (o) => table.sales[o] ?? 0))
    .with('rating', () => fill(2, [-1, -1], (o, i) => (i === 0 ? nanAs(table.rating[o], 0) : (table.ratingCount[o] ?? 0))))
    .with('newest', () => ({ columns: null, directions: [-1], keyAt: (o) => table.createdAt[o] ?? '' }))
    .exhaustive();
};

// Coverage rounds to 0.01 in `rankKey`: at most 100 steps (101 values) under each step of typicality.
const COVER_STEPS = 100;
const WHOLE = 1_000_000;

/**
 * The relevance key of every match, as `rankKey` makes it: whole matches first, then (among partial ones) how
 * typical the product's categories are of the best matches, coverage, and score. The first three parts take
 * few values once rounded, so they are packed into one number (whole, then typicality steps, then coverage
 * steps) that orders as they do: two columns to compare instead of four.
 */
const relevanceKeys = (table: ProductTable, scratch: Scratch, total: number): SortColumns => {
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
  const [group, scoreKey] = keys;
  for (let m = 0; m < total; m++) {
    const o = matching[m] ?? 0;
    const covered = cover[o] ?? 0;
    // round(x, step) is Math.round(x / step) * step: the step counts give back the very same doubles.
    const coverSteps = Math.round(covered / 0.01);
    if (covered >= 0.999) {
      group[o] = WHOLE + coverSteps;
    } else {
      let typical = 0;
      const from = idsStart[o] ?? 0;
      const to = from + (idsLength[o] ?? 0);
      for (let p = from; p < to; p++) typical = Math.max(typical, share[pool[p] ?? 0] ?? 0);
      group[o] = Math.round(typical / 0.05) * (COVER_STEPS + 1) + coverSteps;
    }
    scoreKey[o] = score[o] ?? 0;
  }
  return {
    columns: [group, scoreKey],
    directions: [-1, -1],
    keyAt: (o, i) => {
      const packed = group[o] ?? 0;
      const whole = packed >= WHOLE;
      const rest = whole ? packed - WHOLE : packed;
      const coverSteps = rest % (COVER_STEPS + 1);
      if (i === 0) return whole ? 1 : 0;
      if (i === 1) return whole ? 0 : ((rest - coverSteps) / (COVER_STEPS + 1)) * 0.05;
      if (i === 2) return coverSteps * 0.01;
      return scoreKey[o] ?? 0;
    },
  };
};

const nanAs = (value: number | undefined, fallback: number): number => (value === undefined || Number.isNaN(value) ? fallback : value);
