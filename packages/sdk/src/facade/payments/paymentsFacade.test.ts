import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Shop } from '../shop.js';
import { address, cny, left, right, testShop } from '../../shop/testing.js';

const placed = async (shop: Shop, customerId: string, sku: string): Promise<string> => {
  const product = right(await shop.catalog.createProduct({ title: { zh: sku, en: sku }, skus: [{ sku, price: cny(3_000) }], publish: true }));
  right(await shop.inventory.receiveStock({ sku, quantity: 5 }));
  right(await shop.cart.addItem(customerId, { productId: product.productId, sku, quantity: 1 }));
  const order = right(await shop.checkout.placeOrder(customerId, { shipTo: { address } }));
  await shop.settle();
  return order.orderId;
};

const revisionOf = async (shop: Shop, orderId: string): Promise<number> => (await shop.payments.get(orderId))?.revision ?? -1;
const attemptsOf = async (shop: Shop, orderId: string): Promise<number> => (await shop.payments.get(orderId))?.attempts.length ?? 0;

describe('starting a payment on a pinned revision', () => {
  it('starts an attempt only when the payment is at the revision pinned, and answers the revision after it', async () => {
    const { shop } = await testShop();
    const orderId = await placed(shop, 'payer-1', 'PIN-1');
    // Pinned revisions around the current one, the stream's absence (-1) included: each either starts an attempt
    // (and moves the revision on) or is a conflict that starts nothing, the provider never asked.
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -1, max: 3 }), fc.constantFrom('alipay' as const, 'wechat_pay' as const), async (offset, method) => {
        const current = await revisionOf(shop, orderId);
        const attempts = await attemptsOf(shop, orderId);
        const pinned = Math.max(-1, current + offset - 1);
        const started = await shop.payments.start(orderId, { method }, { customerId: 'payer-1' }, { expectedRevision: pinned });
        if (pinned === current) {
          const { revision, providerReference } = right(started);
          expect(revision).toBe(await revisionOf(shop, orderId));
          expect(revision).toBeGreaterThan(current);
          expect(await attemptsOf(shop, orderId)).toBe(attempts + 1);
          expect(shop.sandbox?.payments.transaction(providerReference)).toBeDefined();
        } else {
          expect(left(started)).toMatchObject({ _tag: 'ConcurrencyConflict', expected: pinned, actual: current });
          expect(await revisionOf(shop, orderId)).toBe(current);
          expect(await attemptsOf(shop, orderId)).toBe(attempts);
        }
      }),
      { numRuns: 25 },
    );
    await shop.stop();
  });

  it('a pinned retry of the same attempt on the revision it moved to answers the same provider reference', async () => {
    const { shop } = await testShop();
    const orderId = await placed(shop, 'payer-2', 'PIN-2');
    const attemptId = '0b9d7d1e-5a8f-4c36-9a2e-7f1d2b3c4d5e';
    const first = right(await shop.payments.start(orderId, { method: 'alipay', attemptId }, { customerId: 'payer-2' }, { expectedRevision: -1 }));
    const again = right(await shop.payments.start(orderId, { method: 'alipay', attemptId }, { customerId: 'payer-2' }, { expectedRevision: first.revision }));
    expect(again).toMatchObject({ attemptId, providerReference: first.providerReference, revision: first.revision });
    expect(await attemptsOf(shop, orderId)).toBe(1);
    await shop.stop();
  });
});
