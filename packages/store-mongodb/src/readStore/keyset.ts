import { ReadStoreError } from '@shopstream/kernel';
import type { Filter, JsonValue, SortSpec } from '@shopstream/kernel';

/**
 * Keyset pages on MongoDB (docs/read-store.md, Keyset pages). The cursor (the kernel's format) carries the sort
 * keys of a page's last document; the next page is the documents strictly after those keys in the sort's order,
 * which is a filter MongoDB answers with the sort's index: for keys (a, b, _id), `a beyond A`, or `a = A and b
 * beyond B`, or `a = A and b = B and _id beyond ID`.
 *
 * MongoDB's range operators stay within one type (`{ $gt: 5 }` never matches a string), but a sort orders values
 * of different types (BSON order: missing and null < numbers < strings < objects < booleans), so "beyond" is the
 * greater (or smaller) values of the key's own type or any value of a type after (or before) it.
 */

/** `_id` ends every page sort, so that no two documents share a position. */
export const pageSort = (requested: SortSpec): SortSpec => (Object.hasOwn(requested, '_id') ? requested : { ...requested, _id: 1 });

const RANKS = ['null', 'number', 'string', 'object', 'bool'] as const;
type Rank = (typeof RANKS)[number];

const rankOf = (value: JsonValue): Rank => {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
};

/** Matches no document: every document has an `_id`. */
const NOTHING: Filter = { _id: { $exists: false } };

/** The key at a sort path of a document: null when missing; an array on the path cannot be paged by range. */
export const sortKeyAt = (document: unknown, path: string): JsonValue => {
  let current: unknown = document;
  for (const segment of path.split('.')) {
    if (Array.isArray(current)) break;
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return null;
    current = (current as Record<string, unknown>)[segment];
  }
  if (Array.isArray(current)) {
    throw new ReadStoreError({ _tag: 'InvalidQuery', reason: `findPage sorts on ${path}, which holds an array here; MongoDB pages by range only on single-valued fields` });
  }
  return (current ?? null) as JsonValue;
};

export const sortKeysOf = (document: unknown, sort: SortSpec): JsonValue[] => Object.keys(sort).map((path) => sortKeyAt(document, path));

/** The field equals the key, in the sort's sense (null stands for missing too). */
const equalTo = (path: string, key: JsonValue): Filter => (key === null ? { [path]: null } : { [path]: { $eq: key } });

/** The field sorts strictly after (`direction` 1) or before (-1) the key. */
const beyond = (path: string, key: JsonValue, direction: 1 | -1): Filter | undefined => {
  const rank = RANKS.indexOf(rankOf(key));
  const clauses: Filter[] = [];
  if (typeof key === 'boolean') {
    if (direction === 1 ? !key : key) clauses.push({ [path]: !key });
  } else if (key !== null) {
    clauses.push({ [path]: { [direction === 1 ? '$gt' : '$lt']: key } });
  }
  const others = RANKS.filter((_, i) => (direction === 1 ? i > rank : i < rank));
  const types = others.filter((other) => other !== 'null');
  if (types.length > 0) clauses.push({ [path]: { $type: types } });
  if (others.includes('null')) clauses.push({ [path]: null });
  if (clauses.length === 0) return undefined;
  return clauses.length === 1 ? clauses[0] : { $or: clauses };
};

/** The documents strictly after `keys` in `sort`'s order. */
export const afterKeys = (sort: SortSpec, keys: readonly unknown[]): Filter => {
  const entries = Object.entries(sort);
  const branches: Filter[] = [];
  for (let i = 0; i < entries.length; i++) {
    const [path, direction] = entries[i] as [string, 1 | -1];
    const past = beyond(path, (keys[i] ?? null) as JsonValue, direction);
    if (past === undefined) continue;
    const equal = entries.slice(0, i).map(([earlier], j) => equalTo(earlier, (keys[j] ?? null) as JsonValue));
    branches.push(equal.length === 0 ? past : { $and: [...equal, past] });
  }
  if (branches.length === 0) return NOTHING;
  return branches.length === 1 ? (branches[0] as Filter) : { $or: branches };
};

/**
 * `filter` with one more condition, ANDed at the top so that a `$text` in `filter` stays at the top level,
 * where MongoDB requires it.
 */
export const andAlso = (filter: Filter, condition: Filter): Filter => {
  const existing = filter.$and;
  return { ...filter, $and: [...(Array.isArray(existing) ? (existing as Filter[]) : []), condition] };
};
