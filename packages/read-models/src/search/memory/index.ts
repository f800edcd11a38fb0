import type { SortKey } from '../cursor.js';
import type { SearchSort } from '../request.js';
import type { Collections } from '../retrieval.js';
import { brandAliases } from '../retrieval.js';
import { compact } from '../ranking.js';
import { normalise } from '../text/index.js';
import type { Filters, RankedPage } from './evaluate.js';
import { evaluator } from './evaluate.js';
import { syncedTable } from './sync.js';

export type { FacetCounts, Filters, RankedPage } from './evaluate.js';

export type MemorySearch = (
  request: Filters & { readonly text?: string | undefined },
  terms: readonly string[] | null,
  sort: SearchSort,
  after: { readonly k: SortKey; readonly id: string } | null,
  limit: number,
  boundaries: readonly number[],
) => Promise<RankedPage>;

/**
 * Searches over an inverted index held in this process (`candidates: 'memory'`): the visible products as
 * columns and postings, kept from the projection's change feed. Only the brand aliases (one indexed lookup)
 * and the feed's head are read from the store per query; the page's documents are read by the caller.
 */
export const memorySearch = (collections: Collections): MemorySearch => {
  const table = syncedTable(collections);
  const evaluate = evaluator();
  return async (request, terms, sort, after, limit, boundaries) => {
    const text = request.text ?? '';
    const standsFor = terms === null ? new Map<string, string>() : await brandAliases(collections, text, terms);
    const current = await table();
    const query = terms === null ? null : { terms: [...terms, ...standsFor.keys()], standsFor, compactQuery: compact(normalise(text)) };
    return evaluate(current, query, request, sort, after, limit, boundaries);
  };
};
