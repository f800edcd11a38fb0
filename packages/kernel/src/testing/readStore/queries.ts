import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Document, Filter, IndexSpec } from '../../readStore/readStore.js';
import { documents, filter, sortSpec } from './arbitraries.js';
import { fill, ids } from './context.js';
import type { ContractContext } from './context.js';
import { referenceCompareKeys, referenceMatches, referenceSortKeys } from './reference.js';

const INDEXES: IndexSpec[] = [{ keys: { a: 1 } }, { keys: { 'o.x': 1 } }, { keys: { 'items.x': 1 } }, { keys: { tags: 1, n: -1 } }, { keys: { b: 1 } }];

const PEOPLE: Document[] = [
  { _id: 'p1', name: 'Ann', age: 31, tags: ['vip', 'new'], address: { city: 'Oslo', zip: '0150' }, orders: [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 1 }] },
  { _id: 'p2', name: 'Bo', age: 25, tags: ['new'], address: { city: 'Bergen' }, orders: [{ sku: 'B', qty: 5 }] },
  { _id: 'p3', name: 'Cy', age: null, tags: [], orders: [] },
  { _id: 'p4', name: 'Di', age: '40', address: { city: 'Oslo', zip: null } },
];

export const queryContract = ({ make, numRuns }: ContractContext): void => {
  describe('filters', () => {
    const cases: [string, Filter, string[]][] = [
      ['equality', { name: 'Bo' }, ['p2']],
      ['$eq null matches null and missing', { age: { $eq: null } }, ['p3']],
      ['null equality matches missing fields', { 'address.zip': null }, ['p2', 'p3', 'p4']],
      ['$ne', { name: { $ne: 'Bo' } }, ['p1', 'p3', 'p4']],
      ['$gt stays within numbers', { age: { $gt: 20 } }, ['p1', 'p2']],
      ['$gte', { age: { $gte: 31 } }, ['p1']],
      ['$lt', { age: { $lt: 31 } }, ['p2']],
      ['$lte on strings', { name: { $lte: 'Bo' } }, ['p1', 'p2']],
      ['$in', { name: { $in: ['Ann', 'Di', 'Zed'] } }, ['p1', 'p4']],
      ['$nin', { name: { $nin: ['Ann', 'Di'] } }, ['p2', 'p3']],
      ['$exists true', { address: { $exists: true } }, ['p1', 'p2', 'p4']],
      ['$exists false', { 'address.zip': { $exists: false } }, ['p2', 'p3']],
      ['array contains', { tags: 'new' }, ['p1', 'p2']],
      ['$all', { tags: { $all: ['new', 'vip'] } }, ['p1']],
      ['$size', { tags: { $size: 0 } }, ['p3']],
      ['dotted path into an array of objects', { 'orders.sku': 'B' }, ['p1', 'p2']],
      ['null equality through an empty array of objects matches (nothing is there)', { 'orders.sku': null }, ['p3', 'p4']],
      ['$exists through an array of objects', { 'orders.qty': { $exists: true } }, ['p1', 'p2']],
      ['positional path', { 'orders.0.sku': 'A' }, ['p1']],
      ['$elemMatch on objects', { orders: { $elemMatch: { sku: 'B', qty: { $gt: 2 } } } }, ['p2']],
      ['without $elemMatch conditions may meet different items', { 'orders.sku': 'A', 'orders.qty': 1 }, ['p1']],
      ['$elemMatch on scalars', { tags: { $elemMatch: { $in: ['vip'] } } }, ['p1']],
      ['$not', { age: { $not: { $gt: 30 } } }, ['p2', 'p3', 'p4']],
      ['$and', { $and: [{ 'address.city': 'Oslo' }, { age: { $gt: 1 } }] }, ['p1']],
      ['$or', { $or: [{ name: 'Cy' }, { age: 25 }] }, ['p2', 'p3']],
      ['$nor', { $nor: [{ name: 'Cy' }, { age: 25 }] }, ['p1', 'p4']],
      ['whole sub-document', { address: { city: 'Bergen' } }, ['p2']],
      ['empty filter', {}, ['p1', 'p2', 'p3', 'p4']],
    ];
    for (const [title, query, expected] of cases) {
      it(title, async () => {
        const store = await make();
        const people = store.collection('people');
        await fill(people, PEOPLE);
        expect(ids(await people.find(query))).toEqual(expected);
        expect(await people.count(query)).toBe(expected.length);
        // The same answers when indexes can be used.
        await people.ensureIndexes([{ keys: { name: 1 } }, { keys: { age: 1 } }, { keys: { tags: 1 } }, { keys: { 'orders.sku': 1 } }, { keys: { 'address.zip': 1 } }]);
        expect(ids(await people.find(query))).toEqual(expected);
      });
    }

    it('meets the bounds of a range on an array with different items, even bounds of two types', async () => {
      const store = await make();
      const plain = store.collection('mixed');
      const indexed = store.collection('mixedIndexed');
      await indexed.ensureIndexes([{ keys: { a: 1 } }]);
      const docs: Document[] = [
        { _id: 'm1', a: [0, 'c'] },
        { _id: 'm2', a: [20, 5] },
        { _id: 'm3', a: 'c' },
        { _id: 'm4', a: 0 },
      ];
      await fill(plain, docs);
      await fill(indexed, docs);
      for (const collection of [plain, indexed]) {
        // 'c' > 'a' and 0 <= 0: two items of m1; no scalar is both a string and a number.
        expect(ids(await collection.find({ a: { $gt: 'a', $lte: 0 } }))).toEqual(['m1']);
        // 20 > 10 and 5 < 6: two items of m2, though no number lies between 10 and 6.
        expect(ids(await collection.find({ a: { $gt: 10, $lt: 6 } }))).toEqual(['m2']);
      }
      await store.close();
    });

    it('match the reference model on generated documents and filters, with and without indexes', async () => {
      await fc.assert(
        fc.asyncProperty(documents(), filter, async (docs, query) => {
          const store = await make();
          try {
            const plain = store.collection('plain');
            const indexed = store.collection('indexed');
            await indexed.ensureIndexes(INDEXES);
            await fill(plain, docs);
            await fill(indexed, docs);
            const expected = ids(docs.filter((d) => referenceMatches(d, query)));
            expect(ids(await plain.find(query))).toEqual(expected);
            expect(ids(await indexed.find(query))).toEqual(expected);
            expect(await indexed.count(query)).toBe(expected.length);
          } finally {
            await store.close();
          }
        }),
        { numRuns: numRuns * 4 },
      );
    });
  });

  describe('sort, skip, limit and projection', () => {
    it('sorts by several keys, arrays by their smallest (ascending) or largest (descending) item', async () => {
      const store = await make();
      const people = store.collection('people');
      await fill(people, PEOPLE);
      expect((await people.find({}, { sort: { age: 1 } })).map((p) => p._id)).toEqual(['p3', 'p2', 'p1', 'p4']);
      expect((await people.find({}, { sort: { 'address.city': -1, name: 1 } })).map((p) => p._id)).toEqual(['p1', 'p4', 'p2', 'p3']);
      expect((await people.find({}, { sort: { 'orders.qty': -1, name: 1 } })).map((p) => p._id)).toEqual(['p2', 'p1', 'p3', 'p4']);
      expect((await people.find({}, { sort: { name: 1 }, skip: 1, limit: 2 })).map((p) => p._id)).toEqual(['p2', 'p3']);
    });

    it('projects fields in or out, with dotted paths', async () => {
      const store = await make();
      const people = store.collection('people');
      await fill(people, PEOPLE);
      expect(await people.findOne({ _id: 'p1' }, { projection: { name: 1, 'address.city': 1 } })).toEqual({ _id: 'p1', name: 'Ann', address: { city: 'Oslo' } });
      expect(await people.findOne({ _id: 'p2' }, { projection: { _id: 0, name: 1 } })).toEqual({ name: 'Bo' });
      expect(await people.findOne({ _id: 'p2' }, { projection: { orders: 0, tags: 0, address: 0 } })).toEqual({ _id: 'p2', name: 'Bo', age: 25 });
      expect(await people.findOne({ _id: 'p1' }, { projection: { 'orders.sku': 1 } })).toEqual({ _id: 'p1', orders: [{ sku: 'A' }, { sku: 'B' }] });
    });

    it('match the reference order on generated documents', async () => {
      await fc.assert(
        fc.asyncProperty(documents(), sortSpec, fc.nat(4), fc.integer({ min: 0, max: 6 }), async (docs, sort, skip, limit) => {
          const store = await make();
          try {
            const c = store.collection('c');
            await fill(c, docs);
            const keys = (d: Document) => referenceSortKeys(d, sort);
            const expected = docs.map(keys).sort((x, y) => referenceCompareKeys(sort, x, y));
            const found = await c.find({}, { sort, skip, limit });
            expect(found.map(keys)).toEqual(expected.slice(skip, limit === 0 ? undefined : skip + limit));
          } finally {
            await store.close();
          }
        }),
        { numRuns: numRuns * 2 },
      );
    });
  });

  describe('keyset pages', () => {
    it('visit every matching document exactly once, in order, even with ties', async () => {
      await fc.assert(
        fc.asyncProperty(documents(20), sortSpec, fc.integer({ min: 1, max: 5 }), filter, async (docs, sort, limit, query) => {
          const store = await make();
          try {
            const c = store.collection('c');
            await c.ensureIndexes([{ keys: { a: 1 } }]);
            await fill(c, docs);
            const seen: Document[] = [];
            let after: string | null = null;
            for (let pages = 0; pages <= docs.length + 1; pages++) {
              const page: { items: readonly Document[]; nextCursor: string | null } = await c.findPage(query, { sort, limit, after });
              expect(page.items.length).toBeLessThanOrEqual(limit);
              seen.push(...page.items);
              after = page.nextCursor;
              if (after === null) break;
              expect(page.items.length).toBe(limit);
            }
            expect(after).toBeNull();
            expect(seen.map((d) => d._id).sort()).toEqual(ids(docs.filter((d) => referenceMatches(d, query))));
            const keys = seen.map((d) => referenceSortKeys(d, sort));
            for (let i = 1; i < keys.length; i++) expect(referenceCompareKeys(sort, keys[i - 1] ?? [], keys[i] ?? [])).toBeLessThanOrEqual(0);
          } finally {
            await store.close();
          }
        }),
        { numRuns: numRuns * 2 },
      );
    });

    it('continue after a document deleted between pages, and refuse a cursor made for another sort', async () => {
      const store = await make();
      const people = store.collection('people');
      await fill(people, PEOPLE);
      const first = await people.findPage({}, { sort: { name: 1 }, limit: 2 });
      expect(first.items.map((p) => p._id)).toEqual(['p1', 'p2']);
      await people.deleteOne({ _id: 'p2' });
      const second = await people.findPage({}, { sort: { name: 1 }, limit: 2, after: first.nextCursor });
      expect(second.items.map((p) => p._id)).toEqual(['p3', 'p4']);
      expect(second.nextCursor).toBeNull();
      await expect(people.findPage({}, { sort: { age: 1 }, limit: 2, after: first.nextCursor })).rejects.toMatchObject({ detail: { _tag: 'InvalidQuery' } });
      await expect(people.findPage({}, { limit: 2, after: 'not a cursor' })).rejects.toMatchObject({ detail: { _tag: 'InvalidQuery' } });
    });
  });
};
