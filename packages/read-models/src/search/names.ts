import type { ReadModelSource } from '../source.js';
import { SEARCH_PROJECTION } from './collections.js';
import type { TaxonomyDocument, Text } from './documents.js';
import { brandKey, categoryKey } from './documents.js';
import type { FacetCount } from './facets.js';

/** Category or brand names by id, for the taxonomy keys given. */
export const namesOf = async (source: ReadModelSource, keys: readonly string[]): Promise<Map<string, Text>> => {
  if (keys.length === 0) return new Map();
  const entries = await source.collection<TaxonomyDocument>(SEARCH_PROJECTION, 'taxonomy').find({ _id: { $in: [...keys] } });
  return new Map(entries.map((entry) => [entry.id, entry.name]));
};

type Counts = readonly { value: string; count: number }[];

/** The category and brand facets with their names, read in one lookup (a query's fixed cost is mostly lookups). */
export const namedFacets = async (source: ReadModelSource, categories: Counts, brands: Counts): Promise<{ categories: FacetCount[]; brands: FacetCount[] }> => {
  const keys = [...categories.map((c) => categoryKey(c.value)), ...brands.map((b) => brandKey(b.value))];
  const entries = keys.length === 0 ? [] : await source.collection<TaxonomyDocument>(SEARCH_PROJECTION, 'taxonomy').find({ _id: { $in: keys } });
  // By taxonomy key: a category and a brand may share an id.
  const names = new Map(entries.map((entry) => [entry._id, entry.name]));
  const named = (counts: Counts, key: (id: string) => string): FacetCount[] => counts.map(({ value, count }) => ({ value, name: names.get(key(value)) ?? null, count }));
  return { categories: named(categories, categoryKey), brands: named(brands, brandKey) };
};
