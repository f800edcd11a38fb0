import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { orderStream } from '@shopstream/commerce/ordering';
import type { Shop } from '../shop.js';
import { address, cny, left, right, testShop } from '../../shop/testing.js';
import type { OrderView } from './api.js';

const CUSTOMER = 'etag-1';
const ACTIONS = ['pay', 'hold', 'release', 'reject', 'cancel', 'confirm', 'staleCancel'] as const;
type Action = (typeof ACTIONS)[number];

const placeOrder = async (shop: Shop): Promise<string> => {
  const product = right(await shop.catalog.createProduct({ title: { zh: '茶', en: 'Tea' }, skus: [{ sku: 'TEA-1', price: cny(1_000) }], publish: true }));
  right(await shop.inventory.receiveStock({ sku: 'TEA-1', quantity: 5 }));
  right(await shop.cart.addItem(CUSTOMER, { productId: product.productId, sku: 'TEA-1', quantity: 1 }));
  const order = right(await shop.checkout.placeOrder(CUSTOMER, { shipTo: { address } }));
  await shop.settle();
  return order.orderId;
};

/** The order stream's revision as its own events say (revisions start at 0, without gaps), not as the facade does. */
const streamRevision = async (shop: Shop, orderId: string): Promise<number> =>
  ((await shop.orders.timeline(orderId)) ?? []).filter((entry) => entry.stream === orderStream(orderId)).length - 1;

/** One thing that may happen to the order; most are refused in some states, which is part of the test. */
const act = async (shop: Shop, orderId: string, action: Action, seen: number): Promise<void> => {
  switch (action) {
    case 'pay': {
      const started = await shop.payments.start(orderId, { method: 'alipay' }, { customerId: CUSTOMER });
      if (E.isRight(started)) await shop.sandbox?.payments.complete(started.right.providerReference);
      break;
    }
    case 'hold':
      await shop.risk.hold(orderId, { reason: 'card shared with 4 accounts', decidedBy: { kind: 'staff', staffId: 'staff-zhao' } });
      break;
    case 'release':
      await shop.risk.decide(orderId, { decision: 'release', staffId: 'staff-wang', note: 'the issuer vouched' });
      break;
    case 'reject':
      await shop.risk.decide(orderId, { decision: 'reject', staffId: 'staff-wang', reason: 'stolen card' });
      break;
    case 'cancel':
      await shop.orders.cancel(orderId, { kind: 'customer', customerId: CUSTOMER });
      break;
    case 'confirm':
      await shop.orders.confirmReceipt(CUSTOMER, orderId);
      break;
    case 'staleCancel':
      // Pinned to a revision the customer saw before the last one: refused whatever the order's state.
      if (seen > 0) expect(left(await shop.orders.cancel(orderId, { kind: 'customer', customerId: CUSTOMER }, { expectedRevision: seen - 1 }))).toMatchObject({ _tag: 'ConcurrencyConflict' });
      break;
  }
  await shop.settle();
};

describe('an order at its revision', () => {
  it("whatever happens to it, every view carries the stream's revision, and a customer's view never changes under the same revision", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 6 }), async (actions) => {
        const { shop } = await testShop();
        try {
          const orderId = await placeOrder(shop);
          let before: OrderView | null = null;
          for (const action of actions) {
            await act(shop, orderId, action, before?.revision ?? 0);
            const mine = await shop.orders.get(orderId, { customerId: CUSTOMER });
            const staff = await shop.orders.get(orderId);
            const revision = await streamRevision(shop, orderId);
            expect(mine?.revision).toBe(revision);
            expect(staff?.revision).toBe(revision);
            expect(JSON.stringify(mine)).not.toMatch(/card shared|staff-zhao|staff-wang|stolen card/);
            if (before !== null && before.revision === revision) expect(mine).toEqual(before);
            before = mine;
          }
        } finally {
          await shop.stop();
        }
      }),
      { numRuns: 12 },
    );
  }, 60_000);

  it('a command pinned to the current revision runs and answers the next one; pinned to an old one it changes nothing', async () => {
    const { shop } = await testShop();
    const orderId = await placeOrder(shop);
    const placed = right(await shop.payments.start(orderId, { method: 'alipay' }, { customerId: CUSTOMER }));
    const seen = (await shop.orders.get(orderId, { customerId: CUSTOMER }))?.revision ?? -1;
    await shop.sandbox?.payments.complete(placed.providerReference);
    await shop.settle();
    const paid = (await shop.orders.get(orderId, { customerId: CUSTOMER }))?.revision ?? -1;
    expect(paid).toBeGreaterThan(seen);
    expect(left(await shop.orders.cancel(orderId, { kind: 'customer', customerId: CUSTOMER }, { expectedRevision: seen }))).toMatchObject({ _tag: 'ConcurrencyConflict', actual: paid });
    expect((await shop.orders.get(orderId))?.status).toBe('paid');
    const cancelled = right(await shop.orders.cancel(orderId, { kind: 'customer', customerId: CUSTOMER }, { expectedRevision: paid }));
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.revision).toBeGreaterThan(paid);
    expect(cancelled.revision).toBeLessThanOrEqual(await streamRevision(shop, orderId));
    await shop.stop();
  });
});
