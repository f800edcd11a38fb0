import type { DeclaredIndex, IndexSpec } from '@shopstream/kernel';
import type { CreateIndexesOptions, IndexDescription } from 'mongodb';

/**
 * The field holding a document's text language in MongoDB (`language_override`). Text indexes are made with
 * the `none` language (no stemming, no stop words), as the subset specifies; MongoDB would otherwise read a
 * document's own `language` field as the language to stem it in, and refuse a value it does not know.
 */
export const LANGUAGE_OVERRIDE = '_shopstreamTextLanguage';

/** A declared index as MongoDB's `createIndexes` takes it. */
export const indexDescription = (declared: DeclaredIndex): IndexDescription => {
  const key = Object.fromEntries(declared.keys) as Record<string, 1 | -1 | 'text'>;
  const options: CreateIndexesOptions = declared.keys.some(([, kind]) => kind === 'text')
    ? { name: declared.name, default_language: 'none', language_override: LANGUAGE_OVERRIDE }
    : { name: declared.name, ...(declared.unique ? { unique: true } : {}), ...(declared.sparse === true ? { sparse: true } : {}) };
  return { key, ...options };
};

/** The spec that declares the same index again (to the embedded engine that checks a write). */
export const indexSpec = (declared: DeclaredIndex): IndexSpec => ({
  keys: Object.fromEntries(declared.keys),
  unique: declared.unique,
  sparse: declared.sparse ?? false,
  name: declared.name,
});

/**
 * An index as `listIndexes` describes it, when it is one the portable subset can declare; `_id_` and the kinds
 * outside the subset (hashed, geospatial, wildcard, a text index with other keys) are left to the server.
 */
export const declaredFromMongo = (info: Readonly<Record<string, unknown>>): DeclaredIndex | undefined => {
  const { name, key, weights } = info;
  if (typeof name !== 'string' || name === '_id_' || typeof key !== 'object' || key === null) return undefined;
  const entries = Object.entries(key);
  if (Object.hasOwn(key, '_fts')) {
    if (entries.length !== 2 || typeof weights !== 'object' || weights === null) return undefined;
    return { name, keys: Object.keys(weights).map((field) => [field, 'text'] as const), unique: false, sparse: false };
  }
  const keys: (readonly [string, 1 | -1])[] = [];
  for (const [field, direction] of entries) {
    const numeric = Number(direction);
    if (numeric !== 1 && numeric !== -1) return undefined;
    keys.push([field, numeric]);
  }
  return { name, keys, unique: info.unique === true, sparse: info.sparse === true };
};
