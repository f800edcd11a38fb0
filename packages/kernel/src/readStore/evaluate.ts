import { Aggregator } from 'mingo/aggregator';
import { Context } from 'mingo/core';
import { Lazy } from 'mingo/lazy';
import type { Iterator } from 'mingo/lazy';
import * as accumulatorOps from 'mingo/operators/accumulator';
import * as expressionOps from 'mingo/operators/expression';
import * as pipelineOps from 'mingo/operators/pipeline';
import * as projectionOps from 'mingo/operators/projection';
import * as queryOps from 'mingo/operators/query';
import { Query } from 'mingo/query';
import type { Options } from 'mingo/types';
import { equalsAt, leafOperators } from './matchers.js';
import { sortValuesAt, splitPath } from './paths.js';
import { ReadStoreError } from './readStore.js';
import type { Document, Filter, Pipeline, Projection, SortSpec } from './readStore.js';
import { handedOut } from './frozen.js';
import { compareValues } from './values.js';

/**
 * Sorting follows MongoDB rather than mingo: an array field sorts by its smallest item ascending and its largest
 * descending, an empty array before null, and values of different types in BSON order. `find`, `findPage` and
 * the pipeline's `$sort` all use this, so they never disagree.
 */
export const sortKeyExtractor = (sort: SortSpec): ((document: unknown) => unknown[]) => {
  const keys = Object.entries(sort).map(([path, direction]) => ({ segments: splitPath(path), direction }));
  return (document) =>
    keys.map(({ segments, direction }) => {
      const values = sortValuesAt(document, segments);
      let best = values[0];
      for (let i = 1; i < values.length; i++) {
        const c = compareValues(values[i], best);
        if (direction === 1 ? c < 0 : c > 0) best = values[i];
      }
      return best;
    });
};

export const sortKeyComparator = (sort: SortSpec): ((a: readonly unknown[], b: readonly unknown[]) => number) => {
  const directions = Object.values(sort);
  return (a, b) => {
    for (let i = 0; i < directions.length; i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return directions[i] === 1 ? c : -c;
    }
    return 0;
  };
};

/** Sorts documents by a sort spec, computing each document's sort key once. Stable for equal keys. */
export const sortDocuments = <T>(documents: readonly T[], sort: SortSpec): T[] => {
  const key = sortKeyExtractor(sort);
  const compare = sortKeyComparator(sort);
  return documents
    .map((document) => ({ document, key: key(document) }))
    .sort((a, b) => compare(a.key, b.key))
    .map(({ document }) => document);
};

const sortStage = (collection: Iterator, spec: unknown): Iterator => {
  return collection.transform((all: unknown[]) => Lazy(sortDocuments(all, spec as SortSpec)));
};

// mingo's operators, except `$sort` (see sortKeyExtractor) and the leaf query operators (see matchers.ts).
const context = Context.init({
  accumulator: accumulatorOps,
  expression: expressionOps,
  pipeline: { ...pipelineOps, $sort: sortStage as unknown as typeof pipelineOps.$sort },
  projection: projectionOps,
  query: { ...queryOps, ...leafOperators },
});

const options: Partial<Options> = { context, scriptEnabled: false, useStrictMode: true };

const fault = (error: unknown): ReadStoreError =>
  error instanceof ReadStoreError ? error : new ReadStoreError({ _tag: 'InvalidQuery', reason: error instanceof Error ? error.message : String(error) });

type Scalar = string | number | boolean;
const isScalar = (value: unknown): value is Scalar =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/** Whether a top-level field's value matches a scalar or null as MongoDB's equality does. */
const fieldEquals = (field: unknown, value: Scalar | null): boolean =>
  // `{ field: null }` ("not set yet", as in `{ orderId, customerId: null }`) matches null and missing too.
  (value === null && field === undefined) || field === value || (Array.isArray(field) && (field as readonly unknown[]).includes(value));

const scalarList = (value: unknown): (Scalar | null)[] | null => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  const list: unknown = (value as Readonly<Record<string, unknown>>).$in;
  if (keys.length !== 1 || !Array.isArray(list)) return null;
  return (list as readonly unknown[]).every((item) => item === null || isScalar(item)) ? (list as (Scalar | null)[]) : null;
};

/**
 * Equality and `$in` with string, number, boolean or null values (`{ _id: id }`, `{ customerId, status }`,
 * `{ _id: { $in: ids } }`, `{ 'skus.sku': sku }`): what projections and queries issue on nearly every call.
 * MongoDB matches a top-level field when it equals a value or is an array holding one; strict equality is BSON
 * equality for these types. A dotted path is answered by the leaf operator mingo would call for it (matchers.ts).
 * Building a mingo query costs far more than the match itself (tens of kilobytes of garbage for an `$in`; for
 * the search read model's `{ 'skus.sku': sku }`, which it made on every stock event until its version 3, about 2%
 * of a rebuild), so these skip it.
 */
const scalarEquality = (filter: Filter): ((document: Document) => boolean) | null => {
  const tests: ((document: Document) => boolean)[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$')) return null;
    const values = value === null || isScalar(value) ? [value] : scalarList(value);
    if (values === null) return null;
    if (key.includes('.')) {
      tests.push(equalsAt(key, values));
      continue;
    }
    tests.push((document) => {
      const field = (document as Readonly<Record<string, unknown>>)[key];
      return values.some((item) => fieldEquals(field, item));
    });
  }
  return (document) => tests.every((test) => test(document));
};

/** Compiles a validated filter into a predicate over stored documents. */
export const compileFilter = (filter: Filter): ((document: Document) => boolean) => {
  if (Object.keys(filter).length === 0) return () => true;
  const equality = scalarEquality(filter);
  if (equality !== null) return equality;
  try {
    const query = new Query(filter, options);
    return (document) => query.test(document);
  } catch (error) {
    throw fault(error);
  }
};

const included = (flag: unknown): boolean => flag === 1 || flag === true;

/**
 * A projection of top-level fields only, the kind queries ask for to keep what they fetch small. mingo's
 * projection walks a dependency graph per document, which cost more than the rest of a search.
 */
const topLevelProjection = (projection: Projection): ((document: Document) => Record<string, unknown>) | null => {
  const fields = Object.entries(projection as Readonly<Record<string, unknown>>);
  if (fields.some(([path]) => path.includes('.'))) return null;
  const others = fields.filter(([path]) => path !== '_id');
  const inclusion = others.length === 0 ? included(projection._id) : included(others[0]?.[1]);
  const named = new Set(others.map(([path]) => path));
  const keepId = projection._id === undefined || included(projection._id);
  return (document) => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(document)) {
      if (key === '_id' ? keepId : named.has(key) === inclusion) out[key] = handedOut((document as Readonly<Record<string, unknown>>)[key]);
    }
    return out;
  };
};

export const project = <T>(documents: readonly Document[], projection: Projection): T[] => {
  const simple = topLevelProjection(projection);
  if (simple !== null) return documents.map((document) => simple(document) as T);
  try {
    return new Query({}, options).find<T>(documents as Document[], projection as never).all();
  } catch (error) {
    throw fault(error);
  }
};

export const runPipeline = <R>(documents: readonly Document[], pipeline: Pipeline): R[] => {
  try {
    return new Aggregator(pipeline as Record<string, unknown>[], options).run(documents as Document[]) as R[];
  } catch (error) {
    throw fault(error);
  }
};
