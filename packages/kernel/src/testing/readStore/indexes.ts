import { describe, expect, it } from 'vitest';
import { fill, ids, rejected } from './context.js';
import type { ContractContext } from './context.js';

export const indexContract = ({ make }: ContractContext): void => {
  describe('indexes', () => {
    it('refuse a duplicate in a unique index and write nothing', async () => {
      const store = await make();
      const c = store.collection('c');
      await c.ensureIndexes([{ keys: { email: 1 }, unique: true }]);
      await c.ensureIndexes([{ keys: { email: 1 }, unique: true }]);
      await c.replaceOne({ _id: '1', email: 'a@x' });
      const error = await rejected(c.replaceOne({ _id: '2', email: 'a@x' }), 'DuplicateKey');
      expect(error.detail).toMatchObject({ collection: 'c', index: 'email_1' });
      await rejected(c.updateOne({ _id: '3' }, { $set: { email: 'a@x' } }, { upsert: true }), 'DuplicateKey');
      await c.replaceOne({ _id: '2', email: 'b@x' });
      await rejected(c.updateOne({ _id: '2' }, { $set: { email: 'a@x' } }), 'DuplicateKey');
      expect(await c.find({}, { sort: { _id: 1 } })).toEqual([
        { _id: '1', email: 'a@x' },
        { _id: '2', email: 'b@x' },
      ]);
      // Moving a key frees it for another document.
      await c.updateOne({ _id: '1' }, { $set: { email: 'c@x' } });
      await c.replaceOne({ _id: '2', email: 'a@x' });
      expect(await c.findOne({ email: 'a@x' })).toMatchObject({ _id: '2' });
    });

    it('treat a missing field as null in a unique index, as MongoDB does', async () => {
      const store = await make();
      const c = store.collection('c');
      await c.ensureIndexes([{ keys: { email: 1 }, unique: true }]);
      await c.replaceOne({ _id: '1' });
      await rejected(c.replaceOne({ _id: '2', email: null }), 'DuplicateKey');
    });

    it('leave documents without the field out of a sparse index, so a sparse unique index allows many of them', async () => {
      const store = await make();
      const c = store.collection('c');
      await c.ensureIndexes([{ keys: { email: 1 }, unique: true, sparse: true }]);
      await fill(c, [{ _id: '1' }, { _id: '2' }, { _id: '3', email: 'a@x' }, { _id: '4', email: null }]);
      await rejected(c.replaceOne({ _id: '5', email: 'a@x' }), 'DuplicateKey');
      // null is a value: it is indexed, and taken.
      await rejected(c.replaceOne({ _id: '5', email: null }), 'DuplicateKey');
      await c.updateOne({ _id: '3' }, { $unset: { email: '' } });
      await c.replaceOne({ _id: '5', email: 'a@x' });
      expect(ids(await c.find({ email: 'a@x' }))).toEqual(['5']);
      expect(ids(await c.find({ email: { $exists: false } }))).toEqual(['1', '2', '3']);
      expect(ids(await c.find({ email: null }))).toEqual(['1', '2', '3', '4']);
    });

    it('refuse to declare a unique index over existing duplicates, or the same name with other keys', async () => {
      const store = await make();
      const c = store.collection('c');
      await fill(c, [
        { _id: '1', sku: 'A' },
        { _id: '2', sku: 'A' },
      ]);
      await rejected(c.ensureIndexes([{ keys: { sku: 1 }, unique: true }]), 'DuplicateKey');
      await c.replaceOne({ _id: '3', sku: 'A' });
      await c.ensureIndexes([{ keys: { sku: 1 }, name: 'by_sku' }]);
      await rejected(c.ensureIndexes([{ keys: { other: 1 }, name: 'by_sku' }]), 'InvalidQuery');
    });

    it('index every item of an array (multikey), also unique', async () => {
      const store = await make();
      const c = store.collection('c');
      await c.ensureIndexes([{ keys: { tags: 1 } }, { keys: { 'variants.sku': 1 }, unique: true }]);
      await fill(c, [
        { _id: '1', tags: ['red', 'big'], variants: [{ sku: 'A1' }, { sku: 'A2' }] },
        { _id: '2', tags: ['red'], variants: [{ sku: 'B1' }] },
        { _id: '3', tags: [], variants: [] },
      ]);
      expect(ids(await c.find({ tags: 'red' }))).toEqual(['1', '2']);
      expect(ids(await c.find({ tags: { $in: ['big', 'none'] } }))).toEqual(['1']);
      expect(ids(await c.find({ tags: { $gt: 'c', $lt: 'z' } }))).toEqual(['1', '2']);
      expect(ids(await c.find({ 'variants.sku': { $gte: 'A2' } }))).toEqual(['1', '2']);
      // Two bounds may be met by different items of an array: [1, 9] is both > 3 and < 7.
      const d = store.collection('d');
      await d.ensureIndexes([{ keys: { sizes: 1 } }]);
      await fill(d, [{ _id: '5', sizes: [1, 9] }, { _id: '6', sizes: 5 }, { _id: '7', sizes: [2] }]);
      expect(ids(await d.find({ sizes: { $gt: 3, $lt: 7 } }))).toEqual(['5', '6']);
      expect(ids(await d.find({ sizes: { $elemMatch: { $gt: 3, $lt: 7 } } }))).toEqual([]);
      await rejected(c.replaceOne({ _id: '4', variants: [{ sku: 'C1' }, { sku: 'A2' }] }), 'DuplicateKey');
      // The same key twice in one document is not a duplicate.
      await c.replaceOne({ _id: '4', variants: [{ sku: 'D1' }, { sku: 'D1' }] });
      expect(ids(await c.find({ 'variants.sku': 'D1' }))).toEqual(['4']);
    });

    it('enforce compound unique keys as a whole', async () => {
      const store = await make();
      const c = store.collection('c');
      await c.ensureIndexes([{ keys: { order: 1, line: 1 }, unique: true }]);
      await fill(c, [
        { _id: '1', order: 'o1', line: 1 },
        { _id: '2', order: 'o1', line: 2 },
        { _id: '3', order: 'o2', line: 1 },
      ]);
      await rejected(c.replaceOne({ _id: '4', order: 'o1', line: 2 }), 'DuplicateKey');
      expect(ids(await c.find({ order: 'o1' }))).toEqual(['1', '2']);
    });
  });
};
