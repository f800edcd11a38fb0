import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Document } from '../../readStore/readStore.js';
import { documents, equalityFilter, filter, update } from './arbitraries.js';
import { fill, ids, rejected } from './context.js';
import type { ContractContext } from './context.js';
import { ReferenceRefusal, referenceMatches, referenceSeed, referenceUpdate } from './reference.js';

/** Runs a change that a frozen document refuses with a TypeError; a copy takes it silently. */
const attempt = (change: () => void): void => {
  try {
    change();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
};

const byId = (docs: readonly Document[]): Record<string, Document> => Object.fromEntries(docs.map((d) => [d._id, d]));

export const writeContract = ({ make, numRuns }: ContractContext): void => {
  describe('documents and the value rule', () => {
    it('stores, replaces, gets and deletes whole documents, which no one can change behind the store', async () => {
      const store = await make();
      const c = store.collection('c');
      const first = { _id: 'x', n: 1, nested: { list: [1, 2] } };
      expect(await c.replaceOne(first)).toEqual({ matched: 0, modified: 0, upsertedId: 'x' });
      // A store may freeze what it was given (the embedded one does) or copy it; either way the stored value holds.
      attempt(() => {
        first.nested.list.push(3);
      });
      expect(await c.get('x')).toEqual({ _id: 'x', n: 1, nested: { list: [1, 2] } });
      expect(await c.replaceOne({ _id: 'x', n: 2 })).toEqual({ matched: 1, modified: 1, upsertedId: null });
      expect(await c.replaceOne({ _id: 'x', n: 2 })).toEqual({ matched: 1, modified: 0, upsertedId: null });
      expect(await c.replaceOne({ _id: 'y', n: 3 }, { upsert: false })).toEqual({ matched: 0, modified: 0, upsertedId: null });
      // Documents handed out are read-only: frozen (the embedded store) or copies (a driver); never the store's own.
      const got = (await c.get('x')) as unknown as { n: number };
      attempt(() => {
        got.n = 99;
      });
      const [found] = (await c.find({ _id: 'x' })) as unknown as { n: number }[];
      attempt(() => {
        if (found !== undefined) found.n = 98;
      });
      expect(await c.get('x')).toEqual({ _id: 'x', n: 2 });
      expect(await c.get('y')).toBeNull();
      expect(await c.deleteOne({ _id: 'x' })).toBe(1);
      expect(await c.deleteOne({ _id: 'x' })).toBe(0);
      expect(await c.count()).toBe(0);
    });

    it('refuses values JSON cannot hold and drops undefined properties', async () => {
      const store = await make();
      const c = store.collection('c');
      await rejected(c.replaceOne({ _id: 'a', at: new Date() as never }), 'InvalidDocument');
      await rejected(c.replaceOne({ _id: 'a', big: 1n as never }), 'InvalidDocument');
      await rejected(c.replaceOne({ _id: 'a', n: Number.NaN }), 'InvalidDocument');
      await rejected(c.replaceOne({ _id: 'a', bad: { $set: 1 } }), 'InvalidDocument');
      await rejected(c.replaceOne({ _id: 'a', 'dotted.name': 1 }), 'InvalidDocument');
      await rejected(c.replaceOne({ _id: 7 } as never), 'InvalidDocument');
      await rejected(c.updateOne({ _id: 'a' }, { $set: { at: new Date() } }, { upsert: true }), 'InvalidQuery');
      await rejected(c.find({ a: undefined }), 'InvalidQuery');
      expect(await c.count()).toBe(0);
      await c.replaceOne({ _id: 'a', gone: undefined, kept: { inner: undefined, n: 1 }, list: [1, undefined] as never });
      expect(await c.get('a')).toEqual({ _id: 'a', kept: { n: 1 }, list: [1, null] });
      expect(Object.keys((await c.get('a')) ?? {})).not.toContain('gone');
    });

    it('lists and drops collections', async () => {
      const store = await make();
      await store.collection('b').replaceOne({ _id: '1' });
      await store.collection('a').ensureIndexes([{ keys: { n: 1 } }]);
      expect(await store.listCollections()).toEqual(['a', 'b']);
      await store.dropCollection('b');
      expect(await store.listCollections()).toEqual(['a']);
      expect(await store.collection('b').count()).toBe(0);
      await rejected(Promise.resolve().then(() => store.collection('bad$name')), 'InvalidCollectionName');
      // Dropping what is not there is no error: a runtime retiring an old build may find it gone already.
      await store.dropCollection('never-created');
      await store.dropCollection('b');
      expect(await store.listCollections()).toEqual(['a']);
    });
  });

  describe('update operators', () => {
    const base: Document = { _id: 'd', n: 5, s: 'x', list: [1, 2, 2, 3], items: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }], o: { a: 1 } };
    const cases: [string, Record<string, Record<string, unknown>>, Record<string, unknown>][] = [
      ['$set, creating nested objects', { $set: { s: 'y', 'p.q.r': 1 } }, { s: 'y', p: { q: { r: 1 } } }],
      ['$set by array position', { $set: { 'list.1': 9, 'items.1.qty': 7 } }, { list: [1, 9, 2, 3], items: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 7 }] }],
      ['$unset', { $unset: { s: '', 'o.a': '', missing: '' } }, { s: undefined, o: {} }],
      ['$inc, creating the field', { $inc: { n: -2, m: 3 } }, { n: 3, m: 3 }],
      ['$min and $max', { $min: { n: 2 }, $max: { 'o.a': 4, fresh: 1 } }, { n: 2, o: { a: 4 }, fresh: 1 }],
      ['$push with $each', { $push: { list: { $each: [4, 5] }, other: 'a' } }, { list: [1, 2, 2, 3, 4, 5], other: ['a'] }],
      ['$addToSet', { $addToSet: { list: { $each: [3, 4, 4] } } }, { list: [1, 2, 2, 3, 4] }],
      ['$pull a value', { $pull: { list: 2 } }, { list: [1, 3] }],
      ['$pull by condition', { $pull: { list: { $gte: 2 }, items: { sku: 'A' } } }, { list: [1], items: [{ sku: 'B', qty: 2 }] }],
      ['$setOnInsert is ignored on update', { $setOnInsert: { created: true }, $set: { n: 6 } }, { n: 6 }],
    ];
    for (const [title, change, expected] of cases) {
      it(title, async () => {
        const store = await make();
        const c = store.collection('c');
        await c.replaceOne(base);
        expect(await c.updateOne({ _id: 'd' }, change)).toEqual({ matched: 1, modified: 1, upsertedId: null });
        const want = Object.fromEntries(Object.entries({ ...base, ...expected }).filter(([, v]) => v !== undefined));
        expect(await c.get('d')).toEqual(want);
      });
    }

    it('refuses updates MongoDB refuses and leaves the document as it was', async () => {
      const store = await make();
      const c = store.collection('c');
      await c.replaceOne(base);
      const refusals: Record<string, Record<string, unknown>>[] = [
        { $inc: { s: 1 } },
        { $push: { n: 1 } },
        { $set: { 'n.deeper': 1 } },
        { $set: { 'items.sku': 'C' } },
        { $pull: { s: 'x' } },
        { $set: { _id: 'other' } },
        { $set: { n: 1 }, $inc: { n: 1 } },
        { $set: { o: 1, 'o.a': 2 } },
      ];
      for (const change of refusals) {
        await rejected(c.updateOne({ _id: 'd' }, change), 'InvalidQuery');
        expect(await c.get('d')).toEqual(base);
      }
      await rejected(c.updateOne({ _id: 'd' }, { n: 1 } as never), 'InvalidQuery');
      await rejected(c.updateOne({ _id: 'd' }, {}), 'InvalidQuery');
    });

    it('match the reference model on generated documents, filters and updates', async () => {
      await fc.assert(
        fc.asyncProperty(documents(8), filter, update, async (docs, query, change) => {
          const store = await make();
          try {
            const c = store.collection('c');
            await c.ensureIndexes([{ keys: { a: 1 } }, { keys: { 'o.x': 1 } }]);
            await fill(c, docs);
            const matched = docs.filter((d) => referenceMatches(d, query));
            let expected: Document[] | 'refused';
            try {
              expected = docs.map((d) => (matched.includes(d) ? (referenceUpdate(d, change, false) as Document) : d));
            } catch (error) {
              if (!(error instanceof ReferenceRefusal)) throw error;
              expected = 'refused';
            }
            if (expected === 'refused') {
              await rejected(c.updateMany(query, change), 'InvalidQuery');
              expect(byId(await c.find())).toEqual(byId(docs));
            } else {
              const result = await c.updateMany(query, change);
              expect(result.matched).toBe(matched.length);
              expect(byId(await c.find())).toEqual(byId(expected));
              // Indexes were kept up to date by the update.
              for (const probe of [{ a: 1 }, { a: 'a' }, { 'o.x': null }, { a: { $gt: 0 } }]) {
                expect(ids(await c.find(probe))).toEqual(ids(expected.filter((d) => referenceMatches(d, probe))));
              }
            }
          } finally {
            await store.close();
          }
        }),
        { numRuns: numRuns * 4 },
      );
    });
  });

  describe('upserts', () => {
    it('seed the new document from the equality conditions of the filter, then apply $set and $setOnInsert', async () => {
      const store = await make();
      const c = store.collection('c');
      const result = await c.updateOne(
        { $and: [{ sku: 'A' }, { 'where.city': { $eq: 'Oslo' } }], qty: { $gt: 0 } },
        { $set: { qty: 3 }, $setOnInsert: { created: 'now' }, $inc: { seen: 1 } },
        { upsert: true },
      );
      expect(result.matched).toBe(0);
      expect(typeof result.upsertedId).toBe('string');
      const inserted = await c.get(result.upsertedId ?? '');
      expect(inserted).toEqual({ _id: result.upsertedId, sku: 'A', where: { city: 'Oslo' }, qty: 3, created: 'now', seen: 1 });
      // A second upsert finds it and leaves $setOnInsert alone.
      expect(await c.updateOne({ sku: 'A' }, { $set: { created: 'x' }, $setOnInsert: { other: 1 } }, { upsert: true })).toEqual({ matched: 1, modified: 1, upsertedId: null });
      expect(await c.findOne({ sku: 'A' })).toMatchObject({ created: 'x' });
      expect(await c.findOne({ sku: 'A' })).not.toHaveProperty('other');
    });

    it('take the _id from the filter', async () => {
      const store = await make();
      const c = store.collection('c');
      expect(await c.updateOne({ _id: 'chosen' }, { $set: { n: 1 } }, { upsert: true })).toEqual({ matched: 0, modified: 0, upsertedId: 'chosen' });
      expect(await c.get('chosen')).toEqual({ _id: 'chosen', n: 1 });
    });

    it('match the reference model', async () => {
      await fc.assert(
        fc.asyncProperty(documents(6), equalityFilter, update, async (docs, query, change) => {
          const store = await make();
          try {
            const c = store.collection('c');
            await fill(c, docs);
            if (docs.some((d) => referenceMatches(d, query))) return;
            let expected: Record<string, unknown> | 'refused';
            try {
              const { _id: _ignored, ...fields } = referenceUpdate({ ...referenceSeed(query), _id: 'new' }, change, true);
              expected = fields;
            } catch (error) {
              if (!(error instanceof ReferenceRefusal)) throw error;
              expected = 'refused';
            }
            if (expected === 'refused') {
              await rejected(c.updateOne(query, change, { upsert: true }), 'InvalidQuery');
              expect(await c.count()).toBe(docs.length);
              return;
            }
            const result = await c.updateOne(query, change, { upsert: true });
            expect(result.upsertedId).not.toBeNull();
            const { _id, ...stored } = (await c.get(result.upsertedId ?? '')) ?? { _id: '' };
            expect(_id).toBe(result.upsertedId);
            expect(stored).toEqual(expected);
          } finally {
            await store.close();
          }
        }),
        { numRuns: numRuns * 2 },
      );
    });
  });

  describe('bulk writes', () => {
    it('apply in order, all or none', async () => {
      const store = await make();
      const c = store.collection('c');
      await c.ensureIndexes([{ keys: { email: 1 }, unique: true }]);
      await c.bulkWrite([
        { replaceOne: { document: { _id: '1', email: 'a', n: 1 } } },
        { updateOne: { filter: { _id: '1' }, update: { $inc: { n: 1 } } } },
        { updateOne: { filter: { _id: '2' }, update: { $set: { email: 'b' } }, upsert: true } },
        { replaceOne: { document: { _id: '3', email: 'c' } } },
        { deleteOne: { filter: { _id: '3' } } },
      ]);
      expect(await c.find({}, { sort: { _id: 1 } })).toEqual([
        { _id: '1', email: 'a', n: 2 },
        { _id: '2', email: 'b' },
      ]);
      const before = await c.find({}, { sort: { _id: 1 } });
      await rejected(
        c.bulkWrite([
          { updateMany: { filter: {}, update: { $inc: { n: 10 } } } },
          { deleteOne: { filter: { _id: '2' } } },
          { replaceOne: { document: { _id: '4', email: 'a' } } },
        ]),
        'DuplicateKey',
      );
      expect(await c.find({}, { sort: { _id: 1 } })).toEqual(before);
      await rejected(c.bulkWrite([{ deleteMany: { filter: {} } }, { updateOne: { filter: {}, update: { $bogus: { n: 1 } } } }]), 'UnsupportedOperator');
      expect(await c.count()).toBe(2);
    });
  });
};
