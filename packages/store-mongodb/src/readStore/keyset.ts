import type { Filter, SortSpec } from '@shopstream/kernel';

/**
 * Keyset pages on MongoDB (docs/read-store.md, Keyset pages). The cursor (the kernel's format) carries the sort
 * keys of a page's last document, as the kernel computes them: an array field sorts by its smallest item
 * ascending and its largest descending, an empty array before null, values of different types in BSON order
 * (missing and null < numbers < strings < objects < booleans). The next page is the documents strictly after those
 * keys: for keys (a, b, _id), `a beyond A`, or `a = A and b beyond B`, or `a = A and b = B and _id beyond ID`.
 *
 * `afterKeys` turns that into a filter MongoDB answers with the sort's index. On single values it is exact. On an
 * array field, MongoDB's conditions hold when any item meets them, while the sort key is one item: so the filter
 * selects every document after the keys and possibly some before them (`[1, 9]` sorts by 1 ascending, but has an
 * item beyond 5), which the store drops by comparing the documents' own sort keys with the kernel's comparator.
 *
 * MongoDB's range operators stay within one type (`{ $gt: 5 }` never matches a string), so "beyond" is the
 * greater (or smaller) values of the key's own type, or any value of a type after (or before) it (`{ $gte: '' }`
 * is every string).
 */

/** `_id` ends every page sort, so that no two documents share a position. */
export const pageSort = (requested: SortSpec): SortSpec => (Object.hasOwn(requested, '_id') ? requested : { ...requested, _id: 1 });

const RANKS = ['null', 'number', 'string', 'object', 'bool'] as const;
type Rank = (typeof RANKS)[number];

const rankOf = (value: unknown): Rank => {
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
/** Matches every document. */
const EVERYTHING: Filter = {};

/** The field's sort key may equal the key (null stands for missing too; undefined is an empty array's key). */
const equalTo = (path: string, key: unknown): Filter => {
  if (key === undefined) return { [path]: { $size: 0 } };
  return key === null ? { [path]: null } : { [path]: { $eq: key } };
};

/**
 * The field holds a value of the type (an array, an item of it): ranges from the type's least value, which the
 * sort's index answers, rather than `$type`.
 */
const anyOf = (path: string, rank: Rank): Filter => {
  switch (rank) {
    case 'null':
      return { [path]: null };
    case 'number':
      return { [path]: { $gte: Number.NEGATIVE_INFINITY } };
    case 'string':
      return { [path]: { $gte: '' } };
    case 'object':
      return { [path]: { $gte: {} } };
    case 'bool':
      return { [path]: { $in: [false, true] } };
  }
};

/** The field's sort key may be strictly after (`direction` 1) or before (-1) the key. */
const beyond = (path: string, key: unknown, direction: 1 | -1): Filter | undefined => {
  // An empty array's key sorts before every other: everything may follow it, nothing precedes it.
  if (key === undefined) return direction === 1 ? EVERYTHING : undefined;
  const rank = RANKS.indexOf(rankOf(key));
  const clauses: Filter[] = [];
  if (typeof key === 'boolean') {
    if (direction === 1 ? !key : key) clauses.push({ [path]: !key });
  } else if (key !== null) {
    clauses.push({ [path]: { [direction === 1 ? '$gt' : '$lt']: key } });
  }
  const others = RANKS.filter((_, i) => (direction === 1 ? i > rank : i < rank));
  for (const other of others) clauses.push(anyOf(path, other));
  if (direction === -1) clauses.push({ [path]: { $size: 0 } });
  if (clauses.length === 0) return undefined;
  return clauses.length === 1 ? clauses[0] : { $or: clauses };
};

/** Every document strictly after `keys` in `sort`'s order (and, on array fields, perhaps some before them). */
export const afterKeys = (sort: SortSpec, keys: readonly unknown[]): Filter => {
  const entries = Object.entries(sort);
  const branches: Filter[] = [];
  for (let i = 0; i < entries.length; i++) {
    const [path, direction] = entries[i] as [string, 1 | -1];
    const past = beyond(path, keys[i], direction);
    if (past === undefined) continue;
    const equal = entries.slice(0, i).map(([earlier], j) => equalTo(earlier, keys[j]));
    const branch = [...equal, ...(past === EVERYTHING ? [] : [past])];
    if (branch.length === 0) return EVERYTHING;
    branches.push(branch.length === 1 ? (branch[0] as Filter) : { $and: branch });
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
