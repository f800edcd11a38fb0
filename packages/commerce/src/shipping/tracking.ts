import type { Shipment } from './shipment.js';
import { keyOf } from './shipment.js';
import type { ShippingEvent } from './events.js';
import type { TrackingEvent } from './model.js';
import type { CarrierStatus } from './status.js';
import { isAfter, isFinal, statusOfCode, statusRank } from './status.js';

/** The event that records a shipment moving forward to `target`. */
const advanceTo = (s: Shipment, target: CarrierStatus, event: TrackingEvent): ShippingEvent => {
  const base = { shipmentId: s.shipmentId, orderId: s.orderId, carrierEventId: event.carrierEventId };
  switch (target) {
    case 'delivered':
      return { type: 'ShipmentDelivered', data: { ...base, lines: [...s.lines], deliveredAt: event.occurredAt } };
    case 'returned_to_sender':
      return { type: 'ShipmentReturnedToSender', data: { ...base, lines: [...s.lines], at: event.occurredAt } };
    case 'picked_up':
    case 'in_transit':
    case 'out_for_delivery':
      return { type: 'ShipmentStatusAdvanced', data: { ...base, from: s.status, to: target, at: event.occurredAt } };
  }
};

/** The events one carrier event causes, given the shipment as it stands when it arrives. */
export const consequencesOf = (s: Shipment, waybillNumber: string, event: TrackingEvent, now: Date): ShippingEvent[] => {
  const ids = { shipmentId: s.shipmentId, orderId: s.orderId };
  const recorded: ShippingEvent = {
    type: 'TrackingCheckpointRecorded',
    data: { shipmentId: s.shipmentId, waybillNumber, checkpoint: event, receivedAt: now.toISOString() },
  };
  // After a final status the timeline still grows (late news is still news), but nothing else changes.
  if (isFinal(s.status)) return [recorded];
  const key = keyOf(event);
  const out: ShippingEvent[] = [recorded];

  if (event.code === 'exception') {
    if (event.exception && isAfter(key, s.lastProgress) && isAfter(key, s.lastException)) {
      out.push({
        type: 'DeliveryExceptionRaised',
        data: { ...ids, kind: event.exception, at: event.occurredAt, carrierEventId: event.carrierEventId, description: event.description },
      });
    }
  } else {
    const target = statusOfCode(event.code);
    const advances = target !== null && statusRank[target] > statusRank[s.status];
    const closesException = s.openException !== null && (isAfter(key, s.openException.since) || (advances && target !== null && isFinal(target)));
    if (s.openException && closesException) {
      out.push({
        type: 'DeliveryExceptionResolved',
        data: { ...ids, kind: s.openException.kind, resolution: event.code === 'exception_resolved' ? 'carrier_resolved' : 'carrier_progress', at: event.occurredAt },
      });
    }
    if (target !== null && advances) out.push(advanceTo(s, target, event));
  }
  const finalNow = out.some((e) => e.type === 'ShipmentDelivered' || e.type === 'ShipmentReturnedToSender');
  if (event.estimatedDeliveryAt && !finalNow && isAfter(key, s.estimateAsOf)) {
    out.push({
      type: 'EstimatedDeliveryRevised',
      data: { shipmentId: s.shipmentId, estimatedDeliveryAt: event.estimatedDeliveryAt, asOf: event.occurredAt, carrierEventId: event.carrierEventId },
    });
  }
  return out;
};

