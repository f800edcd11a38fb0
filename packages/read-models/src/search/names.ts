import type { ReadModelSource } from '../source.js';
import { SEARCH_PROJECTION } from './collections.js';
import type { TaxonomyDocument, Text } from './documents.js';
import type { FacetCount } from './facets.js';

/** Category or brand names by id, for the taxonomy keys given. */
export const namesOf = async (source: ReadModelSource, keys: readonly string[]): Promise<Map<string, Text>> => {
  if (keys.length === 0) return new Map();
  const entries = await source.collection<TaxonomyDocument>(SEARCH_PROJECTION, 'taxonomy').find({ _id: { $in: [...keys] } });
  return new Map(entries.map((entry) => [entry.id, entry.name]));
};

/** Facet counts with the names of their categories or brands. */
export const named = async (source: ReadModelSource, counts: readonly { value: string; count: number }[], key: (id: string) => string): Promise<FacetCount[]> => {
  const names = await namesOf(source, counts.map((c) => key(c.value)));
  return counts.map(({ value, count }) => ({ value, name: names.get(value) ?? null, count }));
};
