import { expect } from 'vitest';
import type { Shop } from '../shop.js';
import { address, cny, right, signedUp } from '../../shop/testing.js';

/** A paid order for two teas, ready to ship. */
export const paidOrder = async (shop: Shop) => {
  const tea = right(await shop.catalog.createProduct({ title: { zh: '西湖龙井', en: 'Longjing tea' }, skus: [{ sku: 'TEA-250G', price: cny(4_000) }], publish: true }));
  right(await shop.inventory.receiveStock({ sku: 'TEA-250G', quantity: 10, reference: 'PO-1' }));
  const alice = await signedUp(shop, 'alice@example.com');
  right(await shop.cart.addItem(alice, { productId: tea.productId, sku: 'TEA-250G', quantity: 2 }));
  const { addressId } = right(await shop.accounts.addAddress(alice, { ...address, makeDefault: true }));
  const order = right(await shop.checkout.placeOrder(alice, { shipTo: { addressId } }));
  const started = right(await shop.payments.start(order.orderId, { method: 'wechat_pay' }, { customerId: alice }));
  await shop.sandbox?.payments.complete(started.providerReference);
  expect((await shop.orders.get(order.orderId))?.status).toBe('paid');
  return { alice, orderId: order.orderId };
};
