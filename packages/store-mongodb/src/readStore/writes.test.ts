import { declareIndex, indexKeysOf, isReadStoreError } from '@shopstream/kernel';
import type { DeclaredIndex, Document } from '@shopstream/kernel';
import fc from 'fast-check';
import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { keyCondition } from './writes.js';

const scalar = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 2 }), fc.constantFrom('x', 'y'), fc.boolean());
const present = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
const field = fc.oneof(fc.constant(undefined), present);
// Every line has a scalar `s`: a path through an array with no such field (null in MongoDB and the kernel, not in
// mingo, the oracle here) and an array inside an array of objects are where mingo and MongoDB disagree.
const lines = fc.oneof(fc.constant(undefined), fc.array(fc.record({ s: scalar }), { minLength: 1, maxLength: 2 }));
const document = (id: string) =>
  fc.record({ a: field, b: field, l: lines }, { requiredKeys: [] }).map((fields) => {
    const defined = Object.entries(fields).filter(([, value]) => value !== undefined);
    return { _id: id, ...Object.fromEntries(defined) };
  });
const index = fc
  .record({ keys: fc.constantFrom<Record<string, 1 | -1>>({ a: 1 }, { 'l.s': 1 }, { a: 1, b: -1 }, { b: 1, 'l.s': 1 }), sparse: fc.boolean() })
  .map((spec) => declareIndex({ ...spec, unique: true }));

/** The keys a document gives an index, or undefined when the index refuses it (parallel arrays). */
const keysOf = (declared: DeclaredIndex, doc: Document): string[] | undefined => {
  try {
    return indexKeysOf(declared, 'c', doc).map((tuple) => JSON.stringify(tuple.map((value) => (value === undefined ? '<empty array>' : value))));
  } catch (error) {
    if (isReadStoreError(error, 'InvalidDocument')) return undefined;
    throw error;
  }
};

describe('unique keys checked before writing in a transaction', () => {
  it('find exactly the stored documents that share a key with the written one (multikey, compound, sparse)', () => {
    fc.assert(
      fc.property(index, document('written'), document('stored'), (declared, written, stored) => {
        const writtenKeys = keysOf(declared, written);
        const storedKeys = keysOf(declared, stored);
        fc.pre(writtenKeys !== undefined && storedKeys !== undefined);
        const shared = (writtenKeys ?? []).some((key) => (storedKeys ?? []).includes(key));
        const tuples = indexKeysOf(declared, 'c', written);
        // mingo evaluates the condition with MongoDB's query semantics, as the server will.
        const found = tuples.length > 0 && new Query({ $or: tuples.map((tuple) => keyCondition(declared, tuple)) }).test(stored);
        expect(found).toBe(shared);
      }),
      { numRuns: 400 },
    );
  });
});
