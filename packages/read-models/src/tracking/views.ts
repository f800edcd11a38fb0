import { finalStatuses, firstScanAt, statusRank } from '@shopstream/commerce/shipping';
import type { DeliveryExceptionKind, ShipmentLine, ShipmentStatus } from '@shopstream/commerce/shipping';
import type { CheckpointDocument, PlaceDocument, ShipmentDocument } from './documents.js';

export type CheckpointView = Omit<CheckpointDocument, 'receivedAt'>;

/** A parcel as a tracking page shows it. */
export interface ShipmentView {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly carrier: string;
  readonly waybillNumber: string | null;
  readonly status: ShipmentStatus;
  readonly lines: readonly ShipmentLine[];
  readonly origin: PlaceDocument;
  readonly destination: PlaceDocument;
  /** The carrier's current promise; null once the parcel's journey is over or before a waybill. */
  readonly estimatedDeliveryAt: string | null;
  /** When the carrier first scanned the parcel, by its clock: the time the order counts it shipped. Null before. */
  readonly shippedAt: string | null;
  readonly deliveredAt: string | null;
  readonly openException: { readonly kind: DeliveryExceptionKind; readonly since: string; readonly description: string } | null;
  /** Carrier events, newest first by the carrier's clock. */
  readonly timeline: readonly CheckpointView[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An order's delivery as a whole. */
export interface OrderTrackingView {
  readonly orderId: string;
  /**
   * Where the order's goods stand: `awaiting_shipment` before any parcel, else the least advanced status of its
   * parcels that were not cancelled (all cancelled: `cancelled`).
   */
  readonly status: ShipmentStatus | 'awaiting_shipment';
  /** The latest estimate among parcels still on their way; null when none is. */
  readonly estimatedDeliveryAt: string | null;
  /** Oldest parcel first. */
  readonly shipments: readonly ShipmentView[];
}

export const shipmentView = (s: ShipmentDocument): ShipmentView => ({
  shipmentId: s.shipmentId,
  orderId: s.orderId,
  carrier: s.carrier,
  waybillNumber: s.waybillNumber,
  status: s.status,
  lines: s.lines,
  origin: s.origin,
  destination: s.destination,
  estimatedDeliveryAt: finalStatuses.includes(s.status) ? null : s.estimatedDeliveryAt,
  shippedAt: firstScanAt(s),
  deliveredAt: s.deliveredAt,
  openException: s.openException === null ? null : { kind: s.openException.kind, since: s.openException.since.at, description: s.openException.description },
  timeline: [...s.timeline].reverse().map(({ receivedAt: _received, ...checkpoint }) => checkpoint),
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

const latest = (instants: readonly string[]): string | null => instants.reduce<string | null>((max, at) => (max === null || at > max ? at : max), null);

export const orderTrackingView = (orderId: string, shipments: readonly ShipmentDocument[]): OrderTrackingView => {
  const views = shipments.map(shipmentView);
  const live = views.filter((s) => s.status !== 'cancelled');
  const least = live.reduce<ShipmentView | null>((min, s) => (min === null || statusRank[s.status] < statusRank[min.status] ? s : min), null);
  return {
    orderId,
    status: views.length === 0 ? 'awaiting_shipment' : (least?.status ?? 'cancelled'),
    estimatedDeliveryAt: latest(views.flatMap((s) => (s.estimatedDeliveryAt === null ? [] : [s.estimatedDeliveryAt]))),
    shipments: views,
  };
};
