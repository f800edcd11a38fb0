import { coverage } from '../ranking.js';
import type { TextQuery } from './evaluate.js';
import type { Scratch } from './scratch.js';
import type { ImpactCache } from './scoring.js';
import type { ProductTable } from './table.js';
import { corpusOfTable } from './table.js';

/** Coverage is tabulated by bit mask up to this many known terms (a 2^n table); longer queries use a map. */
const TABULATED_TERMS = 12;

/**
 * Writes a candidate's coverage (of its matched terms, its bit mask) to `scratch.cover`, each combination
 * worked out once per query. Written rather than returned: a double returned from a call that is not inlined
 * is boxed, one heap number per match, and those were half of a broad search's garbage.
 */
export type CoverageOf = (o: number) => void;

/**
 * The live products holding any known query term, written to `scratch.candidates` (the count is returned),
 * each with its BM25F score summed term by term in the query's order (as the store path sums it) and its
 * matched terms as a bit mask; `coverageOf` reads the mask. Term at a time: one pass over each term's posting
 * list and its impacts. Coverage and the popularity lift are left to the pass over the candidates that filters
 * them, so only the matches pay for them.
 */
export const textCandidates = (table: ProductTable, scratch: Scratch, text: TextQuery, query: number, impactsOf: ImpactCache): { count: number; coverageOf: CoverageOf } => {
  const { stamp, score, candidates, cover } = scratch;
  const known = text.terms.flatMap((term) => {
    const posting = table.postings.get(term);
    return posting !== undefined && posting.live > 0 ? [{ term, posting }] : [];
  });
  const words = Math.max(1, Math.ceil(known.length / 32));
  // More than 32 known terms (a long query) needs wider masks, allocated for that query only.
  const masks = words > 1 ? new Uint32Array(table.capacity * words) : scratch.masks;
  const corpus = corpusOfTable(table);
  let count = 0;
  for (let t = 0; t < known.length; t++) {
    const posting = known[t]?.posting;
    if (posting === undefined) continue;
    const impacts = impactsOf(table, corpus, posting);
    const at = t >> 5;
    const bit = 1 << (t & 31);
    const { ordinals } = posting;
    for (let i = 0; i < posting.length; i++) {
      const impact = impacts[i] ?? 0;
      // 0 for a dead ordinal: its entry waits for compaction.
      if (impact === 0) continue;
      const o = ordinals[i] ?? 0;
      if (stamp[o] !== query) {
        stamp[o] = query;
        score[o] = impact;
        if (words === 1) masks[o] = bit;
        else {
          for (let w = 0; w < words; w++) masks[o * words + w] = 0;
          masks[o * words + at] = bit;
        }
        candidates[count++] = o;
        continue;
      }
      // 0 + impact is impact: starting the sum at the first term's impact gives the very same double.
      score[o] = (score[o] ?? 0) + impact;
      masks[o * words + at] = (masks[o * words + at] ?? 0) | bit;
    }
  }
  const coverageByTerms = (o: number): number => {
    const matched = known.flatMap(({ term }, t) => (((masks[o * words + (t >> 5)] ?? 0) >>> (t & 31)) & 1 ? [text.standsFor.get(term) ?? term] : []));
    return coverage(text.compactQuery, matched);
  };
  // Candidates share a handful of combinations of matched terms: each one's coverage is worked out once.
  if (known.length <= TABULATED_TERMS) {
    const byMask = new Float64Array(1 << known.length).fill(-1);
    return {
      count,
      coverageOf: (o) => {
        const mask = masks[o] ?? 0;
        let value = byMask[mask] ?? -1;
        if (value < 0) {
          value = coverageByTerms(o);
          byMask[mask] = value;
        }
        cover[o] = value;
      },
    };
  }
  const coverages = new Map<string, number>();
  return {
    count,
    coverageOf: (o) => {
      const signature = Array.from(masks.subarray(o * words, (o + 1) * words)).join(',');
      let value = coverages.get(signature);
      if (value === undefined) {
        value = coverageByTerms(o);
        coverages.set(signature, value);
      }
      cover[o] = value;
    },
  };
};

/**
 * Browsing without text: the live products of the most selective filter (category, else brand), as the store
 * path reads them through that filter's index, so its facets never show the whole catalog's other categories.
 */
export const browseCandidates = (table: ProductTable, scratch: Scratch, categoryFilter: number, brandFilter: number): number => {
  const { alive, brand } = table;
  const { candidates } = scratch;
  let count = 0;
  for (let o = 0; o < table.size; o++) {
    if (alive[o] !== 1) continue;
    if (categoryFilter !== -1 ? !inPath(table, o, categoryFilter) : brandFilter !== -1 && brand[o] !== brandFilter) continue;
    candidates[count++] = o;
  }
  return count;
};

/** Whether the product is filed under the category or below it. */
export const inPath = (table: ProductTable, o: number, category: number): boolean => {
  const { pool, pathStart, pathLength } = table;
  const from = pathStart[o] ?? 0;
  const to = from + (pathLength[o] ?? 0);
  for (let p = from; p < to; p++) if (pool[p] === category) return true;
  return false;
};
