import { describe, expect, it } from 'vitest';
import { orderStream } from '../ordering/index.js';
import { autoConfirmTimeoutId } from './ids.js';
import { CUSTOMER, DAY, processHarness } from './testing/harness.js';

const ORDER = '7e2d1c0b-4a3f-4b5e-9d8c-000000000001';

const deliveredOrder = async () => {
  const h = await processHarness();
  await h.receiveStock('TEA-1', 10);
  await h.placeOrder(ORDER, [{ sku: 'TEA-1', quantity: 1, unitPrice: 5_000 }]);
  await h.settle();
  await h.pay(ORDER);
  await h.dispatch(ORDER, 'shipment-1');
  await h.carry(7 * DAY);
  if ((await h.order(ORDER)).status !== 'delivered') throw new Error('the order was not delivered');
  const [delivered] = await h.eventsOfType('OrderLinesDelivered');
  if (!delivered) throw new Error('no delivery recorded');
  return { h, deliveredAt: Date.parse((delivered.data as { deliveredAt: string }).deliveredAt) };
};

describe('receipt confirmation process', () => {
  it('confirms receipt automatically ten days after delivery, once', async () => {
    const { h, deliveredAt } = await deliveredOrder();
    const [scheduled] = await h.eventsOfType('TimeoutScheduled').then((es) => es.filter((e) => (e.data as { kind: string }).kind === 'auto-confirm'));
    expect(scheduled?.data).toMatchObject({ timeoutId: autoConfirmTimeoutId(ORDER), due: new Date(deliveredAt + 10 * DAY).toISOString() });

    h.clock.set(new Date(deliveredAt + 10 * DAY - 1));
    await h.settle();
    expect((await h.order(ORDER)).status).toBe('delivered');

    h.clock.set(new Date(deliveredAt + 10 * DAY));
    await h.settle();
    expect((await h.order(ORDER)).status).toBe('completed');
    const [confirmed] = await h.eventsOfType('OrderReceiptConfirmed');
    expect(confirmed?.data).toMatchObject({ confirmedBy: { kind: 'automatic' } });

    const [fired] = (await h.eventsOfType('TimeoutFired')).filter((e) => (e.data as { kind: string }).kind === 'auto-confirm');
    if (!fired) throw new Error('the timeout never fired');
    await h.redeliver('receipt-confirmation', fired);
    expect((await h.eventsOfType('OrderReceiptConfirmed')).length).toBe(1);
  });

  it('cancels the timeout when the customer confirms first', async () => {
    const { h } = await deliveredOrder();
    await h.handlers.orders(orderStream(ORDER), { type: 'ConfirmOrderReceipt', data: { orderId: ORDER, confirmedBy: { kind: 'customer', customerId: CUSTOMER } } });
    await h.settle();
    expect((await h.eventsOfType('TimeoutCancelled')).map((e) => e.data)).toContainEqual({ timeoutId: autoConfirmTimeoutId(ORDER), reason: 'confirmed by the customer' });
    h.clock.advance(30 * DAY);
    await h.settle();
    expect((await h.eventsOfType('TimeoutFired')).filter((e) => (e.data as { kind: string }).kind === 'auto-confirm')).toEqual([]);
    expect((await h.eventsOfType('OrderReceiptConfirmed')).length).toBe(1);
  });

  it('neither loses nor repeats the confirmation across a restart', async () => {
    const { h } = await deliveredOrder();
    await h.processes.stop();
    h.clock.advance(11 * DAY);
    await h.restart();
    await h.settle();
    await h.restart();
    await h.settle();
    expect((await h.order(ORDER)).status).toBe('completed');
    expect((await h.eventsOfType('OrderReceiptConfirmed')).length).toBe(1);
  });
});
