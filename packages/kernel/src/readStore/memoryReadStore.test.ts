import { describe, expect, it } from 'vitest';
import { readStoreContract } from '../testing/readStoreContract.js';
import { memoryReadStore } from './memoryReadStore.js';
import { isReadStoreError } from './readStore.js';

readStoreContract('memory', { create: () => memoryReadStore() });

describe('memoryReadStore', () => {
  it('refuses a write through the store from inside a transaction instead of deadlocking', async () => {
    const store = memoryReadStore();
    await expect(store.transaction(async () => store.collection('c').replaceOne({ _id: 'a' }))).rejects.toSatisfy((error) => isReadStoreError(error, 'InvalidQuery'));
    await expect(store.transaction(async () => store.transaction(async () => 1))).rejects.toSatisfy((error) => isReadStoreError(error, 'InvalidQuery'));
  });
});
