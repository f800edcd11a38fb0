import { match } from 'ts-pattern';
import type { ShippingEvent } from './events.js';
import type { DeliveryExceptionKind, Place, ShipmentLine, ShipmentStatus, TrackingEvent } from './model.js';
import type { TrackingKey } from './status.js';
import { compareKeys, isAfter } from './status.js';

export interface TimelineEntry extends TrackingEvent {
  /** When the engine heard of it; the timeline itself is ordered by `occurredAt`, the carrier's time. */
  readonly receivedAt: string;
}

export interface OpenException {
  readonly kind: DeliveryExceptionKind;
  readonly since: TrackingKey;
  readonly description: string;
}

export interface Shipment {
  readonly status: ShipmentStatus;
  readonly shipmentId: string;
  readonly orderId: string;
  readonly carrier: string;
  readonly lines: readonly ShipmentLine[];
  readonly origin: Place;
  readonly destination: Place;
  readonly waybillNumber: string | null;
  readonly estimatedDeliveryAt: string | null;
  /** The carrier event the estimate came from; only a later one may revise it. */
  readonly estimateAsOf: TrackingKey | null;
  /** Sorted by carrier time, one entry per carrier event id. */
  readonly timeline: readonly TimelineEntry[];
  readonly openException: OpenException | null;
  /** The latest carrier event that was progress, and the latest that was an exception: older news changes nothing. */
  readonly lastProgress: TrackingKey | null;
  readonly lastException: TrackingKey | null;
  readonly deliveredAt: string | null;
}

export type ShipmentState = { readonly status: 'none' } | Shipment;

export const initialState = (): ShipmentState => ({ status: 'none' });

/**
 * When the carrier first had the parcel: the earliest event of its timeline by the carrier's clock, whatever order
 * the pushes came in. Null while the carrier has reported nothing.
 */
export const firstScanAt = (shipment: Shipment): string | null => shipment.timeline[0]?.occurredAt ?? null;

export const keyOf = (event: TrackingEvent): TrackingKey => ({ at: event.occurredAt, id: event.carrierEventId });

const later = (a: TrackingKey | null, b: TrackingKey): TrackingKey => (isAfter(b, a) ? b : (a ?? b));

const insertIntoTimeline = (timeline: readonly TimelineEntry[], entry: TimelineEntry): readonly TimelineEntry[] => {
  if (timeline.some((e) => e.carrierEventId === entry.carrierEventId)) return timeline;
  const key = keyOf(entry);
  const index = timeline.findIndex((e) => compareKeys(key, keyOf(e)) < 0);
  return index === -1 ? [...timeline, entry] : [...timeline.slice(0, index), entry, ...timeline.slice(index)];
};

/** A final status closes whatever exception was open: the parcel's story is over. */
const finish = (s: Shipment, status: ShipmentStatus): Shipment => ({ ...s, status, openException: null });

export const evolve = (state: ShipmentState, event: ShippingEvent): ShipmentState => {
  if (event.type === 'ShipmentCreated') {
    if (state.status !== 'none') return state;
    const d = event.data;
    return {
      status: 'created',
      shipmentId: d.shipmentId,
      orderId: d.orderId,
      carrier: d.carrier,
      lines: d.lines,
      origin: d.origin,
      destination: d.destination,
      waybillNumber: null,
      estimatedDeliveryAt: null,
      estimateAsOf: null,
      timeline: [],
      openException: null,
      lastProgress: null,
      lastException: null,
      deliveredAt: null,
    };
  }
  if (state.status === 'none') return state;
  const s = state;
  return match(event)
    .with({ type: 'WaybillAssigned' }, ({ data }) => ({ ...s, waybillNumber: data.waybillNumber, estimatedDeliveryAt: data.estimatedDeliveryAt }))
    .with({ type: 'TrackingCheckpointRecorded' }, ({ data }) => {
      const entry: TimelineEntry = { ...data.checkpoint, receivedAt: data.receivedAt };
      const key = keyOf(entry);
      const isException = entry.code === 'exception';
      return {
        ...s,
        timeline: insertIntoTimeline(s.timeline, entry),
        lastProgress: isException ? s.lastProgress : later(s.lastProgress, key),
        lastException: isException ? later(s.lastException, key) : s.lastException,
      };
    })
    .with({ type: 'ShipmentStatusAdvanced' }, ({ data }) => ({ ...s, status: data.to }))
    .with({ type: 'ShipmentDelivered' }, ({ data }) => ({ ...finish(s, 'delivered'), deliveredAt: data.deliveredAt }))
    .with({ type: 'ShipmentReturnedToSender' }, () => finish(s, 'returned_to_sender'))
    .with({ type: 'DeliveryExceptionRaised' }, ({ data }) => ({
      ...s,
      openException: { kind: data.kind, since: { at: data.at, id: data.carrierEventId }, description: data.description },
    }))
    .with({ type: 'DeliveryExceptionResolved' }, () => ({ ...s, openException: null }))
    .with({ type: 'EstimatedDeliveryRevised' }, ({ data }) => ({
      ...s,
      estimatedDeliveryAt: data.estimatedDeliveryAt,
      estimateAsOf: { at: data.asOf, id: data.carrierEventId },
    }))
    .with({ type: 'DeliveryAddressCorrected' }, ({ data }) => ({ ...s, destination: data.destination }))
    .with({ type: 'ShipmentDeclaredLost' }, () => finish(s, 'lost'))
    .with({ type: 'ShipmentCancelled' }, () => finish(s, 'cancelled'))
    .exhaustive();
};

