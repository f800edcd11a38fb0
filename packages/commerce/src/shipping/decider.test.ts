import { deciderSpecification } from '@shopstream/kernel/testing';
import { fold } from '@shopstream/kernel';
import { describe, expect, it } from 'vitest';
import { shipmentDecider } from './decider.js';
import type { ShippingEvent } from './events.js';
import { beijing, created, hangzhou, lines, recorded, sealedRecipient, tracking, waybill } from './testing/fixtures.js';

const spec = deciderSpecification(shipmentDecider);
const now = new Date('2026-01-01T00:00:00.000Z');
const T = (h: number): string => new Date(Date.parse('2026-01-01T00:00:00.000Z') + h * 3_600_000).toISOString();
const ids = { shipmentId: 's-1', orderId: 'o-1' };
const record = (...events: ReturnType<typeof tracking>[]) => ({ type: 'RecordTrackingEvents' as const, shipmentId: 's-1', waybillNumber: 'SB0000000001', events });
const pickedUp = tracking('e1', 'picked_up', T(2));
const atHub = tracking('e2', 'in_transit', T(5));
const outForDelivery = tracking('e3', 'out_for_delivery', T(20));
const delivered = tracking('e4', 'delivered', T(23));
const advanced = (from: string, to: 'picked_up' | 'in_transit' | 'out_for_delivery', e: ReturnType<typeof tracking>): ShippingEvent => ({
  type: 'ShipmentStatusAdvanced',
  data: { ...ids, from: from as 'created', to, at: e.occurredAt, carrierEventId: e.carrierEventId },
});
const lostReport = tracking('x1', 'exception', T(8), { exception: 'lost', description: '查找中' });
const addressReport = tracking('x2', 'exception', T(21), { exception: 'address_problem', description: '地址不详' });

describe('CreateShipment', () => {
  const command = { type: 'CreateShipment' as const, shipmentId: 's-1', orderId: 'o-1', carrier: 'sandbox', lines, origin: hangzhou, destination: beijing, recipient: sealedRecipient() };

  it('opens a shipment for the lines it carries', () => {
    spec.given([]).when(command, { now }).then([created()]);
  });

  it('refuses a second shipment on the same stream', () => {
    spec.given([created()]).when(command).thenFails('ShipmentAlreadyExists', { shipmentId: 's-1' });
  });

  it('refuses a line listed twice', () => {
    spec.given([]).when({ ...command, lines: [lines[0], lines[0]] as typeof lines }).thenFails('InvalidShipmentLines');
  });

  it('refuses a line shipping no units', () => {
    spec.given([]).when({ ...command, lines: [{ lineId: 'l', sku: 'x', quantity: 0 }] }).thenFails('InvalidShipmentLines');
  });
});

describe('AssignWaybill', () => {
  const command = { type: 'AssignWaybill' as const, shipmentId: 's-1', carrier: 'sandbox', waybillNumber: 'SB0000000001', estimatedDeliveryAt: '2026-01-03T00:00:00.000Z' };

  it('records the waybill and the promised delivery', () => {
    spec.given([created()]).when(command).then([waybill]);
  });

  it('is a no-op when the same waybill is assigned again (a retried booking)', () => {
    spec.given([created(), waybill]).when(command).then([]);
  });

  it('refuses a different waybill once one is assigned', () => {
    spec.given([created(), waybill]).when({ ...command, waybillNumber: 'SB9' }).thenFails('WaybillAlreadyAssigned', { waybillNumber: 'SB0000000001' });
  });

  it('refuses another carrier than the shipment was opened for', () => {
    spec.given([created()]).when({ ...command, carrier: 'sf-express' }).thenFails('CarrierMismatch', { expected: 'sandbox', received: 'sf-express' });
  });

  it('refuses an unknown shipment', () => {
    spec.given([]).when(command).thenFails('ShipmentNotFound', { shipmentId: 's-1' });
  });

  it('refuses a cancelled shipment', () => {
    spec
      .given([created(), { type: 'ShipmentCancelled', data: { ...ids, lines, reason: 'customer cancelled', at: T(1) } }])
      .when(command)
      .thenFails('ShipmentFinished', { status: 'cancelled' });
  });
});

describe('RecordTrackingEvents', () => {
  const base = [created(), waybill];

  it('records a checkpoint and advances the status', () => {
    spec.given(base).when(record(pickedUp), { now }).then([recorded(pickedUp), advanced('created', 'picked_up', pickedUp)]);
  });

  it('ignores a carrier event it already has (redelivery)', () => {
    spec.given([...base, recorded(pickedUp), advanced('created', 'picked_up', pickedUp)]).when(record(pickedUp)).then([]);
  });

  it('ignores a repeat inside one batch', () => {
    spec.given(base).when(record(pickedUp, pickedUp), { now }).then([recorded(pickedUp), advanced('created', 'picked_up', pickedUp)]);
  });

  it('records an older event arriving late without moving the status back', () => {
    spec
      .given([...base, recorded(outForDelivery), advanced('created', 'out_for_delivery', outForDelivery)])
      .when(record(atHub), { now })
      .then([recorded(atHub)]);
  });

  it('delivers with the lines the shipment carried', () => {
    spec
      .given([...base, recorded(outForDelivery), advanced('created', 'out_for_delivery', outForDelivery)])
      .when(record(delivered), { now })
      .then([recorded(delivered), { type: 'ShipmentDelivered', data: { ...ids, lines, deliveredAt: delivered.occurredAt, carrierEventId: 'e4' } }]);
  });

  it('only adds late news to the timeline of a delivered shipment', () => {
    const late = tracking('x9', 'exception', T(30), { exception: 'damaged' });
    const history = [...base, recorded(delivered), { type: 'ShipmentDelivered', data: { ...ids, lines, deliveredAt: delivered.occurredAt, carrierEventId: 'e4' } } as ShippingEvent];
    spec.given(history).when(record(late), { now }).then([recorded(late)]);
  });

  it('raises an exception the carrier reports', () => {
    spec
      .given([...base, recorded(atHub), advanced('created', 'in_transit', atHub)])
      .when(record(lostReport), { now })
      .then([recorded(lostReport), { type: 'DeliveryExceptionRaised', data: { ...ids, kind: 'lost', at: lostReport.occurredAt, carrierEventId: 'x1', description: '查找中' } }]);
  });

  it('does not raise an exception older than the latest progress', () => {
    const stale = tracking('x0', 'exception', T(3), { exception: 'damaged' });
    spec.given([...base, recorded(atHub), advanced('created', 'in_transit', atHub)]).when(record(stale), { now }).then([recorded(stale)]);
  });

  it('resolves an open exception on later progress', () => {
    const found = tracking('e5', 'exception_resolved', T(12));
    const history = [
      ...base,
      recorded(atHub),
      advanced('created', 'in_transit', atHub),
      recorded(lostReport),
      { type: 'DeliveryExceptionRaised', data: { ...ids, kind: 'lost', at: lostReport.occurredAt, carrierEventId: 'x1', description: '查找中' } } as ShippingEvent,
    ];
    spec
      .given(history)
      .when(record(found), { now })
      .then([recorded(found), { type: 'DeliveryExceptionResolved', data: { ...ids, kind: 'lost', resolution: 'carrier_resolved', at: found.occurredAt } }]);
  });

  it('revises the estimate from a newer carrier promise only', () => {
    const revised = tracking('e6', 'in_transit', T(6), { estimatedDeliveryAt: T(40) });
    spec
      .given([...base, recorded(atHub), advanced('created', 'in_transit', atHub)])
      .when(record(revised), { now })
      .then([recorded(revised), { type: 'EstimatedDeliveryRevised', data: { shipmentId: 's-1', estimatedDeliveryAt: T(40), asOf: T(6), carrierEventId: 'e6' } }]);
    const older = tracking('e7', 'in_transit', T(5.5), { estimatedDeliveryAt: T(30) });
    const afterRevision: ShippingEvent[] = [
      ...base,
      recorded(revised),
      { type: 'EstimatedDeliveryRevised', data: { shipmentId: 's-1', estimatedDeliveryAt: T(40), asOf: T(6), carrierEventId: 'e6' } },
    ];
    expect(spec.given(afterRevision).when(record(older), { now }).decision()).toEqual({ _tag: 'Right', right: [recorded(older), advanced('created', 'in_transit', older)] });
  });

  it('refuses events before a waybill is assigned', () => {
    spec.given([created()]).when(record(pickedUp)).thenFails('WaybillNotAssigned');
  });

  it('refuses events for another waybill', () => {
    spec.given(base).when({ ...record(pickedUp), waybillNumber: 'SB2' }).thenFails('WaybillMismatch', { expected: 'SB0000000001', received: 'SB2' });
  });

  it('refuses an unknown shipment', () => {
    spec.given([]).when(record(pickedUp)).thenFails('ShipmentNotFound');
  });

  it('keeps the timeline in carrier order whatever the arrival order', () => {
    const state = fold(shipmentDecider, [...base, recorded(delivered), recorded(pickedUp), recorded(atHub), recorded(atHub)]);
    expect(state.status !== 'none' && state.timeline.map((e) => e.carrierEventId)).toEqual(['e1', 'e2', 'e4']);
  });
});

describe('CorrectDeliveryAddress', () => {
  const command = { type: 'CorrectDeliveryAddress' as const, shipmentId: 's-1', recipient: sealedRecipient(), destination: { city: '天津' } };
  const corrected: ShippingEvent = { type: 'DeliveryAddressCorrected', data: { ...ids, recipient: sealedRecipient(), destination: { city: '天津' }, at: now.toISOString() } };

  it('corrects the address and resolves an address problem', () => {
    const history = [
      created(),
      waybill,
      recorded(addressReport),
      { type: 'DeliveryExceptionRaised', data: { ...ids, kind: 'address_problem', at: addressReport.occurredAt, carrierEventId: 'x2', description: '地址不详' } } as ShippingEvent,
    ];
    spec
      .given(history)
      .when(command, { now })
      .then([corrected, { type: 'DeliveryExceptionResolved', data: { ...ids, kind: 'address_problem', resolution: 'address_corrected', at: now.toISOString() } }]);
  });

  it('corrects the address before pick-up without resolving anything', () => {
    spec.given([created()]).when(command, { now }).then([corrected]);
  });

  it('refuses once the shipment is delivered', () => {
    spec
      .given([created(), waybill, { type: 'ShipmentDelivered', data: { ...ids, lines, deliveredAt: T(23), carrierEventId: 'e4' } }])
      .when(command)
      .thenFails('ShipmentFinished', { status: 'delivered' });
  });

  it('refuses an unknown shipment', () => {
    spec.given([]).when(command).thenFails('ShipmentNotFound');
  });
});

describe('DeclareShipmentLost', () => {
  const command = { type: 'DeclareShipmentLost' as const, shipmentId: 's-1', reason: 'carrier could not find it in 7 days' };
  const raisedLost: ShippingEvent = { type: 'DeliveryExceptionRaised', data: { ...ids, kind: 'lost', at: T(8), carrierEventId: 'x1', description: '查找中' } };

  it('declares a parcel the carrier reported lost', () => {
    spec
      .given([created(), waybill, raisedLost])
      .when(command, { now })
      .then([{ type: 'ShipmentDeclaredLost', data: { ...ids, lines, reason: command.reason, at: now.toISOString() } }]);
  });

  it('refuses when the carrier has not reported it lost', () => {
    spec.given([created(), waybill]).when(command).thenFails('NotReportedLost', { openException: null });
  });

  it('refuses when the open exception is of another kind', () => {
    spec
      .given([created(), waybill, { type: 'DeliveryExceptionRaised', data: { ...ids, kind: 'damaged', at: T(8), carrierEventId: 'x1', description: '破损' } }])
      .when(command)
      .thenFails('NotReportedLost', { openException: 'damaged' });
  });

  it('refuses a shipment already declared lost', () => {
    spec
      .given([created(), waybill, raisedLost, { type: 'ShipmentDeclaredLost', data: { ...ids, lines, reason: 'x', at: T(9) } }])
      .when(command)
      .thenFails('ShipmentFinished', { status: 'lost' });
  });

  it('refuses an unknown shipment', () => {
    spec.given([]).when(command).thenFails('ShipmentNotFound');
  });
});

describe('CancelShipment', () => {
  const command = { type: 'CancelShipment' as const, shipmentId: 's-1', reason: 'order cancelled' };

  it('cancels a shipment not yet picked up', () => {
    spec.given([created(), waybill]).when(command, { now }).then([{ type: 'ShipmentCancelled', data: { ...ids, lines, reason: 'order cancelled', at: now.toISOString() } }]);
  });

  it('refuses once the carrier has the parcel', () => {
    spec.given([created(), waybill, advanced('created', 'picked_up', pickedUp)]).when(command).thenFails('ShipmentAlreadyPickedUp', { status: 'picked_up' });
  });

  it('refuses a shipment cancelled already', () => {
    spec.given([created(), { type: 'ShipmentCancelled', data: { ...ids, lines, reason: 'x', at: T(1) } }]).when(command).thenFails('ShipmentFinished');
  });

  it('refuses an unknown shipment', () => {
    spec.given([]).when(command).thenFails('ShipmentNotFound');
  });
});
