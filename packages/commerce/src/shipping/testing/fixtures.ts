import type { Sealed } from '../../shared/sealed.js';
import type { ShippingEvent } from '../events.js';
import type { Place, ShipmentLine, TrackingEvent } from '../model.js';

/** An opaque stand-in for a sealed recipient; deciders never open it. */
export const sealedRecipient = (subject = 'user-1'): Sealed => ({ v: 1, subject, keyId: 'k1', iv: 'aXY=', data: 'c2VhbGVk', tag: 'dGFn' });

export const hangzhou: Place = { city: '杭州', province: '浙江' };
export const beijing: Place = { city: '北京', province: '北京' };
export const lines: ShipmentLine[] = [
  { lineId: 'line-1', sku: 'TEA-LONGJING-250G', quantity: 2 },
  { lineId: 'line-2', sku: 'CUP-CELADON', quantity: 1 },
];

export const created = (createdAt = '2026-01-01T00:00:00.000Z'): ShippingEvent => ({
  type: 'ShipmentCreated',
  data: { shipmentId: 's-1', orderId: 'o-1', carrier: 'sandbox', lines, origin: hangzhou, destination: beijing, recipient: sealedRecipient(), createdAt },
});

export const waybill: ShippingEvent = {
  type: 'WaybillAssigned',
  data: { shipmentId: 's-1', orderId: 'o-1', carrier: 'sandbox', waybillNumber: 'SB0000000001', estimatedDeliveryAt: '2026-01-03T00:00:00.000Z' },
};

export const tracking = (
  carrierEventId: string,
  code: TrackingEvent['code'],
  occurredAt: string,
  extra: Partial<TrackingEvent> = {},
): TrackingEvent => ({
  carrierEventId,
  code,
  occurredAt,
  location: { city: '北京', facility: '北京顺义转运中心' },
  description: code,
  ...extra,
});

export const recorded = (checkpoint: TrackingEvent, receivedAt = '2026-01-01T00:00:00.000Z'): ShippingEvent => ({
  type: 'TrackingCheckpointRecorded',
  data: { shipmentId: 's-1', waybillNumber: 'SB0000000001', checkpoint, receivedAt },
});
