import type { SortKey } from '../cursor.js';
import { compareValue } from '../order.js';
import type { SearchSort } from '../request.js';
import { directionsOf } from '../sorting.js';
import { browseCandidates, textCandidates } from './candidates.js';
import type { FacetCounts, Filters } from './counting.js';
import { collectMatches, filterOrdinals } from './counting.js';
import { sortKeys } from './keys.js';
import type { Scratch } from './scratch.js';
import { scratchOf } from './scratch.js';
import { impactCache } from './scoring.js';
import type { ProductTable } from './table.js';
import { topK } from './topK.js';

export type { FacetCounts, Filters } from './counting.js';

/** A text query: its terms and brand aliases in order, each alias with the query term it stands for. */
export type TextQuery = { readonly terms: readonly string[]; readonly standsFor: ReadonlyMap<string, string>; readonly compactQuery: string };

export type RankedPage = {
  readonly page: { readonly id: string; readonly key: SortKey; readonly relevance: number | null }[];
  readonly more: boolean;
  readonly total: number;
  readonly counts: FacetCounts;
};

/**
 * Answers searches over a `ProductTable` exactly as the store path ranks, filters and counts (same BM25F
 * arithmetic in the same order, same coverage, affinity, facets and keyset order), but term at a time over
 * postings: each term's contribution per product is cached until the text changes, scores sum into a reused
 * accumulator, matched terms into bit masks. Then two passes over the candidates: one filters them and counts
 * facets, coverage and affinity; one computes the matches' sort keys and selects the page by a bounded heap.
 * Synchronous: no other query interleaves.
 */
export const evaluator = () => {
  let scratch = scratchOf(0);
  let query = 0;
  const impactsOf = impactCache();
  return (table: ProductTable, text: TextQuery | null, filters: Filters, sort: SearchSort, after: { readonly k: SortKey; readonly id: string } | null, limit: number, boundaries: readonly number[]): RankedPage => {
    if (scratch.capacity < table.capacity) scratch = scratchOf(table.capacity);
    query++;
    const ordinals = filterOrdinals(table, filters);
    const candidates = text === null ? { count: browseCandidates(table, scratch, ordinals.category, ordinals.brand), coverageOf: null } : textCandidates(table, scratch, text, query, impactsOf);
    const { coverageOf } = candidates;
    const { total, counts, share } = collectMatches(table, scratch, candidates.count, filters, ordinals, boundaries, coverageOf === null ? null : { coverageOf });
    const { page, more } = pageOf(table, scratch, share, sort, after, limit, total);
    return { page, more, total, counts };
  };
};

/**
 * The page after the cursor by a bounded heap of match positions, each match's sort keys computed as the
 * selection reaches it: one pass over the matches.
 */
const pageOf = (
  table: ProductTable,
  scratch: Scratch,
  share: Float64Array | null,
  sort: SearchSort,
  after: { readonly k: SortKey; readonly id: string } | null,
  limit: number,
  total: number,
): { page: RankedPage['page']; more: boolean } => {
  const text = share !== null;
  // Browsing by "relevance" keys on sales and rating only, two of the four directions, as `keyOf` does.
  const directions = !text && sort === 'relevance' ? directionsOf(sort).slice(0, 2) : directionsOf(sort);
  const { columns, directions: columnDirections, write, keyAt } = sortKeys(table, scratch, share, sort);
  const { ids } = table;
  const { matching, score } = scratch;
  const byId = (a: number, b: number): number => {
    const x = ids[matching[a] ?? 0] ?? '';
    const y = ids[matching[b] ?? 0] ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const compare =
    columns === null
      ? (a: number, b: number): number => {
          const order = compareValue(keyAt(a, matching[a] ?? 0, 0), keyAt(b, matching[b] ?? 0, 0));
          return order !== 0 ? order * (directions[0] ?? 1) : byId(a, b);
        }
      : (a: number, b: number): number => {
          for (let i = 0; i < columns.length; i++) {
            const column = columns[i] ?? scratch.keys[0];
            const x = column[a] ?? 0;
            const y = column[b] ?? 0;
            if (x !== y) return (x < y ? -1 : 1) * (columnDirections[i] ?? 1);
          }
          return byId(a, b);
        };
  const afterCursor = (m: number, o: number): boolean => {
    if (after === null) return true;
    for (let i = 0; i < directions.length; i++) {
      const order = compareValue(keyAt(m, o, i), after.k[i]);
      if (order !== 0) return order * (directions[i] ?? 1) > 0;
    }
    return (ids[o] ?? '') > after.id;
  };
  const selected = topK(limit, compare);
  let remaining = 0;
  // Most matches rank below the page's worst on the first column alone: that one read settles them.
  const first = columns?.[0] ?? null;
  const firstDirection = columnDirections[0] ?? 1;
  for (let m = 0; m < total; m++) {
    const o = matching[m] ?? 0;
    write(m, o);
    if (after !== null && !afterCursor(m, o)) continue;
    remaining++;
    const worst = selected.worst();
    if (first !== null && worst >= 0) {
      const x = first[m] ?? 0;
      const y = first[worst] ?? 0;
      if (x !== y && (x < y ? -firstDirection : firstDirection) > 0) continue;
    }
    selected.push(m);
  }
  const page = selected.sorted().map((m) => {
    const o = matching[m] ?? 0;
    return {
      id: ids[o] ?? '',
      key: directions.map((_, i) => keyAt(m, o, i)),
      relevance: text ? (score[o] ?? 0) : null,
    };
  });
  return { page, more: remaining > limit };
};
