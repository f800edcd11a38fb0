import { commandHandler } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { cartDecider, cartStream } from '../cart/index.js';
import { productDecider, productStream } from '../catalog/index.js';
import { addressFixture } from '../ordering/testing.js';
import { CUSTOMER, processHarness } from './testing/harness.js';

const PRODUCT = '6d1e2f3a-4b5c-4d6e-8f7a-000000000001';
const CART = '6d1e2f3a-4b5c-4d6e-8f7a-0000000000ca';
const ORDER = '6d1e2f3a-4b5c-4d6e-8f7a-000000000101';
const cny = (amount: number) => ({ amount, currency: 'CNY' });

const shopWithCart = async () => {
  const h = await processHarness();
  const products = commandHandler({ store: h.eventStore, decider: productDecider, clock: h.clock, ids: h.ids });
  const carts = commandHandler({ store: h.eventStore, decider: cartDecider, clock: h.clock, ids: h.ids });
  const stream = productStream(PRODUCT);
  await products(stream, { type: 'CreateProduct', productId: PRODUCT, title: { zh: '龙井', en: 'Longjing' }, description: { zh: '', en: '' }, brandId: null, categoryIds: [], attributes: {}, currency: 'CNY' });
  await products(stream, { type: 'AddProductSku', productId: PRODUCT, sku: 'TEA-1', attributes: {}, price: cny(5_000) });
  await products(stream, { type: 'PublishProduct', productId: PRODUCT });
  await h.receiveStock('TEA-1', 5);
  await h.createCoupon('TEN', 1_000);
  await carts(cartStream(CART), { type: 'AddCartItem', cartId: CART, userId: CUSTOMER, sku: 'TEA-1', productId: PRODUCT, quantity: 2, unitPrice: cny(5_000), limit: 5 });
  await carts(cartStream(CART), { type: 'ApplyCartCoupon', cartId: CART, code: 'TEN', discount: cny(1_000) });
  return { h, products, carts };
};

const request = { cartId: CART, orderId: ORDER, customerId: CUSTOMER, address: addressFixture(CUSTOMER), shippingFee: cny(600) };

describe('checkout service', () => {
  it('places the order at the cart’s prices and coupon, with the configured payment deadline', async () => {
    const { h } = await shopWithCart();
    const placed = await h.processes.checkout.placeOrder(request);
    expect(E.isRight(placed)).toBe(true);
    const order = await h.order(ORDER);
    expect(order).toMatchObject({ status: 'awaiting_payment', total: cny(9_600), paymentDueAt: '2026-03-02T09:30:00.000Z', autoConfirmReceiptAfterDays: 10 });
    expect(order.lines).toMatchObject([{ lineId: 'line-1', productId: PRODUCT, sku: 'TEA-1', quantity: 2 }]);
    const [event] = await h.eventsOfType('OrderPlaced');
    expect(event?.data).toMatchObject({ cartId: CART, discounts: [{ code: 'TEN', amount: cny(1_000) }], lines: [{ title: '龙井' }] });
    await h.settle();
    expect(await h.stock('TEA-1')).toMatchObject({ reserved: 2 });
  });

  it('refuses while the catalog’s price moved since the shopper saw it, and places nothing', async () => {
    const { h, products } = await shopWithCart();
    await products(productStream(PRODUCT), { type: 'ChangeProductPrice', productId: PRODUCT, sku: 'TEA-1', price: cny(5_500) });
    const placed = await h.processes.checkout.placeOrder(request);
    expect(placed).toMatchObject(E.left({ _tag: 'PricesChanged', cartId: CART }));
    expect(await h.eventsOfType('OrderPlaced')).toEqual([]);
  });

  it('refuses when the coupon no longer gives the discount the cart shows', async () => {
    const { h } = await shopWithCart();
    h.clock.set('2027-02-01T00:00:00.000Z');
    const placed = await h.processes.checkout.placeOrder(request);
    expect(placed).toMatchObject(E.left({ _tag: 'CouponDiscountChanged', code: 'TEN', current: null }));
  });
});
