import { z } from 'zod';
import { Sealed } from '../shared/sealed.js';
import { Place, ShipmentLine, TrackingEvent } from './model.js';

const shipmentId = z.string().min(1);

/** Open a shipment for some (or all) of an order's lines; several per order make a partial shipment. */
export const CreateShipment = z.strictObject({
  type: z.literal('CreateShipment'),
  shipmentId,
  orderId: z.string().min(1),
  carrier: z.string().min(1),
  lines: z.array(ShipmentLine).min(1),
  origin: Place,
  destination: Place,
  recipient: Sealed,
});

/** Record the waybill the carrier issued for the shipment. */
export const AssignWaybill = z.strictObject({
  type: z.literal('AssignWaybill'),
  shipmentId,
  carrier: z.string().min(1),
  waybillNumber: z.string().min(1),
  estimatedDeliveryAt: z.iso.datetime(),
});

/** Carrier events from a verified notification, in whatever order and as often as the carrier sent them. */
export const RecordTrackingEvents = z.strictObject({
  type: z.literal('RecordTrackingEvents'),
  shipmentId,
  waybillNumber: z.string().min(1),
  events: z.array(TrackingEvent).min(1),
});

/** The merchant fixes the address after the carrier reported a problem with it (or before pick-up). */
export const CorrectDeliveryAddress = z.strictObject({
  type: z.literal('CorrectDeliveryAddress'),
  shipmentId,
  recipient: Sealed,
  destination: Place,
});

/** The merchant gives up on a parcel the carrier reported lost, so the order can be reshipped or refunded. */
export const DeclareShipmentLost = z.strictObject({
  type: z.literal('DeclareShipmentLost'),
  shipmentId,
  reason: z.string().trim().min(1).max(500),
});

/** Withdraw a shipment the carrier has not picked up yet. */
export const CancelShipment = z.strictObject({
  type: z.literal('CancelShipment'),
  shipmentId,
  reason: z.string().trim().min(1).max(500),
});

export const ShippingCommand = z.discriminatedUnion('type', [
  CreateShipment,
  AssignWaybill,
  RecordTrackingEvents,
  CorrectDeliveryAddress,
  DeclareShipmentLost,
  CancelShipment,
]);
export type ShippingCommand = z.infer<typeof ShippingCommand>;
export type CreateShipment = z.infer<typeof CreateShipment>;
export type AssignWaybill = z.infer<typeof AssignWaybill>;
export type RecordTrackingEvents = z.infer<typeof RecordTrackingEvents>;
export type CorrectDeliveryAddress = z.infer<typeof CorrectDeliveryAddress>;
export type DeclareShipmentLost = z.infer<typeof DeclareShipmentLost>;
export type CancelShipment = z.infer<typeof CancelShipment>;
