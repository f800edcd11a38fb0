import type { NotificationOutcome, Place, Shipment, SignedNotification, Waybill } from '@shopstream/commerce/shipping';
import type { CallOptions, Outcome } from '../call.js';
import type { Viewer } from '../orders/api.js';

export interface ShipOrderInput {
  /** Chosen by the caller to make a retried shipment idempotent; a new UUID otherwise. */
  readonly shipmentId?: string;
  /** Which units go in this parcel; default every unit not shipped yet. */
  readonly lines?: readonly { readonly lineId: string; readonly quantity: number }[];
  /** Default: the shop's warehouse. */
  readonly origin?: Place;
  readonly weightGrams?: number;
}

export interface ShippingFacade {
  /** shipOrder: books a waybill with the carrier for a paid order. */
  shipOrder(orderId: string, input?: ShipOrderInput, options?: CallOptions): Outcome<{ readonly shipment: Shipment; readonly waybill: Waybill }>;
  /** carrierWebhook */
  handleNotification(notification: SignedNotification, options?: CallOptions): Outcome<NotificationOutcome>;
  cancelShipment(shipmentId: string, reason: string, options?: CallOptions): Outcome<Shipment>;
  shipment(shipmentId: string): Promise<Shipment | null>;
}

/** Where an order's parcels are. */
export interface TrackingFacade {
  /** getShipmentTracking: every shipment of the order with its timeline; null when the order is not the viewer's. */
  forOrder(orderId: string, viewer?: Viewer): Promise<readonly Shipment[] | null>;
}
