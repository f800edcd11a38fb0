import { describe, expect, it } from 'vitest';
import { DAY, left, right, testShop } from '../../shop/testing.js';
import { paidOrder } from './fixtures.js';

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
