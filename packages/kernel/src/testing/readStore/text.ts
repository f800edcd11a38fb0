import { describe, expect, it } from 'vitest';
import { fill, ids, rejected } from './context.js';
import type { ContractContext } from './context.js';

/** `$text` on the portable subset: MongoDB's matching with its `none` language; scores are outside it. */
export const textContract = ({ make, reopen }: ContractContext): void => {
  describe('text search', () => {
    const products = [
      { _id: 'p1', title: 'Huawei Mate 60 Pro', description: 'Kunlun glass, satellite calls', tags: ['phone', '5G'] },
      { _id: 'p2', title: 'Xiaomi Band 9', description: 'A fitness band with a week of battery', tags: ['wearable'] },
      { _id: 'p3', title: 'Mate 60 Pro case', description: 'Leather case for the Huawei phone', tags: ['accessory'] },
      { _id: 'p4', title: 'ＷＩＤＥ Screen Monitor', description: 'Fullwidth letters in the title', tags: [] },
      { _id: 'p5', title: '华为 手机', description: 'Chinese runs are single terms', tags: ['手机'] },
      { _id: 'p6', title: 'Kettle', description: 'Boils water', price: 100 },
    ];
    const seeded = async () => {
      const store = await make();
      const collection = store.collection('products');
      await collection.ensureIndexes([{ keys: { title: 'text', description: 'text', tags: 'text' } }]);
      await fill(collection, products);
      return { store, collection };
    };

    it('matches any term, in any field of the text index, whatever the case or width', async () => {
      const { collection } = await seeded();
      expect(ids(await collection.find({ $text: { $search: 'huawei' } }))).toEqual(['p1', 'p3']);
      expect(ids(await collection.find({ $text: { $search: 'BAND kettle' } }))).toEqual(['p2', 'p6']);
      expect(ids(await collection.find({ $text: { $search: 'wide' } }))).toEqual(['p4']);
      expect(ids(await collection.find({ $text: { $search: 'wearable 手机' } }))).toEqual(['p2', 'p5']);
      expect(await collection.find({ $text: { $search: 'nothing-like-this' } })).toEqual([]);
    });

    it('requires every quoted phrase, and excludes negated terms', async () => {
      const { collection } = await seeded();
      expect(ids(await collection.find({ $text: { $search: '"mate 60 pro"' } }))).toEqual(['p1', 'p3']);
      expect(ids(await collection.find({ $text: { $search: '"mate 60 pro" "leather case"' } }))).toEqual(['p3']);
      expect(ids(await collection.find({ $text: { $search: 'huawei -case' } }))).toEqual(['p1']);
      expect(await collection.find({ $text: { $search: '-huawei' } })).toEqual([]);
    });

    it('combines with other conditions, counts, and drives updates and deletes', async () => {
      const { collection } = await seeded();
      expect(ids(await collection.find({ $text: { $search: 'huawei phone' }, tags: 'phone' }))).toEqual(['p1']);
      expect(await collection.count({ $text: { $search: 'mate' } })).toBe(2);
      await collection.updateMany({ $text: { $search: 'mate' } }, { $set: { family: 'mate' } });
      expect(ids(await collection.find({ family: 'mate' }))).toEqual(['p1', 'p3']);
      expect(await collection.deleteMany({ $text: { $search: 'kettle' } })).toBe(1);
    });

    it('needs a text index, one per collection, made of text keys alone', async () => {
      const { store, collection } = await seeded();
      await rejected(store.collection('plain').find({ $text: { $search: 'x' } }), 'InvalidQuery');
      await rejected(collection.ensureIndexes([{ keys: { tags: 'text' }, name: 'second' }]), 'InvalidQuery');
      await rejected(store.collection('other').ensureIndexes([{ keys: { title: 'text', price: 1 } }]), 'UnsupportedOperator');
      await rejected(store.collection('other').ensureIndexes([{ keys: { title: 'text' }, unique: true }]), 'UnsupportedOperator');
    });

    it('is refused anywhere but the top of a filter, and with options outside the subset', async () => {
      const { collection } = await seeded();
      await rejected(collection.find({ $or: [{ $text: { $search: 'x' } }, { title: 'Kettle' }] }), 'UnsupportedOperator');
      await rejected(collection.find({ $text: { $search: 'x', $language: 'english' } }), 'UnsupportedOperator');
      await rejected(collection.find({ $text: { $search: 42 } }), 'InvalidQuery');
      await rejected(collection.aggregate([{ $match: { $text: { $search: 'x' } } }]), 'UnsupportedOperator');
    });

    if (reopen) {
      it('keeps the text index across a reopen', async () => {
        const { store } = await seeded();
        const again = await reopen(store);
        expect(ids(await again.collection('products').find({ $text: { $search: 'kettle' } }))).toEqual(['p6']);
      });
    }
  });
};
