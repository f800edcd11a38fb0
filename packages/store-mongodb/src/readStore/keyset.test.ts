import { decodeCursor, encodeCursor, isReadStoreError, memoryReadStore, sortKeyComparator, sortKeyExtractor } from '@shopstream/kernel';
import type { Document, SortSpec } from '@shopstream/kernel';
import fc from 'fast-check';
import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { afterKeys, andAlso, pageSort } from './keyset.js';

/** Sort field values of every type a page may sort on; few distinct ones, so keys repeat. */
const scalar = fc.oneof(fc.constant(null), fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -1.5), fc.constantFrom('', 'a', 'b', 'B', '华为'), fc.boolean());
// Missing, single values, arrays (empty ones too) and arrays of objects that all hold the field: mingo, the
// oracle, and MongoDB disagree on paths through arrays whose objects lack the field, so those are left out.
const sortValue = fc.oneof(fc.constant(undefined), scalar, fc.array(scalar, { maxLength: 3 }));
const items = fc.oneof(fc.constant(undefined), fc.array(fc.record({ x: scalar }), { minLength: 1, maxLength: 3 }));
const documents = fc
  .uniqueArray(fc.record({ _id: fc.string({ minLength: 1, maxLength: 3 }), a: sortValue, b: sortValue, items }), { selector: (d) => d._id, maxLength: 25 })
  .map((docs) => docs.map((doc) => Object.fromEntries(Object.entries(doc).filter(([, value]) => value !== undefined)) as Document));
const sorts = fc.constantFrom<SortSpec>({ a: 1 }, { a: -1 }, { a: 1, b: -1 }, { b: -1, a: 1 }, { a: -1, _id: -1 }, { 'items.x': 1 }, { 'items.x': -1, a: 1 }, {});

describe('keyset pages on MongoDB', () => {
  it('select every document after the last key, and on single values nothing else, in the kernel\'s (and MongoDB\'s) order', async () => {
    await fc.assert(
      fc.asyncProperty(documents, sorts, async (docs, requested) => {
        const sort = pageSort(requested);
        const keyOf = sortKeyExtractor(sort);
        const compare = sortKeyComparator(sort);
        const embedded = memoryReadStore();
        await embedded.collection('c').bulkWrite(docs.map((document) => ({ replaceOne: { document } })));
        const ordered = (await embedded.collection('c').find({}, { sort })).map((d) => d._id);
        const single = docs.every((d) => Object.keys(sort).every((path) => !Array.isArray(d[path.split('.')[0] as string])));
        for (let i = 0; i < ordered.length; i++) {
          const last = docs.find((d) => d._id === ordered[i]) as Document;
          // The cursor's round trip, as findPage makes and reads it.
          const keys = decodeCursor(encodeCursor(sort, keyOf(last)), sort);
          // mingo is an independent evaluator of MongoDB's query language; it checks the filter MongoDB would get.
          const selected = docs.filter((d) => new Query(afterKeys(sort, keys)).test(d));
          const after = ordered.slice(i + 1).sort();
          expect(selected.filter((d) => compare(keyOf(d), keys) > 0).map((d) => d._id).sort()).toEqual(after);
          if (single) expect(selected.map((d) => d._id).sort()).toEqual(after);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('put _id last, unless the sort already has it', () => {
    expect(Object.entries(pageSort({ total: -1 }))).toEqual([
      ['total', -1],
      ['_id', 1],
    ]);
    expect(pageSort({ _id: -1, total: 1 })).toEqual({ _id: -1, total: 1 });
  });

  it('carry their keys in the kernel cursor, which refuses another sort', () => {
    const sort = pageSort({ a: 1 });
    const cursor = encodeCursor(sort, sortKeyExtractor(sort)({ _id: 'o-7', a: 'paid' }));
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
