import type { ManualClock } from '@shopstream/kernel';
import type { Shop } from '../shop.js';
import { DAY, address, cny, right, signedUp } from '../../shop/testing.js';

/** A published product with stock, for buyers to review. */
export const teaOnSale = async (shop: Shop): Promise<string> => {
  const { productId } = right(await shop.catalog.createProduct({ title: { zh: '西湖龙井', en: 'Longjing tea' }, skus: [{ sku: 'TEA-250G', price: cny(5_000) }], publish: true }));
  right(await shop.inventory.receiveStock({ sku: 'TEA-250G', quantity: 20, reference: 'PO-1' }));
  return productId;
};

/** A customer who bought the tea, paid and received it: their id and the order line they may review. */
export const buyer = async (shop: Shop, clock: ManualClock, contact: string, productId: string) => {
  const customerId = await signedUp(shop, contact);
  right(await shop.cart.addItem(customerId, { productId, sku: 'TEA-250G', quantity: 1 }), 'addItem');
  const { addressId } = right(await shop.accounts.addAddress(customerId, { ...address, makeDefault: true }), 'addAddress');
  const order = right(await shop.checkout.placeOrder(customerId, { shipTo: { addressId } }), 'placeOrder');
  await shop.settle();
  const started = right(await shop.payments.start(order.orderId, { method: 'alipay' }, { customerId }), 'startPayment');
  await shop.sandbox?.payments.complete(started.providerReference);
  right(await shop.shipping.shipOrder(order.orderId), 'shipOrder');
  await shop.sandbox?.carrier.advance(5 * DAY);
  await shop.settle();
  const line = (await shop.orders.get(order.orderId))?.lines[0];
  if (!line) throw new Error('no line');
  clock.advance(60_000);
  return { customerId, orderId: order.orderId, lineId: line.lineId };
};
