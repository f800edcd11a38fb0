import type { DeliveryExceptionKind, ShipmentLine, ShipmentStatus, TrackingCode } from '@shopstream/commerce/shipping';

export type PlaceDocument = { readonly city: string; readonly province?: string; readonly facility?: string };
export type TrackingKeyDocument = { readonly at: string; readonly id: string };

/** One carrier event on a parcel's timeline: when it happened by the carrier's clock, and when we heard of it. */
export type CheckpointDocument = {
  readonly carrierEventId: string;
  readonly code: TrackingCode;
  readonly occurredAt: string;
  readonly location: PlaceDocument;
  readonly description: string;
  readonly exception?: DeliveryExceptionKind;
  readonly estimatedDeliveryAt?: string;
  readonly receivedAt: string;
};

/**
 * A shipment as the shipping aggregate folds it (the same `evolve`, so the read model never disagrees with the
 * domain on status, timeline order or estimate), plus whose order it belongs to.
 */
export type ShipmentDocument = {
  readonly _id: string;
  readonly shipmentId: string;
  readonly orderId: string;
  /** The order's customer; null while the order has not been projected. */
  readonly customerId: string | null;
  readonly status: ShipmentStatus;
  readonly carrier: string;
  readonly lines: readonly ShipmentLine[];
  readonly origin: PlaceDocument;
  readonly destination: PlaceDocument;
  readonly waybillNumber: string | null;
  readonly estimatedDeliveryAt: string | null;
  readonly estimateAsOf: TrackingKeyDocument | null;
  /** Sorted by carrier time, one entry per carrier event id. */
  readonly timeline: readonly CheckpointDocument[];
  readonly openException: { readonly kind: DeliveryExceptionKind; readonly since: TrackingKeyDocument; readonly description: string } | null;
  readonly lastProgress: TrackingKeyDocument | null;
  readonly lastException: TrackingKeyDocument | null;
  readonly deliveredAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
};

/** Who placed each order, so that a customer's tracking queries show only their own parcels. */
export type TrackingOrderDocument = { readonly _id: string; readonly customerId: string };
