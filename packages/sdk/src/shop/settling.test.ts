import { describe, expect, it } from 'vitest';
import type { Shop } from '../facade/shop.js';
import { address, cny, right, signedUp, testShop } from './testing.js';

const signUp = async (shop: Shop, contact: string) => {
  const userId = await signedUp(shop, contact);
  const { addressId } = right(await shop.accounts.addAddress(userId, { ...address, makeDefault: true }), 'addAddress');
  return { userId, addressId };
};

describe('purchases side by side', () => {
  it('each sees its own writes at every step, and its payment settled once the sandbox completes it', async () => {
    const { shop } = await testShop();
    const tea = right(await shop.catalog.createProduct({ title: { zh: '西湖龙井', en: 'Longjing tea' }, skus: [{ sku: 'TEA', price: cny(5_000) }], publish: true }));
    right(await shop.inventory.receiveStock({ sku: 'TEA', quantity: 100, reference: 'PO-1' }));
    const buyers = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((name) => signUp(shop, `${name}@example.com`)));

    // Every customer buys twice, all of them at once: a settle of the whole shop would wait for a quiet moment.
    const purchase = async ({ userId, addressId }: { readonly userId: string; readonly addressId: string }) => {
      for (let round = 0; round < 2; round++) {
        right(await shop.cart.addItem(userId, { productId: tea.productId, sku: 'TEA', quantity: 1 }));
        const order = right(await shop.checkout.placeOrder(userId, { shipTo: { addressId } }));
        // The orders read model the client lists next already holds the order.
        expect(right(await shop.orders.listMine(userId)).items.map((o) => o.orderId)).toContain(order.orderId);
        const started = right(await shop.payments.start(order.orderId, { method: 'alipay' }, { customerId: userId }));
        await shop.sandbox?.payments.complete(started.providerReference);
        // What the payment set off is done: the order is paid, in the event stream and in the read model.
        expect((await shop.orders.get(order.orderId, { customerId: userId }))?.status).toBe('paid');
        expect(right(await shop.orders.listMine(userId)).items.find((o) => o.orderId === order.orderId)?.status).toBe('paid');
      }
    };
    await Promise.all(buyers.map(purchase));
    await shop.settle();
    // Every unit sold was committed: 12 orders of one, none left reserved.
    expect(await shop.inventory.stock('TEA')).toEqual({ onHand: 88, reserved: 0, available: 88 });
    await shop.stop();
  });
});
