import { describe, expect, it } from 'vitest';
import { orderStream } from '../ordering/index.js';
import { DAY, paidTeaOrder } from './testing/harness.js';

const ORDER = '3c1f0a9e-5b2d-4e6f-8a7b-0000000000a1';
const HOUR = 3_600_000;

const heldOrder = async () => {
  const h = await paidTeaOrder(ORDER);
  await h.handlers.orders(orderStream(ORDER), { type: 'PutOrderOnRiskHold', data: { orderId: ORDER, reason: 'review', decidedBy: { kind: 'policy', policyId: 'p' } } });
  await h.settle();
  return h;
};

const release = async (h: Awaited<ReturnType<typeof heldOrder>>) => {
  await h.handlers.orders(orderStream(ORDER), { type: 'ReleaseOrderRiskHold', data: { orderId: ORDER, decidedBy: { kind: 'staff', staffId: 'staff-1' } } });
  await h.settle();
};

describe('fulfilment of an order on risk hold', () => {
  it('does not ship a held order the carrier scans, and ships it once the hold is released', async () => {
    const h = await heldOrder();
    await h.dispatch(ORDER, 'shipment-1');
    await h.carry(3 * HOUR);
    expect((await h.order(ORDER)).status).toBe('on_risk_hold');
    expect(await h.eventsOfType('OrderLinesShipped')).toEqual([]);

    await release(h);
    expect((await h.order(ORDER)).status).toBe('shipped');
    const [shipped] = await h.eventsOfType('OrderLinesShipped');
    const [released] = await h.eventsOfType('OrderRiskHoldReleased');
    expect(shipped?.metadata).toMatchObject({ causationId: released?.id, actor: { id: 'process:fulfilment' } });

    await h.carry(7 * DAY);
    expect((await h.order(ORDER)).status).toBe('delivered');
    expect(h.processes.runtime.status().every((s) => s.failure === null)).toBe(true);
  });

  it('catches up with a parcel delivered while the order was held, once', async () => {
    const h = await heldOrder();
    await h.dispatch(ORDER, 'shipment-1');
    await h.carry(7 * DAY);
    expect((await h.order(ORDER)).status).toBe('on_risk_hold');

    await release(h);
    expect((await h.order(ORDER)).status).toBe('delivered');
    const [released] = await h.eventsOfType('OrderRiskHoldReleased');
    if (!released) throw new Error('not released');
    // The after-sales and receipt windows count from the carrier's delivery, days before the release.
    const [carrier] = await h.eventsOfType('ShipmentDelivered');
    const [recorded] = await h.eventsOfType('OrderLinesDelivered');
    expect(recorded?.data).toMatchObject({ deliveredAt: (carrier?.data as { deliveredAt: string } | undefined)?.deliveredAt });
    expect(Date.parse((recorded?.data as { deliveredAt: string }).deliveredAt)).toBeLessThan(Date.parse(released.occurredAt));
    await h.redeliver('fulfilment', released);
    expect((await h.eventsOfType('OrderLinesShipped')).length).toBe(1);
    expect((await h.eventsOfType('OrderLinesDelivered')).length).toBe(1);
  });

  it('leaves a parcel still in the warehouse to the carrier’s first scan', async () => {
    const h = await heldOrder();
    await h.dispatch(ORDER, 'shipment-1');
    await release(h);
    expect((await h.order(ORDER)).status).toBe('paid');
    await h.carry(3 * HOUR);
    expect((await h.order(ORDER)).status).toBe('shipped');
  });
});
