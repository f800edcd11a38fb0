import type { Either } from 'fp-ts/lib/Either.js';
import { z } from 'zod';
import type { Sealed } from '../shared/sealed.js';
import type { Place} from './model.js';
import { Instant, TrackingEvent } from './model.js';

/** What the engine asks a carrier for when it books a parcel. */
export interface WaybillRequest {
  /** Our shipment id. Carriers echo it in every notification, and booking the same reference twice returns the same waybill. */
  readonly reference: string;
  readonly origin: Place;
  readonly destination: Place;
  /**
   * Name, phone and address lines, sealed. An adapter for a real carrier is given the personal-data vault to
   * open it for the label; the sandbox never opens it.
   */
  readonly recipient: Sealed;
  readonly parcels: number;
  readonly weightGrams?: number;
}

export interface Waybill {
  readonly carrier: string;
  readonly waybillNumber: string;
  readonly estimatedDeliveryAt: string;
}

export type CarrierError =
  | { readonly _tag: 'CarrierUnavailable'; readonly carrier: string; readonly reason: string }
  | { readonly _tag: 'AddressUnserviceable'; readonly carrier: string; readonly city: string }
  | { readonly _tag: 'WaybillUnknown'; readonly carrier: string; readonly waybillNumber: string }
  | { readonly _tag: 'WaybillAlreadyPickedUp'; readonly carrier: string; readonly waybillNumber: string };

/** A tracking push as it arrives over HTTP: the raw body and the two headers that authenticate it. */
export interface SignedNotification {
  /** Unix seconds, as sent in the carrier's timestamp header. */
  readonly timestamp: string;
  /** `v1=<hex HMAC-SHA256 of "timestamp.body">`. */
  readonly signature: string;
  /** The raw request body, exactly as received: the signature covers these bytes. */
  readonly body: string;
}

export const TrackingNotification = z.strictObject({
  carrier: z.string().min(1),
  waybillNumber: z.string().min(1),
  /** Our shipment id, echoed from the waybill request. */
  reference: z.string().min(1),
  events: z.array(TrackingEvent).min(1),
  sentAt: Instant,
});
export type TrackingNotification = z.infer<typeof TrackingNotification>;

export type NotificationRejection =
  | { readonly _tag: 'SignatureMissing' }
  | { readonly _tag: 'SignatureInvalid' }
  | { readonly _tag: 'NotificationStale'; readonly timestamp: string; readonly now: string; readonly toleranceSeconds: number }
  | { readonly _tag: 'NotificationMalformed'; readonly issues: readonly string[] };

/**
 * The carrier port: book a waybill, find it by our reference, cancel it before pick-up, and authenticate the carrier's tracking
 * pushes. Implementations are adapters (the sandbox here, SF Express, Cainiao, ...); the shipment aggregate
 * never sees them, only the commands the shipping service derives from them.
 */
export interface Carrier {
  /** The carrier's code as it appears on shipments, e.g. `sandbox`, `sf-express`. */
  readonly code: string;
  /**
   * Books a parcel. Idempotent per `reference`: the same reference again answers the same waybill. A Left means no
   * waybill was issued: an adapter that cannot tell (a timeout) asks the carrier about the reference before answering.
   */
  createWaybill(request: WaybillRequest): Promise<Either<CarrierError, Waybill>>;
  /**
   * The waybill issued for our reference, or null when none was: how a shipment that never recorded its waybill (the
   * write failed after the carrier booked) finds the one to withdraw.
   */
  findWaybill(reference: string): Promise<Either<CarrierError, Waybill | null>>;
  cancelWaybill(waybillNumber: string): Promise<Either<CarrierError, void>>;
  /** Authenticates a push and parses it. `now` is the receiver's clock, for the freshness check. */
  verifyNotification(notification: SignedNotification, now: Date): Either<NotificationRejection, TrackingNotification>;
}
