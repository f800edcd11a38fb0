import type { DeliveryExceptionKind, ShipmentStatus } from './model.js';

/** Every way the shipment aggregate refuses a command. */
export type ShippingError =
  | { readonly _tag: 'ShipmentAlreadyExists'; readonly shipmentId: string }
  | { readonly _tag: 'ShipmentNotFound'; readonly shipmentId: string }
  | { readonly _tag: 'InvalidShipmentLines'; readonly shipmentId: string; readonly reason: string }
  | { readonly _tag: 'WaybillAlreadyAssigned'; readonly shipmentId: string; readonly waybillNumber: string }
  | { readonly _tag: 'CarrierMismatch'; readonly shipmentId: string; readonly expected: string; readonly received: string }
  | { readonly _tag: 'WaybillNotAssigned'; readonly shipmentId: string }
  | { readonly _tag: 'WaybillMismatch'; readonly shipmentId: string; readonly expected: string; readonly received: string }
  | { readonly _tag: 'ShipmentFinished'; readonly shipmentId: string; readonly status: ShipmentStatus }
  | { readonly _tag: 'ShipmentAlreadyPickedUp'; readonly shipmentId: string; readonly status: ShipmentStatus }
  | { readonly _tag: 'NotReportedLost'; readonly shipmentId: string; readonly openException: DeliveryExceptionKind | null };

export type ShippingErrorTag = ShippingError['_tag'];
