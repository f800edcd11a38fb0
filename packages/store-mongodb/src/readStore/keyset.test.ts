import { decodeCursor, encodeCursor, isReadStoreError, memoryReadStore } from '@shopstream/kernel';
import type { Document, SortSpec } from '@shopstream/kernel';
import fc from 'fast-check';
import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { afterKeys, andAlso, pageSort, sortKeyAt, sortKeysOf } from './keyset.js';

/** Sort field values of every type a page may sort on, missing included; few distinct ones, so keys repeat. */
const sortValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, -1.5),
  fc.constantFrom('', 'a', 'b', 'B', '华为'),
  fc.boolean(),
);
const documents = fc.uniqueArray(fc.record({ _id: fc.string({ minLength: 1, maxLength: 3 }), a: sortValue, b: sortValue }), { selector: (d) => d._id, maxLength: 25 }).map((docs) =>
  docs.map(({ _id, a, b }) => ({ _id, ...(a === undefined ? {} : { a }), ...(b === undefined ? {} : { b }) })),
);
const sorts = fc.constantFrom<SortSpec>({ a: 1 }, { a: -1 }, { a: 1, b: -1 }, { b: -1, a: 1 }, { a: -1, _id: -1 }, {});

describe('keyset pages on MongoDB', () => {
  it('continue strictly after the last key, in the sort order the embedded store (and MongoDB) use, across types', async () => {
    await fc.assert(
      fc.asyncProperty(documents, sorts, async (docs, requested) => {
        const sort = pageSort(requested);
        const embedded = memoryReadStore();
        await embedded.collection('c').bulkWrite(docs.map((document) => ({ replaceOne: { document } })));
        const ordered = (await embedded.collection('c').find({}, { sort })).map((d) => d._id);
        // mingo is an independent evaluator of MongoDB's query language; it checks the filter MongoDB would get.
        for (let i = 0; i < ordered.length; i++) {
          const last = docs.find((d) => d._id === ordered[i]) as Document;
          const after = new Query(afterKeys(sort, sortKeysOf(last, sort)));
          const matched = docs.filter((d) => after.test(d)).map((d) => d._id);
          expect(matched.sort()).toEqual(ordered.slice(i + 1).sort());
        }
      }),
      { numRuns: 150 },
    );
  });

  it('put _id last, unless the sort already has it', () => {
    expect(Object.entries(pageSort({ total: -1 }))).toEqual([
      ['total', -1],
      ['_id', 1],
    ]);
    expect(pageSort({ _id: -1, total: 1 })).toEqual({ _id: -1, total: 1 });
  });

  it('read missing keys as null, and refuse a sort field holding an array, which MongoDB cannot page by range', () => {
    expect(sortKeyAt({ _id: 'x' }, 'total.amount')).toBeNull();
    expect(sortKeyAt({ _id: 'x', total: { amount: 5 } }, 'total.amount')).toBe(5);
    for (const document of [{ _id: 'x', tags: ['a'] }, { _id: 'x', lines: [{ qty: 1 }] }]) {
      let caught: unknown;
      try {
        sortKeysOf(document, { tags: 1, 'lines.qty': 1 });
      } catch (error) {
        caught = error;
      }
      expect(isReadStoreError(caught, 'InvalidQuery')).toBe(true);
    }
  });

  it('carry their keys in the kernel cursor, which refuses another sort', () => {
    const sort = pageSort({ a: 1 });
    const cursor = encodeCursor(sort, sortKeysOf({ _id: 'o-7', a: 'paid' }, sort));
    expect(decodeCursor(cursor, sort)).toEqual(['paid', 'o-7']);
    let caught: unknown;
    try {
      decodeCursor(cursor, pageSort({ a: -1 }));
    } catch (error) {
      caught = error;
    }
    expect(isReadStoreError(caught, 'InvalidQuery')).toBe(true);
  });

  it('keep a $text condition at the top of the filter when adding one', () => {
    const filter = andAlso({ $text: { $search: 'mate' }, $and: [{ a: 1 }] }, { b: 2 });
    expect(filter).toEqual({ $text: { $search: 'mate' }, $and: [{ a: 1 }, { b: 2 }] });
  });
});
