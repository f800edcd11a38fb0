import { describe, expect, it } from 'vitest';
import { memoryReadStore } from './memoryReadStore.js';
import { isReadStoreError } from './readStore.js';

describe('memoryReadStore', () => {
  it('finds, updates, upserts and commits transactions', async () => {
    const store = memoryReadStore({ newId: () => 'generated' });
    const orders = store.collection('orders');
    await orders.replaceOne({ _id: 'o1', status: 'open', total: 10 });
    expect(await orders.find({ status: 'open' })).toEqual([{ _id: 'o1', status: 'open', total: 10 }]);
    expect(await orders.updateOne({ status: 'new' }, { $set: { total: 5 } }, { upsert: true })).toEqual({ matched: 0, modified: 0, upsertedId: 'generated' });
    expect(await orders.get('generated')).toEqual({ _id: 'generated', status: 'new', total: 5 });
    await store.transaction(async (session) => {
      await session.collection('orders').updateOne({ _id: 'o1' }, { $inc: { total: 1 } });
      expect((await session.collection('orders').get('o1'))?.total).toBe(11);
      expect((await orders.get('o1'))?.total).toBe(10);
    });
    expect((await orders.get('o1'))?.total).toBe(11);
  });

  it('refuses a write through the store from inside a transaction instead of deadlocking', async () => {
    const store = memoryReadStore();
    await expect(store.transaction(async () => store.collection('c').replaceOne({ _id: 'a' }))).rejects.toSatisfy((error) => isReadStoreError(error, 'InvalidQuery'));
  });
});
