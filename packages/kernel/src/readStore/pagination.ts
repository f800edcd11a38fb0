import { ReadStoreError } from './readStore.js';
import type { SortSpec } from './readStore.js';
import { isPlainObject } from './values.js';

/**
 * Keyset cursors: the sort spec and the last document's sort keys (with `_id` last), base64url-encoded JSON.
 * Opaque to callers; it carries the sort so a cursor used with another sort is refused instead of skipping.
 */
interface CursorContent {
  readonly sort: SortSpec;
  readonly keys: readonly unknown[];
}

// An empty array sorts as `undefined`, which JSON cannot carry; field names never start with $, so this is safe.
const UNDEFINED = { $undefined: true };

export const encodeCursor = (sort: SortSpec, keys: readonly unknown[]): string =>
  Buffer.from(JSON.stringify({ sort, keys: keys.map((k) => (k === undefined ? UNDEFINED : k)) }), 'utf8').toString('base64url');

export const decodeCursor = (cursor: string, sort: SortSpec): readonly unknown[] => {
  const malformed = (): never => {
    throw new ReadStoreError({ _tag: 'InvalidQuery', reason: 'the page cursor is malformed or was made for another sort' });
  };
  let content: unknown;
  try {
    content = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return malformed();
  }
  if (!isPlainObject(content) || !Array.isArray(content.keys) || JSON.stringify(content.sort) !== JSON.stringify(sort)) return malformed();
  const keys = (content as unknown as CursorContent).keys;
  if (keys.length !== Object.keys(sort).length) return malformed();
  return keys.map((k) => (isPlainObject(k) && k.$undefined === true ? undefined : k));
};
