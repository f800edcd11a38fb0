import { describe, expect, it } from 'vitest';
import { DAY, paidTeaOrder } from './testing/harness.js';

const ORDER = '3c1f0a9e-5b2d-4e6f-8a7b-000000000001';
const HOUR = 3_600_000;

const paidOrder = () => paidTeaOrder(ORDER);

describe('fulfilment process', () => {
  it('ships the order at the carrier’s first scan and delivers it when the carrier does', async () => {
    const h = await paidOrder();
    await h.dispatch(ORDER, 'shipment-1');
    await h.settle();
    expect((await h.order(ORDER)).status).toBe('paid');

    await h.carry(3 * HOUR);
    const shipped = await h.order(ORDER);
    expect(shipped.status).toBe('shipped');
    expect(shipped.lines[0]).toMatchObject({ quantityShipped: 2, quantityDelivered: 0 });
    const [recorded] = await h.eventsOfType('OrderLinesShipped');
    const [advanced] = await h.eventsOfType('ShipmentStatusAdvanced');
    expect(recorded?.metadata).toMatchObject({ causationId: advanced?.id, actor: { id: 'process:fulfilment' } });

    await h.carry(7 * DAY);
    const delivered = await h.order(ORDER);
    expect(delivered.status).toBe('delivered');
    expect(delivered.lines[0]).toMatchObject({ quantityDelivered: 2, delivered: true });
  });

  it('absorbs carrier redeliveries and duplicate reactions', async () => {
    const h = await paidOrder();
    const { waybill } = await h.dispatch(ORDER, 'shipment-1');
    await h.carry(7 * DAY);
    for (const push of h.carrier.redeliver(waybill.waybillNumber)) await h.shipping.handleNotification(push);
    const [delivered] = await h.eventsOfType('ShipmentDelivered');
    const [advanced] = await h.eventsOfType('ShipmentStatusAdvanced');
    if (!delivered || !advanced) throw new Error('the parcel never arrived');
    await h.redeliver('fulfilment', advanced);
    await h.redeliver('fulfilment', delivered);
    expect((await h.eventsOfType('OrderLinesShipped')).length).toBe(1);
    expect((await h.eventsOfType('OrderLinesDelivered')).length).toBe(1);
    expect((await h.order(ORDER)).status).toBe('delivered');
  });

  it('leaves an order alone when a shipment is not for its lines', async () => {
    const h = await paidOrder();
    await h.dispatch(ORDER, 'shipment-1');
    await h.carry(7 * DAY);
    // A second parcel for the same, fully shipped lines (a replacement, say): the order is not shipped twice.
    await h.dispatch(ORDER, 'shipment-2');
    await h.carry(7 * DAY);
    expect((await h.eventsOfType('ShipmentDelivered')).length).toBe(2);
    expect((await h.eventsOfType('OrderLinesShipped')).map((e) => (e.data as { shipmentId: string }).shipmentId)).toEqual(['shipment-1']);
    expect(h.processes.runtime.status().every((s) => s.failure === null)).toBe(true);
  });
});
