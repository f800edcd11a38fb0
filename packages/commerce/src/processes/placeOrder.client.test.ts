import { commandHandler } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { cartDecider, cartStream } from '../cart/index.js';
import { productDecider, productStream } from '../catalog/index.js';
import { addressFixture } from '../ordering/testing.js';
import { CUSTOMER, processHarness } from './testing/harness.js';

const PRODUCT = '6d1e2f3a-4b5c-4d6e-8f7a-000000000002';
const CART = '6d1e2f3a-4b5c-4d6e-8f7a-0000000000cb';
const ORDER = '6d1e2f3a-4b5c-4d6e-8f7a-000000000102';
const cny = (amount: number) => ({ amount, currency: 'CNY' });

describe('checkout service, the client an order comes from', () => {
  it('passes the channel, device and IP hash through to the order', async () => {
    const h = await processHarness();
    const products = commandHandler({ store: h.eventStore, decider: productDecider, clock: h.clock, ids: h.ids });
    const carts = commandHandler({ store: h.eventStore, decider: cartDecider, clock: h.clock, ids: h.ids });
    await products(productStream(PRODUCT), { type: 'CreateProduct', productId: PRODUCT, title: { zh: '龙井', en: 'Longjing' }, description: { zh: '', en: '' }, brandId: null, categoryIds: [], attributes: {}, currency: 'CNY' });
    await products(productStream(PRODUCT), { type: 'AddProductSku', productId: PRODUCT, sku: 'TEA-1', attributes: {}, price: cny(5_000) });
    await products(productStream(PRODUCT), { type: 'PublishProduct', productId: PRODUCT });
    await carts(cartStream(CART), { type: 'AddCartItem', cartId: CART, userId: CUSTOMER, sku: 'TEA-1', productId: PRODUCT, quantity: 1, unitPrice: cny(5_000), limit: 5 });

    const client = { channel: 'mini_program' as const, deviceId: 'wx-device-1', ipHash: 'ab'.repeat(32) };
    const placed = await h.processes.checkout.placeOrder({ cartId: CART, orderId: ORDER, customerId: CUSTOMER, address: addressFixture(CUSTOMER), shippingFee: cny(0), client });
    expect(E.isRight(placed)).toBe(true);
    const [event] = await h.eventsOfType('OrderPlaced');
    expect(event?.data).toMatchObject({ orderId: ORDER, client });
  });
});
