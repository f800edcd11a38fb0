import { z } from 'zod';

/** An instant as carriers and the engine exchange it: ISO 8601 in UTC, so that strings compare as times. */
export const Instant = z.iso.datetime();
export type Instant = z.infer<typeof Instant>;

/** What a shipment carries: order lines and how many units of each (a partial shipment carries fewer). */
export const ShipmentLine = z.strictObject({
  lineId: z.string().min(1),
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
});
export type ShipmentLine = z.infer<typeof ShipmentLine>;

/**
 * A place on a parcel's route. Deliberately no street or name: the recipient's address is personal data and
 * travels sealed; the city is what tracking pages and reports need.
 */
export const Place = z.strictObject({
  city: z.string().min(1).max(64),
  province: z.string().min(1).max(64).optional(),
  facility: z.string().min(1).max(128).optional(),
});
export type Place = z.infer<typeof Place>;

/** What a carrier says happened to a parcel. */
export const TrackingCode = z.enum([
  'picked_up',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'exception',
  'exception_resolved',
  'returned_to_sender',
]);
export type TrackingCode = z.infer<typeof TrackingCode>;

/** Recoverable problems on the way. A parcel that goes back to the merchant is `returned_to_sender`, a code of its own. */
export const DeliveryExceptionKind = z.enum(['address_problem', 'damaged', 'lost', 'delivery_attempt_failed', 'refused']);
export type DeliveryExceptionKind = z.infer<typeof DeliveryExceptionKind>;

/** One entry of a carrier's tracking feed. `carrierEventId` is the carrier's own id, used to drop redeliveries. */
export const TrackingEvent = z
  .strictObject({
    carrierEventId: z.string().min(1).max(128),
    code: TrackingCode,
    /** When it happened, by the carrier's clock (not when we heard of it). */
    occurredAt: Instant,
    location: Place,
    description: z.string().max(500),
    exception: DeliveryExceptionKind.optional(),
    /** The carrier's current promise, when this event revises it. */
    estimatedDeliveryAt: Instant.optional(),
  })
  .refine((e) => (e.code === 'exception') === (e.exception !== undefined), {
    message: 'an exception event names its kind, and only an exception event does',
    path: ['exception'],
  });
export type TrackingEvent = z.infer<typeof TrackingEvent>;

/** Where a shipment stands. `created` to `delivered` is the way forward; the last four are final. */
export const ShipmentStatus = z.enum([
  'created',
  'picked_up',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'returned_to_sender',
  'lost',
  'cancelled',
]);
export type ShipmentStatus = z.infer<typeof ShipmentStatus>;
