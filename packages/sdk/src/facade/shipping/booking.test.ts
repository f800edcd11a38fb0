import { describe, expect, it } from 'vitest';
import type { Shop } from '../shop.js';
import { address, cny, DAY, left, right, signedUp, testShop } from '../../shop/testing.js';

/** A paid order for two teas, ready to ship. */
const paidOrder = async (shop: Shop) => {
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

describe('a booked waybill, before the carrier first scan', () => {
  it('cannot be cancelled away: the customer is refused and the parcel stays on the order', async () => {
    const { shop } = await testShop();
    const { alice, orderId } = await paidOrder(shop);
    const { shipment } = right(await shop.shipping.shipOrder(orderId), 'shipOrder');

    expect(left(await shop.orders.cancel(orderId, { kind: 'customer', customerId: alice }))).toEqual({
      _tag: 'InvalidOrderTransition',
      orderId,
      from: 'paid',
      to: 'cancelled',
    });
    expect((await shop.orders.get(orderId))?.status).toBe('paid');
    expect((await shop.tracking.forOrder(orderId, { customerId: alice }))?.map((s) => s.shipmentId)).toEqual([shipment.shipmentId]);
  });

  it('can be cancelled once the shipment is called off with the carrier', async () => {
    const { shop } = await testShop();
    const { alice, orderId } = await paidOrder(shop);
    const { shipment } = right(await shop.shipping.shipOrder(orderId), 'shipOrder');
    right(await shop.shipping.cancelShipment(shipment.shipmentId, 'wrong address'), 'cancelShipment');
    await shop.settle();
    expect(right(await shop.orders.cancel(orderId, { kind: 'customer', customerId: alice }), 'cancel').status).toBe('cancelled');
  });

  it('takes the lines it carries: a second shipOrder has nothing left to book', async () => {
    const { shop } = await testShop();
    const { orderId } = await paidOrder(shop);
    right(await shop.shipping.shipOrder(orderId), 'shipOrder');
    expect(left(await shop.shipping.shipOrder(orderId))).toEqual({ _tag: 'InvalidOrderTransition', orderId, from: 'paid', to: 'shipped' });
    const [line] = (await shop.orders.get(orderId))?.lines ?? [];
    if (!line) throw new Error('no line');
    expect(left(await shop.shipping.shipOrder(orderId, { lines: [{ lineId: line.lineId, quantity: 1 }] }))).toMatchObject({
      _tag: 'ShipmentExceedsOrdered',
      ordered: 2,
      alreadyShipped: 0,
      booked: 2,
      requested: 1,
    });
  });

  it('is shipped and delivered as before', async () => {
    const { shop } = await testShop();
    const { orderId } = await paidOrder(shop);
    right(await shop.shipping.shipOrder(orderId), 'shipOrder');
    await shop.sandbox?.carrier.advance(5 * DAY);
    expect((await shop.orders.get(orderId))?.status).toBe('delivered');
  });
});
