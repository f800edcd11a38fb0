import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShopEvent } from '../orders/testing/events.js';
import { at, customer, fakeSealed, orderPlaced, shipmentLines, step } from '../orders/testing/events.js';
import { readModelHarness } from '../testing/harness.js';
import type { ReadModelHarness } from '../testing/harness.js';
import { trackingProjections, trackingQueries } from './index.js';
import type { TrackingQueries } from './index.js';

let harness: ReadModelHarness;
let queries: TrackingQueries;

const created = (shipmentId: string, orderId: string, minute: number): ShopEvent => ({
  type: 'ShipmentCreated',
  data: { shipmentId, orderId, carrier: 'sandbox', lines: shipmentLines, origin: { city: '杭州' }, destination: { city: '北京' }, recipient: fakeSealed('c-1'), createdAt: at(minute) },
});
const waybill = (shipmentId: string, orderId: string, eta: number): ShopEvent => ({
  type: 'WaybillAssigned',
  data: { shipmentId, orderId, carrier: 'sandbox', waybillNumber: `WB-${shipmentId}`, estimatedDeliveryAt: at(eta) },
});
const checkpoint = (shipmentId: string, id: string, code: 'picked_up' | 'in_transit', minute: number): ShopEvent => ({
  type: 'TrackingCheckpointRecorded',
  data: { shipmentId, waybillNumber: `WB-${shipmentId}`, checkpoint: { carrierEventId: id, code, occurredAt: at(minute), location: { city: '上海' }, description: code }, receivedAt: at(minute + 1) },
});

beforeAll(async () => {
  harness = await readModelHarness(trackingProjections);
  await harness.append(step('order-o-1', [orderPlaced('o-1', 'c-1', at(0))], at(0), customer('c-1')));
  await harness.append(step('order-o-2', [orderPlaced('o-2', 'c-2', at(0))], at(0), customer('c-2')));
  // o-1 goes out in two parcels; the second is still on its way when the first is delivered.
  await harness.append(step('shipment-s-1', [created('s-1', 'o-1', 10), waybill('s-1', 'o-1', 3000), checkpoint('s-1', 'e-2', 'in_transit', 200), checkpoint('s-1', 'e-1', 'picked_up', 100)], at(10)));
  await harness.append(step('shipment-s-2', [created('s-2', 'o-1', 20), waybill('s-2', 'o-1', 4000)], at(20)));
  await harness.append(
    step('shipment-s-1', [{ type: 'ShipmentDelivered', data: { shipmentId: 's-1', orderId: 'o-1', lines: shipmentLines, deliveredAt: at(2000), carrierEventId: 'e-9' } }], at(2000)),
  );
  await harness.append(step('shipment-s-3', [created('s-3', 'o-2', 30)], at(30)));
  queries = trackingQueries(harness.runtime);
});
afterAll(() => harness.stop());

const right = <L, R>(either: E.Either<L, R>): R => {
  if (E.isLeft(either)) throw new Error(`expected a right, got ${JSON.stringify(either.left)}`);
  return either.right;
};

describe('tracking queries', () => {
  it('shows a customer the delivery of their order: parcels, timelines, status and estimate', async () => {
    const view = await queries.orderTracking('o-1', { customerId: 'c-1' });
    expect(view).toMatchObject({ orderId: 'o-1', status: 'created', estimatedDeliveryAt: at(4000) });
    expect(view?.shipments.map((s) => [s.shipmentId, s.status, s.estimatedDeliveryAt])).toEqual([
      ['s-1', 'delivered', null],
      ['s-2', 'created', at(4000)],
    ]);
    // Newest first, by the carrier's clock, whatever order the pushes came in.
    expect(view?.shipments[0]?.timeline.map((c) => c.carrierEventId)).toEqual(['e-2', 'e-1']);
    expect(view?.shipments[0]?.timeline[0]).not.toHaveProperty('receivedAt');
  });

  it('says an order awaits shipment before any parcel leaves', async () => {
    await harness.append(step('order-o-3', [orderPlaced('o-3', 'c-1', at(50))], at(50), customer('c-1')));
    expect(await queries.orderTracking('o-3', { customerId: 'c-1' })).toEqual({ orderId: 'o-3', status: 'awaiting_shipment', estimatedDeliveryAt: null, shipments: [] });
  });

  it('customer B cannot track customer A’s order or parcel', async () => {
    expect(await queries.orderTracking('o-1', { customerId: 'c-2' })).toBeNull();
    expect(await queries.shipment('s-1', { customerId: 'c-2' })).toBeNull();
    expect(await queries.orderTracking('unknown', { customerId: 'c-2' })).toBeNull();
    expect(await queries.shipment('s-3', { customerId: 'c-2' })).toMatchObject({ orderId: 'o-2' });
    expect(right(await queries.shipmentsOf('c-2')).items.map((s) => s.shipmentId)).toEqual(['s-3']);
  });

  it('pages a customer’s parcels newest first', async () => {
    const first = right(await queries.shipmentsOf('c-1', { limit: 1 }));
    expect(first.items.map((s) => s.shipmentId)).toEqual(['s-2']);
    const second = right(await queries.shipmentsOf('c-1', { limit: 1, after: first.nextCursor }));
    expect(second.items.map((s) => s.shipmentId)).toEqual(['s-1']);
    expect(second.nextCursor).toBeNull();
    expect(await queries.shipmentsOf('c-1', { after: '???' })).toEqual(E.left({ _tag: 'InvalidCursor' }));
  });

  it('lets staff list parcels by status and read any order’s tracking', async () => {
    expect(right(await queries.admin.shipments()).items.map((s) => s.shipmentId)).toEqual(['s-3', 's-2', 's-1']);
    expect(right(await queries.admin.shipments({ status: 'delivered' })).items.map((s) => s.shipmentId)).toEqual(['s-1']);
    expect((await queries.admin.orderTracking('o-2')).shipments.map((s) => s.shipmentId)).toEqual(['s-3']);
    expect(await queries.admin.shipment('s-2')).toMatchObject({ waybillNumber: 'WB-s-2' });
  });
});
