import { commerceEventRegistry } from '@shopstream/commerce';
import { sandboxCarrier, shippingService } from '@shopstream/commerce/shipping';
import { ManualClock, memoryEventStore, sequentialIds } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { at, customer, fakeSealed, orderPlaced, shipmentLines, step } from '../orders/testing/events.js';
import { readModelHarness } from '../testing/harness.js';
import type { ReadModelHarness } from '../testing/harness.js';
import type { ShipmentDocument } from './documents.js';
import { trackingProjections } from './index.js';
import { shipmentView } from './views.js';

const HOUR = 3_600_000;
let harness: ReadModelHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

/** The sandbox carrier and the shipping service over the harness's event store, as a host wires them. */
const carrierFlow = async (scenario?: 'lost' | 'address_problem') => {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const eventStore = memoryEventStore({ registry: commerceEventRegistry(), now: () => clock.now() });
  harness = await readModelHarness(trackingProjections, { eventStore });
  const carrier = sandboxCarrier({ secret: 'sandbox-secret-0123456789', clock });
  if (scenario) carrier.setScenario('s-1', scenario);
  const shipping = shippingService({ store: eventStore, carrier, clock, ids: sequentialIds() });
  const h = harness;
  await h.append(step('order-o-1', [orderPlaced('o-1', 'c-1', clock.now().toISOString())], clock.now().toISOString(), customer('c-1')));
  const dispatched = await shipping.dispatch({
    shipmentId: 's-1',
    orderId: 'o-1',
    lines: shipmentLines,
    origin: { city: '杭州', province: '浙江' },
    destination: { city: '北京', province: '北京' },
    recipient: fakeSealed('c-1', 'recipient'),
  });
  if (E.isLeft(dispatched)) throw new Error(JSON.stringify(dispatched.left));
  const shipment = () => h.runtime.collection<ShipmentDocument>('tracking', 'shipments').get('s-1');
  const settle = async () => h.runtime.waitFor(await eventStore.headPosition());
  /** Moves carrier time on and hands every push to the shipping service, as the webhook endpoint would. */
  const advance = async (ms: number) => {
    for (const push of carrier.advance(ms)) {
      const handled = await shipping.handleNotification(push);
      if (E.isLeft(handled)) throw new Error(JSON.stringify(handled.left));
    }
    await settle();
  };
  await settle();
  return { carrier, shipment, advance, waybill: dispatched.right.waybill };
};

describe('tracking projection', () => {
  it('shows a parcel shipped at the carrier’s pick-up, though the pushes came newest first', async () => {
    const { carrier, shipment, advance } = await carrierFlow();
    const before = await shipment();
    expect(before && shipmentView(before).shippedAt).toBeNull();
    carrier.setQuirks({ reverse: true });
    await advance(3 * 24 * HOUR);
    const after = await shipment();
    if (!after) throw new Error('no shipment');
    const pickedUp = after.timeline.find((c) => c.code === 'picked_up');
    expect(after.timeline.length).toBeGreaterThan(2);
    expect(shipmentView(after).shippedAt).toBe(pickedUp?.occurredAt);
  });

  it('follows a sandbox parcel from booking to delivery as carrier notifications arrive', async () => {
    const { shipment, advance, carrier, waybill } = await carrierFlow();
    expect(await shipment()).toMatchObject({
      orderId: 'o-1',
      customerId: 'c-1',
      status: 'created',
      waybillNumber: waybill.waybillNumber,
      estimatedDeliveryAt: waybill.estimatedDeliveryAt,
      timeline: [],
    });
    await advance(6 * HOUR);
    const onTheWay = await shipment();
    expect(onTheWay?.status).not.toBe('created');
    expect(onTheWay?.timeline.length).toBeGreaterThan(0);

    carrier.setQuirks({ duplicate: true, reverse: true });
    await advance(7 * 24 * HOUR);
    const done = await shipment();
    expect(done?.status).toBe('delivered');
    expect(done?.deliveredAt).toEqual(expect.any(String));
    // One entry per carrier event, in carrier time, however the pushes arrived.
    expect(done?.timeline.map((e) => e.code)).toEqual(['picked_up', ...Array<string>(7).fill('in_transit'), 'out_for_delivery', 'delivered']);
    const times = done?.timeline.map((e) => e.occurredAt) ?? [];
    expect(times).toEqual([...times].sort());
  });

  it('shows an open exception until the parcel moves on', async () => {
    const { shipment, advance } = await carrierFlow('address_problem');
    await advance(7 * 24 * HOUR);
    expect((await shipment())?.openException).toMatchObject({ kind: 'address_problem' });
  });

  it('gives a parcel heard of before its order to the order’s customer once the order is placed', async () => {
    harness = await readModelHarness(trackingProjections);
    await harness.append(
      step(
        'shipment-s-9',
        [
          {
            type: 'ShipmentCreated',
            data: { shipmentId: 's-9', orderId: 'o-9', carrier: 'sandbox', lines: shipmentLines, origin: { city: '杭州' }, destination: { city: '北京' }, recipient: fakeSealed('c-2'), createdAt: at(0) },
          },
        ],
        at(0),
      ),
    );
    const get = () => harness?.runtime.collection<ShipmentDocument>('tracking', 'shipments').get('s-9');
    expect(await get()).toMatchObject({ customerId: null, status: 'created' });
    await harness.append(step('order-o-9', [orderPlaced('o-9', 'c-2', at(1))], at(1)));
    expect(await get()).toMatchObject({ customerId: 'c-2' });
  });

  it('ignores carrier news for a shipment never created, as the aggregate does', async () => {
    harness = await readModelHarness(trackingProjections);
    await harness.append(
      step('shipment-s-0', [{ type: 'EstimatedDeliveryRevised', data: { shipmentId: 's-0', estimatedDeliveryAt: at(9), asOf: at(1), carrierEventId: 'e-1' } }], at(1)),
    );
    expect(await harness.runtime.collection('tracking', 'shipments').count({})).toBe(0);
  });
});
