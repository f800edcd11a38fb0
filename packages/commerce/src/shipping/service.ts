import type { Clock, ConcurrencyConflict, EventStore, HandleOptions, IdGenerator, RecordedEvent } from '@shopstream/kernel';
import { commandHandler, fold, streamName, toEvent } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Carrier, CarrierError, NotificationRejection, SignedNotification, Waybill } from './carrier.js';
import type { CreateShipment } from './commands.js';
import type { Shipment, ShipmentState } from './shipment.js';
import { shipmentDecider } from './decider.js';
import type { ShippingError } from './errors.js';
import type { ShippingEvent } from './events.js';
import { isFinal } from './status.js';

export const shipmentStream = (shipmentId: string): string => streamName('shipment', shipmentId);

export interface ShippingServiceConfig {
  readonly store: EventStore;
  readonly carrier: Carrier;
  readonly clock: Clock;
  readonly ids?: IdGenerator;
}

export type DispatchInput = Omit<CreateShipment, 'type' | 'carrier'> & { readonly weightGrams?: number };
export type DispatchError = ShippingError | CarrierError | ConcurrencyConflict;
export type NotificationError = NotificationRejection | ShippingError | ConcurrencyConflict;

export interface NotificationOutcome {
  readonly shipmentId: string;
  /** Carrier events that were new; 0 for a redelivery. */
  readonly recorded: number;
  readonly events: readonly RecordedEvent[];
  readonly shipment: Shipment;
}

export interface ShippingService {
  /**
   * Opens the shipment and books its waybill. Safe to retry: a retry finds the shipment and the carrier returns the
   * same waybill. A refusal may still leave a waybill with the carrier (it booked, and recording it failed; or an
   * earlier attempt booked it): ask `carrierMayHoldWaybill` before giving up the parcel.
   */
  dispatch(input: DispatchInput, options?: HandleOptions): Promise<E.Either<DispatchError, { readonly shipment: Shipment; readonly waybill: Waybill }>>;
  /**
   * Authenticates a carrier push and records it. Redeliveries and out-of-order pushes are absorbed by the aggregate.
   * The carrier is the actor (`{ kind: 'integration', id: 'carrier:<code>' }`), in the correlation and trace of
   * `options.metadata` (the webhook request that delivered the push).
   */
  handleNotification(notification: SignedNotification, options?: HandleOptions): Promise<E.Either<NotificationError, NotificationOutcome>>;
  /**
   * Cancels with the carrier first, so a parcel already on its way is never marked cancelled, and no waybill is left
   * live for a cancelled shipment (one the shipment never recorded is found by its reference).
   */
  cancel(shipmentId: string, reason: string, options?: HandleOptions): Promise<E.Either<DispatchError, Shipment>>;
  load(shipmentId: string): Promise<ShipmentState>;
  /**
   * Whether the carrier may hold a live waybill for the shipment: the one it recorded, else whatever the carrier
   * answers for our reference. False only when that is known: never opened, cancelled (its waybill withdrawn), or the
   * carrier says it issued none. A carrier that cannot be asked may hold one.
   */
  carrierMayHoldWaybill(shipmentId: string): Promise<boolean>;
}

const asShipment = (state: ShipmentState): Shipment | null => (state.status === 'none' ? null : state);

/** Drives a carrier and the shipment aggregate together through the kernel's command handler. */
export const shippingService = (config: ShippingServiceConfig): ShippingService => {
  const { store, carrier, clock } = config;
  const handle = commandHandler({ store, decider: shipmentDecider, clock, ...(config.ids ? { ids: config.ids } : {}) });

  const load = async (shipmentId: string): Promise<ShipmentState> =>
    fold(shipmentDecider, (await store.readStream(shipmentStream(shipmentId))).map((e) => toEvent<ShippingEvent>(e)));

  return {
    load,

    carrierMayHoldWaybill: async (shipmentId) => {
      const current = asShipment(await load(shipmentId));
      if (current === null || current.status === 'cancelled') return false;
      if (current.waybillNumber !== null) return true;
      const issued = await carrier.findWaybill(shipmentId);
      return E.isLeft(issued) || issued.right !== null;
    },

    dispatch: async (input, options) => {
      const { weightGrams, ...shipment } = input;
      const stream = shipmentStream(input.shipmentId);
      const created = await handle(stream, { type: 'CreateShipment', carrier: carrier.code, ...shipment }, options);
      if (E.isLeft(created) && created.left._tag !== 'ShipmentAlreadyExists') return created;
      const current = asShipment(E.isRight(created) ? created.right.state : await load(input.shipmentId));
      if (!current) return E.left({ _tag: 'ShipmentNotFound', shipmentId: input.shipmentId });
      if (current.waybillNumber !== null && current.estimatedDeliveryAt !== null) {
        return E.right({ shipment: current, waybill: { carrier: current.carrier, waybillNumber: current.waybillNumber, estimatedDeliveryAt: current.estimatedDeliveryAt } });
      }
      // Refused before the carrier is asked: a waybill the shipment could not take would be left with the carrier.
      if (isFinal(current.status)) return E.left({ _tag: 'ShipmentFinished', shipmentId: current.shipmentId, status: current.status });
      if (current.carrier !== carrier.code) return E.left({ _tag: 'CarrierMismatch', shipmentId: current.shipmentId, expected: current.carrier, received: carrier.code });
      const booked = await carrier.createWaybill({
        reference: current.shipmentId,
        origin: current.origin,
        destination: current.destination,
        recipient: input.recipient,
        parcels: 1,
        ...(weightGrams !== undefined ? { weightGrams } : {}),
      });
      if (E.isLeft(booked)) return booked;
      const waybill = booked.right;
      const assigned = await handle(stream, { type: 'AssignWaybill', shipmentId: current.shipmentId, ...waybill }, options);
      if (E.isLeft(assigned)) {
        // Cancelled while the carrier booked it: the waybill is withdrawn too, so no parcel goes out for it.
        if (assigned.left._tag === 'ShipmentFinished') {
          const withdrawn = await carrier.cancelWaybill(waybill.waybillNumber);
          if (E.isLeft(withdrawn)) return withdrawn;
        }
        // Otherwise (the write lost every retry; a fault throws) the carrier keeps the waybill and the same dispatch
        // again records it: the carrier answers the same waybill for the same reference.
        return assigned;
      }
      const shipmentNow = asShipment(assigned.right.state);
      return shipmentNow ? E.right({ shipment: shipmentNow, waybill }) : E.left({ _tag: 'ShipmentNotFound', shipmentId: input.shipmentId });
    },

    handleNotification: async (notification, options) => {
      const verified = carrier.verifyNotification(notification, clock.now());
      if (E.isLeft(verified)) return verified;
      const push = verified.right;
      const handled = await handle(
        shipmentStream(push.reference),
        { type: 'RecordTrackingEvents', shipmentId: push.reference, waybillNumber: push.waybillNumber, events: push.events },
        // The carrier says what happened to the parcel, whoever delivered its word.
        { ...options, metadata: { ...options?.metadata, actor: { kind: 'integration', id: `carrier:${carrier.code}` } } },
      );
      if (E.isLeft(handled)) return handled;
      const shipment = asShipment(handled.right.state);
      if (!shipment) return E.left({ _tag: 'ShipmentNotFound', shipmentId: push.reference });
      return E.right({
        shipmentId: push.reference,
        recorded: handled.right.events.filter((e) => e.type === 'TrackingCheckpointRecorded').length,
        events: handled.right.events,
        shipment,
      });
    },

    cancel: async (shipmentId, reason, options) => {
      const current = asShipment(await load(shipmentId));
      if (!current) return E.left({ _tag: 'ShipmentNotFound', shipmentId });
      if (current.status === 'created') {
        // A waybill the carrier issued may have missed the shipment (its write failed): the carrier knows our reference.
        const issued = current.waybillNumber === null ? await carrier.findWaybill(shipmentId) : E.right({ waybillNumber: current.waybillNumber });
        if (E.isLeft(issued)) return issued;
        if (issued.right !== null) {
          const withdrawn = await carrier.cancelWaybill(issued.right.waybillNumber);
          if (E.isLeft(withdrawn)) return withdrawn;
        }
      }
      const cancelled = await handle(shipmentStream(shipmentId), { type: 'CancelShipment', shipmentId, reason }, options);
      if (E.isLeft(cancelled)) return cancelled;
      const shipment = asShipment(cancelled.right.state);
      return shipment ? E.right(shipment) : E.left({ _tag: 'ShipmentNotFound', shipmentId });
    },
  };
};
