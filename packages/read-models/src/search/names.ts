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

/**
 * How a query reads documents it knows by id: `find` with `$in` is one round trip to a remote store but
 * compiles a filter each time (with mingo in the embedded store: about 60 KB of garbage per lookup, which the
 * memory mode's searches pay for in scavenges); `get` per id compiles nothing.
 */
export type ByIds = 'find' | 'get';

/** The taxonomy entries with these keys, in no particular order. */
const taxonomyEntries = async (source: ReadModelSource, keys: readonly string[], by: ByIds): Promise<TaxonomyDocument[]> => {
  const taxonomy = source.collection<TaxonomyDocument>(SEARCH_PROJECTION, 'taxonomy');
  if (keys.length === 0) return [];
  if (by === 'find') return taxonomy.find({ _id: { $in: [...keys] } });
  const found = await Promise.all(keys.map((key) => taxonomy.get(key)));
  return found.filter((entry) => entry !== null);
};

/** The category and brand facets with their names, read in one lookup (a query's fixed cost is mostly lookups). */
export const namedFacets = async (source: ReadModelSource, categories: Counts, brands: Counts, by: ByIds = 'find'): Promise<{ categories: FacetCount[]; brands: FacetCount[] }> => {
  const keys = [...categories.map((c) => categoryKey(c.value)), ...brands.map((b) => brandKey(b.value))];
  const entries = await taxonomyEntries(source, keys, by);
  // By taxonomy key: a category and a brand may share an id.
  const names = new Map(entries.map((entry) => [entry._id, entry.name]));
  const named = (counts: Counts, key: (id: string) => string): FacetCount[] => counts.map(({ value, count }) => ({ value, name: names.get(key(value)) ?? null, count }));
  return { categories: named(categories, categoryKey), brands: named(brands, brandKey) };
};
