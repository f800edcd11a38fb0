import { isPlainObject } from './values.js';

export const splitPath = (path: string): readonly string[] => path.split('.');

const isIndexSegment = (segment: string): boolean => /^(0|[1-9][0-9]*)$/.test(segment);

/** What `scalarKeyAt` answers when an array lies on the path, so the full walk of `indexKeysAt` is needed. */
export const ARRAY_ON_PATH: unique symbol = Symbol('array on path');

/**
 * The one index key of a path that meets no array (the common case: every write computes the keys of every
 * index), without the allocations of `indexKeysAt`; `ARRAY_ON_PATH` when an array is met.
 */
export const scalarKeyAt = (document: unknown, segments: readonly string[]): unknown => {
  let current: unknown = document;
  for (let i = 0; i < segments.length && current !== undefined; i++) {
    if (Array.isArray(current)) return ARRAY_ON_PATH;
    current = isPlainObject(current) && Object.hasOwn(current, segments[i] as string) ? current[segments[i] as string] : undefined;
  }
  return Array.isArray(current) ? ARRAY_ON_PATH : (current ?? null);
};

/**
 * The index keys a document yields for one field path, as MongoDB builds them: arrays met on the way are
 * walked into (an index on `items.sku` holds every item's sku), a leaf array yields each of its items
 * (multikey), an empty leaf array yields `undefined` and a missing field yields null. `isArray` reports whether
 * an array was met, which makes the index multikey.
 */
export const indexKeysAt = (document: unknown, segments: readonly string[]): { keys: unknown[]; isArray: boolean } => {
  // The common case first: no array on the way, so there is exactly one key and no walk is needed.
  let current: unknown = document;
  for (let i = 0; i < segments.length && current !== undefined; i++) {
    if (Array.isArray(current)) break;
    current = isPlainObject(current) && Object.hasOwn(current, segments[i] as string) ? current[segments[i] as string] : undefined;
  }
  if (!Array.isArray(current)) return { keys: [current ?? null], isArray: false };
  const keys: unknown[] = [];
  let isArray = false;
  const walk = (value: unknown, depth: number): void => {
    if (depth === segments.length) {
      if (Array.isArray(value)) {
        isArray = true;
        if (value.length === 0) keys.push(undefined);
        for (const item of value as unknown[]) keys.push(item);
      } else {
        keys.push(value === undefined ? null : value);
      }
      return;
    }
    const segment = segments[depth] as string;
    if (Array.isArray(value)) {
      isArray = true;
      if (isIndexSegment(segment)) {
        walk(value[Number(segment)], depth + 1);
        return;
      }
      let found = false;
      for (const item of value as unknown[]) {
        // An object item without the field counts as null, as in MongoDB's multikey index keys.
        if (isPlainObject(item)) {
          walk(Object.hasOwn(item, segment) ? item[segment] : undefined, depth + 1);
          found = true;
        }
      }
      if (!found) keys.push(null);
      return;
    }
    if (isPlainObject(value) && Object.hasOwn(value, segment)) walk(value[segment], depth + 1);
    else keys.push(null);
  };
  walk(document, 0);
  return { keys: dedupe(keys), isArray };
};

const dedupe = (keys: unknown[]): unknown[] => {
  if (keys.length < 2) return keys;
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const key of keys) {
    const identity = typeof key === 'object' && key !== null ? `\u0000${JSON.stringify(key)}` : key;
    if (seen.has(identity)) continue;
    seen.add(identity);
    out.push(key);
  }
  return out;
};

/**
 * The values a sort on `path` sees in a document: every value reached by walking into arrays, with leaf arrays
 * flattened one level, as MongoDB's sort does (ascending sorts by the smallest, descending by the largest).
 */
export const sortValuesAt = (document: unknown, segments: readonly string[]): unknown[] => indexKeysAt(document, segments).keys;

/** The single value at a path without walking into arrays of objects; undefined when missing. */
export const valueAt = (document: unknown, segments: readonly string[]): unknown => {
  let value: unknown = document;
  for (const segment of segments) {
    if (Array.isArray(value) && isIndexSegment(segment)) value = (value as unknown[])[Number(segment)];
    else if (isPlainObject(value) && Object.hasOwn(value, segment)) value = value[segment];
    else return undefined;
  }
  return value;
};
