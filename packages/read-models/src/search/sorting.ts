import { match } from 'ts-pattern';
import type { SortKey } from './cursor.js';
import type { Directions } from './order.js';
import type { Affinity } from './relevance.js';
import { rankKey } from './relevance.js';
import type { SearchSort } from './request.js';
import type { Candidate, Scored } from './retrieval.js';

export const directionsOf = (sort: SearchSort): Directions =>
  match(sort)
    .returnType<Directions>()
    .with('relevance', () => [-1, -1, -1, -1])
    .with('rating', () => [-1, -1])
    .with('price_asc', () => [1])
    .with('price_desc', 'sales', 'newest', () => [-1])
    .exhaustive();

/** Without text, "relevance" means what sells and what is rated well. */
export const keyOf = (sort: SearchSort, candidate: Candidate, scored: Scored | null, affinity: Affinity): SortKey =>
  match(sort)
    .returnType<SortKey>()
    .with('relevance', () => (scored ? rankKey(scored, affinity) : [candidate.sales, candidate.rating ?? 0]))
    .with('price_asc', () => [candidate.price ?? Number.MAX_SAFE_INTEGER])
    .with('price_desc', () => [candidate.price ?? -1])
    .with('sales', () => [candidate.sales])
    .with('rating', () => [candidate.rating ?? 0, candidate.ratingCount])
    .with('newest', () => [candidate.createdAt ?? ''])
    .exhaustive();
