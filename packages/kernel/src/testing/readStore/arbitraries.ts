import fc from 'fast-check';
import type { Document, Update } from '../../readStore/readStore.js';

/**
 * Generators for the contract's property tests: small documents whose fields collide often (a handful of
 * values of every JSON type, nested objects, arrays of scalars and of objects, missing fields), and filters and
 * updates drawn from the whole portable subset over the same paths.
 */
type Doc = Record<string, unknown>;

export const scalar = fc.oneof(
  fc.integer({ min: -2, max: 3 }),
  fc.constantFrom(1.5, 'a', 'b', 'c', ''),
  fc.constant(null),
  fc.boolean(),
);
const scalars = fc.array(scalar, { maxLength: 3 });
const item = fc.record({ x: scalar, y: fc.oneof(scalar, scalars) }, { requiredKeys: [] });

export const documentBody = fc.record(
  {
    a: fc.oneof(scalar, scalars),
    b: scalar,
    n: fc.integer({ min: -3, max: 3 }),
    o: fc.record({ x: scalar, y: fc.oneof(scalar, scalars) }, { requiredKeys: [] }),
    items: fc.array(item, { maxLength: 3 }),
    tags: scalars,
  },
  { requiredKeys: [] },
);

/** Up to `max` documents with distinct `_id`s d0, d1, ... */
export const documents = (max = 12): fc.Arbitrary<Document[]> =>
  fc.array(documentBody, { maxLength: max }).map((bodies) => bodies.map((body, i) => ({ _id: `d${i}`, ...body })));

export const FILTER_PATHS = ['a', 'b', 'n', 'o', 'o.x', 'o.y', 'items', 'items.x', 'items.y', 'items.0.x', 'tags', 'tags.1', 'missing'] as const;

const rangeOperand = fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constantFrom('a', 'b', 'c', ''));
const equalityOperand = fc.oneof({ weight: 5, arbitrary: scalar }, { weight: 1, arbitrary: scalars }, { weight: 1, arbitrary: fc.record({ x: scalar }) });
const rangeOp = fc.constantFrom('$gt', '$gte', '$lt', '$lte');

const operatorCondition: fc.Arbitrary<Doc> = fc.letrec<{ ops: Doc }>((tie) => ({
  ops: fc.oneof(
    { maxDepth: 2, depthIdentifier: 'ops' },
    equalityOperand.map((v) => ({ $eq: v })),
    equalityOperand.map((v) => ({ $ne: v })),
    fc.tuple(rangeOp, rangeOperand).map(([op, v]) => ({ [op]: v })),
    fc.tuple(rangeOperand, rangeOperand).map(([lo, hi]) => ({ $gt: lo, $lte: hi })),
    fc.array(scalar, { minLength: 1, maxLength: 3 }).map((v) => ({ $in: v })),
    fc.array(scalar, { maxLength: 3 }).map((v) => ({ $nin: v })),
    fc.boolean().map((v) => ({ $exists: v })),
    fc.array(scalar, { minLength: 1, maxLength: 2 }).map((v) => ({ $all: v })),
    fc.integer({ min: 0, max: 3 }).map((v) => ({ $size: v })),
    tie('ops').map((v) => ({ $not: v })),
    fc.tuple(rangeOp, rangeOperand).map(([op, v]) => ({ $elemMatch: { [op]: v } })),
    fc.record({ x: scalar }).map((v) => ({ $elemMatch: v })),
  ),
})).ops;

const fieldCondition = fc.oneof({ weight: 2, arbitrary: equalityOperand }, { weight: 5, arbitrary: operatorCondition });

export const filter: fc.Arbitrary<Doc> = fc.letrec<{ filter: Doc }>((tie) => ({
  filter: fc.oneof(
    { maxDepth: 2, depthIdentifier: 'filter' },
    fc.dictionary(fc.constantFrom(...FILTER_PATHS), fieldCondition, { minKeys: 0, maxKeys: 2 }),
    fc.array(tie('filter'), { minLength: 1, maxLength: 3 }).map((fs) => ({ $and: fs })),
    fc.array(tie('filter'), { minLength: 1, maxLength: 3 }).map((fs) => ({ $or: fs })),
    fc.array(tie('filter'), { minLength: 1, maxLength: 2 }).map((fs) => ({ $nor: fs })),
  ),
})).filter;

/** Filters that an upsert can seed from: equality conditions only, on paths that do not overlap. */
export const equalityFilter: fc.Arbitrary<Doc> = fc
  .dictionary(fc.constantFrom('a', 'b', 'n', 'o.x'), fc.oneof(scalar, scalar.map((v) => ({ $eq: v }))), { minKeys: 1, maxKeys: 3 })
  .map((f) => (Object.keys(f).length > 1 ? { $and: Object.entries(f).map(([k, v]) => ({ [k]: v })) } : f));

const UPDATE_PATHS = ['a', 'b', 'n', 'o.x', 'o.y', 'tags', 'tags.1', 'items', 'items.0.x', 'z.q'] as const;

const setValue = fc.oneof(scalar, scalars, fc.record({ x: scalar }));
const arrayItem = fc.oneof(scalar, fc.record({ x: scalar }));
const operation = fc.oneof(
  setValue.map((v) => ['$set', v] as const),
  fc.constant(['$unset', ''] as const),
  fc.integer({ min: -2, max: 2 }).map((v) => ['$inc', v] as const),
  scalar.map((v) => ['$min', v] as const),
  scalar.map((v) => ['$max', v] as const),
  fc.oneof(arrayItem, fc.array(arrayItem, { maxLength: 2 }).map(($each) => ({ $each }))).map((v) => ['$push', v] as const),
  fc.oneof(arrayItem, fc.array(arrayItem, { maxLength: 2 }).map(($each) => ({ $each }))).map((v) => ['$addToSet', v] as const),
  fc
    .oneof(scalar, fc.tuple(rangeOp, rangeOperand).map(([op, v]) => ({ [op]: v })), fc.array(scalar, { minLength: 1, maxLength: 2 }).map(($in) => ({ $in })), fc.record({ x: scalar }))
    .map((v) => ['$pull', v] as const),
  scalar.map((v) => ['$setOnInsert', v] as const),
);

/** Updates of one to three operations on paths that do not overlap (overlaps are refused, tested apart). */
export const update: fc.Arbitrary<Update> = fc
  .array(fc.tuple(fc.constantFrom(...UPDATE_PATHS), operation), { minLength: 1, maxLength: 3 })
  .map((entries) => {
    const used: string[] = [];
    const out: Record<string, Doc> = {};
    for (const [path, [op, argument]] of entries) {
      if (used.some((p) => p === path || p.startsWith(`${path}.`) || path.startsWith(`${p}.`))) continue;
      used.push(path);
      out[op] = { ...(out[op] ?? {}), [path]: argument };
    }
    return out;
  });

export const sortSpec = fc
  .uniqueArray(fc.constantFrom('a', 'b', 'n', 'o.x', 'items.x', 'tags'), { minLength: 1, maxLength: 2 })
  .chain((paths) => fc.tuple(...paths.map((path) => fc.constantFrom(1 as const, -1 as const).map((direction) => [path, direction] as const))))
  .map((entries) => Object.fromEntries(entries) as Record<string, 1 | -1>);
