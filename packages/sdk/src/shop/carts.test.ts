import { commandHandler, memoryEventStore } from '@shopstream/kernel';
import type { EventStore } from '@shopstream/kernel';
import { commerceEventRegistry } from '@shopstream/commerce';
import { cartDecider, cartStream } from '@shopstream/commerce/cart';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cartIdFor, customerCarts } from './carts.js';
import { right } from './testing.js';

const PRODUCT = '00000000-0000-4000-8000-000000000001';
const price = { amount: 100, currency: 'CNY' };

/** Opens the customer's k-th cart with one line, and checks it out unless `keepOpen`. */
const useCart = async (store: EventStore, customerId: string, k: number, keepOpen: boolean) => {
  const carts = commandHandler({ store, decider: cartDecider });
  const cartId = cartIdFor(customerId, k);
  right(await carts(cartStream(cartId), { type: 'AddCartItem', cartId, userId: customerId, sku: 'SKU-1', productId: PRODUCT, quantity: 1, unitPrice: price, limit: 9 }));
  if (keepOpen) return;
  const orderId = `00000000-0000-4000-9000-${k.toString(16).padStart(12, '0')}`;
  right(await carts(cartStream(cartId), { type: 'CheckOutCart', cartId, orderId, prices: [{ sku: 'SKU-1', unitPrice: price }], couponDiscount: null }));
};

describe("finding a customer's open cart", () => {
  it('is always the first cart not checked out, however many came before and whatever the finder saw last', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }), fc.boolean(), async (rounds, lastOpen) => {
        const store = memoryEventStore({ registry: commerceEventRegistry() });
        const finder = customerCarts(commandHandler({ store, decider: cartDecider }));
        let closed = 0;
        // Each round checks out more carts, then asks; the finder's hint from the round before is stale.
        for (const [round, more] of rounds.entries()) {
          for (let k = closed; k < closed + more; k++) await useCart(store, 'c-1', k, false);
          closed += more;
          const open = lastOpen && round === rounds.length - 1;
          if (open) await useCart(store, 'c-1', closed, true);
          const current = await finder.current('c-1');
          expect(current.cartId).toBe(cartIdFor('c-1', closed));
          expect(current.state.status).toBe(open ? 'open' : 'none');
        }
        // A finder that never saw this customer (a restarted shop) finds the same cart.
        expect((await customerCarts(commandHandler({ store, decider: cartDecider })).current('c-1')).cartId).toBe(cartIdFor('c-1', closed));
      }),
      { numRuns: 30 },
    );
  });
});
