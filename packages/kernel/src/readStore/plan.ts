import type { CollectionIndex } from './indexes.js';
import type { Filter } from './readStore.js';
import type { Bound } from './sortedEntries.js';
import { isPlainObject } from './values.js';

export type Range = readonly [Bound | null, Bound | null];

/**
 * How a find is answered: by `_id`s, by ranges of one index (the candidates are then checked against the whole
 * filter, so a plan only ever has to return a superset of the matches), or by a scan of the collection.
 */
export type Plan =
  | { readonly kind: 'ids'; readonly ids: readonly string[] }
  | { readonly kind: 'index'; readonly index: CollectionIndex; readonly ranges: readonly Range[] }
  | { readonly kind: 'scan' };

const isPoint = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

const point = (value: unknown): Range => [
  { value, inclusive: true },
  { value, inclusive: true },
];

// The edges of a type's stretch of the BSON order, so a range never leaves its type ("type bracketing").
const NUMBERS_START: Bound = { value: null, inclusive: false };
const NUMBERS_END: Bound = { value: '', inclusive: false };
const STRINGS_START: Bound = { value: '', inclusive: true };
const STRINGS_END: Bound = { value: {}, inclusive: false };

/** What one field's condition allows, as ranges over that field's index keys; null when it cannot say. */
const rangesFor = (condition: unknown, multikey: boolean): { ranges: Range[]; points: boolean } | null => {
  if (!isPlainObject(condition) || !Object.keys(condition).some((k) => k.startsWith('$'))) {
    return isPoint(condition) ? { ranges: [point(condition)], points: true } : null;
  }
  if (isPoint(condition.$eq)) return { ranges: [point(condition.$eq)], points: true };
  if (Array.isArray(condition.$in) && condition.$in.length > 0 && condition.$in.every(isPoint)) {
    return { ranges: (condition.$in as unknown[]).map(point), points: true };
  }
  let lower: Bound | null = null;
  let upper: Bound | null = null;
  let type: 'number' | 'string' | null = null;
  for (const op of ['$gt', '$gte', '$lt', '$lte'] as const) {
    const value = condition[op];
    if (typeof value !== 'number' && typeof value !== 'string') continue;
    const valueType = typeof value === 'number' ? 'number' : 'string';
    if (type !== null && type !== valueType) {
      // Different items of a multikey array may meet bounds of different types: the first type's bound narrows.
      if (multikey) continue;
      return { ranges: [], points: true }; // no scalar is both a number and a string
    }
    type = valueType;
    const bound = { value, inclusive: op === '$gte' || op === '$lte' };
    if (op === '$gt' || op === '$gte') {
      if (lower === null) lower = bound;
    } else if (upper === null) {
      upper = bound;
    }
  }
  if (type === null) return null;
  // Two bounds may be met by different items of a multikey array, so only one can narrow the scan.
  if (multikey && lower !== null) upper = null;
  return {
    ranges: [[lower ?? (type === 'number' ? NUMBERS_START : STRINGS_START), upper ?? (type === 'number' ? NUMBERS_END : STRINGS_END)]],
    points: false,
  };
};

/** The conditions every match must meet: the top-level fields and those of top-level `$and`s. */
const conjuncts = (filter: Filter, out: [string, unknown][] = []): [string, unknown][] => {
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and') for (const sub of condition as Filter[]) conjuncts(sub, out);
    else if (!key.startsWith('$')) out.push([key, condition]);
  }
  return out;
};

export const planFind = (filter: Filter, indexes: Iterable<CollectionIndex>): Plan => {
  const fields = conjuncts(filter);
  const byId = fields.find(([key]) => key === '_id');
  if (byId !== undefined) {
    const [, condition] = byId;
    if (typeof condition === 'string') return { kind: 'ids', ids: [condition] };
    if (isPlainObject(condition) && typeof condition.$eq === 'string') return { kind: 'ids', ids: [condition.$eq] };
    if (isPlainObject(condition) && Array.isArray(condition.$in) && condition.$in.every((v) => typeof v === 'string')) {
      return { kind: 'ids', ids: condition.$in };
    }
  }
  let best: { plan: Plan; score: number } | null = null;
  for (const index of indexes) {
    for (const [key, condition] of fields) {
      if (key !== index.firstPath) continue;
      const found = rangesFor(condition, index.multikey);
      if (found === null) continue;
      // Fewer points beat ranges; a unique index breaks ties because each point is at most one document.
      const score = found.points ? found.ranges.length * (index.declared.unique ? 1 : 2) : 1_000_000;
      if (best === null || score < best.score) best = { plan: { kind: 'index', index, ranges: found.ranges }, score };
    }
  }
  return best?.plan ?? { kind: 'scan' };
};
