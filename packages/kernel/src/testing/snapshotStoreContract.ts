import { describe, expect, it } from 'vitest';
import type { SnapshotStore } from '../snapshots/snapshotStore.js';

export interface SnapshotStoreContractOptions {
  /** A new, empty store. */
  readonly create: () => Promise<SnapshotStore> | SnapshotStore;
  /** The same storage opened again, when the store persists (omit for in-memory stores). */
  readonly reopen?: () => Promise<SnapshotStore> | SnapshotStore;
}

/** The behaviour every SnapshotStore must show. */
export const snapshotStoreContract = (name: string, options: SnapshotStoreContractOptions): void => {
  describe(`SnapshotStore contract: ${name}`, () => {
    it('returns nothing for a stream never snapshotted, and the saved state as JSON', async () => {
      const store = await options.create();
      expect(await store.load('cart-1')).toBeNull();
      const state = { lines: [{ sku: '华为-1', quantity: 2 }], total: { amount: 1999, currency: 'CNY' }, note: null };
      await store.save({ stream: 'cart-1', revision: 41, version: 'cart.v1', state });
      expect(await store.load('cart-1')).toEqual({ stream: 'cart-1', revision: 41, version: 'cart.v1', state });
    });

    it('keeps the newest snapshot when an older one is saved after it', async () => {
      const store = await options.create();
      await store.save({ stream: 'sku-1', revision: 100, version: 'v1', state: { n: 100 } });
      await store.save({ stream: 'sku-1', revision: 50, version: 'v1', state: { n: 50 } });
      expect((await store.load('sku-1'))?.revision).toBe(100);
      await store.save({ stream: 'sku-1', revision: 150, version: 'v2', state: { n: 150 } });
      expect(await store.load('sku-1')).toEqual({ stream: 'sku-1', revision: 150, version: 'v2', state: { n: 150 } });
    });

    if (options.reopen) {
      const reopen = options.reopen;
      it('keeps snapshots across a reopen', async () => {
        const store = await options.create();
        await store.save({ stream: 'coupon-x', revision: 7, version: 'v1', state: { used: 7 } });
        const again = await reopen();
        expect(await again.load('coupon-x')).toEqual({ stream: 'coupon-x', revision: 7, version: 'v1', state: { used: 7 } });
      });
    }
  });
};
