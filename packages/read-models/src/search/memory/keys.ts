import { match } from 'ts-pattern';
import type { SearchSort } from '../request.js';
import type { Scratch } from './scratch.js';
import type { ProductTable } from './table.js';

/**
 * How the matches are ordered: numeric columns compared in turn (each in its direction), then the id; no
 * columns for "newest", whose key is the creation time as text. The columns are indexed by match (the
 * position in `scratch.matching`), written by `write` as the page selection reaches each match, so the keys
 * are computed in the same pass that selects the page. `keyAt` gives the i-th value of the sort key `keyOf`
 * makes for the store path (what cursors carry), which the columns may encode more compactly.
 */
export type SortColumns = {
  readonly columns: readonly Float64Array[] | null;
  readonly directions: readonly (1 | -1)[];
  readonly write: (m: number, o: number) => void;
  readonly keyAt: (m: number, o: number, i: number) => number | string;
};

/** The sort keys of the matches (NaN-free, as `keyOf` gives them); `share` is the category affinity of a text query. */
export const sortKeys = (table: ProductTable, scratch: Scratch, share: Float64Array | null, sort: SearchSort): SortColumns => {
  const { keys } = scratch;
  const [first, second] = keys;
  // Each `write` stores its doubles itself: a key returned from a call that is not inlined would be boxed,
  // one heap number per match.
  const one = (direction: 1 | -1, write: (m: number, o: number) => void): SortColumns => ({ columns: [first], directions: [direction], write, keyAt: (m) => first[m] ?? 0 });
  const two = (write: (m: number, o: number) => void): SortColumns => ({ columns: [first, second], directions: [-1, -1], write, keyAt: (m, _o, i) => (i === 0 ? first[m] : second[m]) ?? 0 });
  const { price, sales, rating, ratingCount, createdAt } = table;
  return match(sort)
    .returnType<SortColumns>()
    .with('relevance', () =>
      share !== null
        ? relevanceKeys(table, scratch, share)
        : two((m, o) => {
            first[m] = sales[o] ?? 0;
            second[m] = nanAs(rating[o], 0);
          }),
    )
    .with('price_asc', () =>
      one(1, (m, o) => {
        first[m] = nanAs(price[o], Number.MAX_SAFE_INTEGER);
      }),
    )
    .with('price_desc', () =>
      one(-1, (m, o) => {
        first[m] = nanAs(price[o], -1);
      }),
    )
    .with('sales', () =>
      one(-1, (m, o) => {
        first[m] = sales[o] ?? 0;
      }),
    )
    .with('rating', () =>
      two((m, o) => {
        first[m] = nanAs(rating[o], 0);
        second[m] = ratingCount[o] ?? 0;
      }),
    )
    .with('newest', () => ({ columns: null, directions: [-1], write: () => undefined, keyAt: (_m, o) => createdAt[o] ?? '' }))
    .exhaustive();
};

// Coverage rounds to 0.01 in `rankKey`: at most 100 steps (101 values) under each step of typicality.
const COVER_STEPS = 100;
const WHOLE = 1_000_000;

/**
 * The relevance key of a match, as `rankKey` makes it: whole matches first, then (among partial ones) how
 * typical the product's categories are of the best matches, coverage, and score. The first three parts take
 * few values once rounded, so they are packed into one number (whole, then typicality steps, then coverage
 * steps) that orders as they do: two columns to compare instead of four.
 */
const relevanceKeys = (table: ProductTable, scratch: Scratch, share: Float64Array): SortColumns => {
  const { cover, keys, score } = scratch;
  const { pool, idsStart, idsLength } = table;
  const [group, scoreKey] = keys;
  return {
    columns: [group, scoreKey],
    directions: [-1, -1],
    write: (m, o) => {
      const covered = cover[o] ?? 0;
      // round(x, step) is Math.round(x / step) * step: the step counts give back the very same doubles.
      const coverSteps = Math.round(covered / 0.01);
      if (covered >= 0.999) {
        group[m] = WHOLE + coverSteps;
      } else {
        let typical = 0;
        const from = idsStart[o] ?? 0;
        const to = from + (idsLength[o] ?? 0);
        for (let p = from; p < to; p++) typical = Math.max(typical, share[pool[p] ?? 0] ?? 0);
        group[m] = Math.round(typical / 0.05) * (COVER_STEPS + 1) + coverSteps;
      }
      scoreKey[m] = score[o] ?? 0;
    },
    keyAt: (m, _o, i) => {
      const packed = group[m] ?? 0;
      const whole = packed >= WHOLE;
      const rest = whole ? packed - WHOLE : packed;
      const coverSteps = rest % (COVER_STEPS + 1);
      if (i === 0) return whole ? 1 : 0;
      if (i === 1) return whole ? 0 : ((rest - coverSteps) / (COVER_STEPS + 1)) * 0.05;
      if (i === 2) return coverSteps * 0.01;
      return scoreKey[m] ?? 0;
    },
  };
};

const nanAs = (value: number | undefined, fallback: number): number => (value === undefined || Number.isNaN(value) ? fallback : value);
