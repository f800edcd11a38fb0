import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { z } from 'zod';
import { Sealed } from '../shared/sealed.js';
import { DeliveryExceptionKind, Instant, Place, ShipmentLine, ShipmentStatus, TrackingEvent } from './model.js';

const ids = { shipmentId: z.string().min(1), orderId: z.string().min(1) };

export const ShipmentCreated = defineEvent(
  'ShipmentCreated',
  z.strictObject({
    ...ids,
    carrier: z.string().min(1),
    lines: z.array(ShipmentLine).min(1),
    origin: Place,
    destination: Place,
    recipient: Sealed,
    createdAt: Instant,
  }),
);

export const WaybillAssigned = defineEvent(
  'WaybillAssigned',
  z.strictObject({ ...ids, carrier: z.string().min(1), waybillNumber: z.string().min(1), estimatedDeliveryAt: Instant }),
);

/** A carrier event added to the timeline; recorded once per carrier event id, whatever order they arrive in. */
export const TrackingCheckpointRecorded = defineEvent(
  'TrackingCheckpointRecorded',
  z.strictObject({ shipmentId: z.string().min(1), waybillNumber: z.string().min(1), checkpoint: TrackingEvent, receivedAt: Instant }),
);

export const ShipmentStatusAdvanced = defineEvent(
  'ShipmentStatusAdvanced',
  z.strictObject({
    ...ids,
    from: ShipmentStatus,
    to: z.enum(['picked_up', 'in_transit', 'out_for_delivery']),
    at: Instant,
    carrierEventId: z.string().min(1),
  }),
);

/** The fact after-sales windows, reviews and order completion wait for. */
export const ShipmentDelivered = defineEvent(
  'ShipmentDelivered',
  z.strictObject({ ...ids, lines: z.array(ShipmentLine).min(1), deliveredAt: Instant, carrierEventId: z.string().min(1) }),
);

export const ShipmentReturnedToSender = defineEvent(
  'ShipmentReturnedToSender',
  z.strictObject({ ...ids, lines: z.array(ShipmentLine).min(1), at: Instant, carrierEventId: z.string().min(1) }),
);

export const DeliveryExceptionRaised = defineEvent(
  'DeliveryExceptionRaised',
  z.strictObject({ ...ids, kind: DeliveryExceptionKind, at: Instant, carrierEventId: z.string().min(1), description: z.string().max(500) }),
);

export const ExceptionResolution = z.enum(['carrier_progress', 'carrier_resolved', 'address_corrected']);
export type ExceptionResolution = z.infer<typeof ExceptionResolution>;

export const DeliveryExceptionResolved = defineEvent(
  'DeliveryExceptionResolved',
  z.strictObject({ ...ids, kind: DeliveryExceptionKind, resolution: ExceptionResolution, at: Instant }),
);

export const EstimatedDeliveryRevised = defineEvent(
  'EstimatedDeliveryRevised',
  z.strictObject({ shipmentId: z.string().min(1), estimatedDeliveryAt: Instant, asOf: Instant, carrierEventId: z.string().min(1) }),
);

export const DeliveryAddressCorrected = defineEvent(
  'DeliveryAddressCorrected',
  z.strictObject({ ...ids, recipient: Sealed, destination: Place, at: Instant }),
);

export const ShipmentDeclaredLost = defineEvent(
  'ShipmentDeclaredLost',
  z.strictObject({ ...ids, lines: z.array(ShipmentLine).min(1), reason: z.string().min(1).max(500), at: Instant }),
);

export const ShipmentCancelled = defineEvent(
  'ShipmentCancelled',
  z.strictObject({ ...ids, lines: z.array(ShipmentLine).min(1), reason: z.string().min(1).max(500), at: Instant }),
);

export const shippingEvents = [
  ShipmentCreated,
  WaybillAssigned,
  TrackingCheckpointRecorded,
  ShipmentStatusAdvanced,
  ShipmentDelivered,
  ShipmentReturnedToSender,
  DeliveryExceptionRaised,
  DeliveryExceptionResolved,
  EstimatedDeliveryRevised,
  DeliveryAddressCorrected,
  ShipmentDeclaredLost,
  ShipmentCancelled,
] as const;

export type ShippingEvent = EventOf<(typeof shippingEvents)[number]>;
export type ShippingEventType = ShippingEvent['type'];
