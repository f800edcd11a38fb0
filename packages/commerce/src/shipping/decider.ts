import type { Decider } from '@shopstream/kernel';
import * as E from 'fp-ts/Either';
import { match } from 'ts-pattern';
import type { ShippingCommand } from './commands.js';
import type { ShippingError } from './errors.js';
import type { ShippingEvent } from './events.js';
import type { DeliveryExceptionKind, Place, ShipmentLine, ShipmentStatus, TrackingEvent } from './model.js';
import type { CarrierStatus, TrackingKey } from './status.js';
import { compareKeys, isAfter, isFinal, statusOfCode, statusRank } from './status.js';

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

const initialState = (): ShipmentState => ({ status: 'none' });

const keyOf = (event: TrackingEvent): TrackingKey => ({ at: event.occurredAt, id: event.carrierEventId });

const later = (a: TrackingKey | null, b: TrackingKey): TrackingKey => (isAfter(b, a) ? b : (a ?? b));

const insertIntoTimeline = (timeline: readonly TimelineEntry[], entry: TimelineEntry): readonly TimelineEntry[] => {
  if (timeline.some((e) => e.carrierEventId === entry.carrierEventId)) return timeline;
  const key = keyOf(entry);
  const index = timeline.findIndex((e) => compareKeys(key, keyOf(e)) < 0);
  return index === -1 ? [...timeline, entry] : [...timeline.slice(0, index), entry, ...timeline.slice(index)];
};

/** A final status closes whatever exception was open: the parcel's story is over. */
const finish = (s: Shipment, status: ShipmentStatus): Shipment => ({ ...s, status, openException: null });

const evolve = (state: ShipmentState, event: ShippingEvent): ShipmentState => {
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

type Decision = E.Either<ShippingError, readonly ShippingEvent[]>;

const existing = (state: ShipmentState, shipmentId: string): E.Either<ShippingError, Shipment> =>
  state.status === 'none' || state.shipmentId !== shipmentId ? E.left({ _tag: 'ShipmentNotFound', shipmentId }) : E.right(state);

const notFinished = (s: Shipment): E.Either<ShippingError, Shipment> =>
  isFinal(s.status) ? E.left({ _tag: 'ShipmentFinished', shipmentId: s.shipmentId, status: s.status }) : E.right(s);

/** The event that records a shipment moving forward to `target`. */
const advanceTo = (s: Shipment, target: CarrierStatus, event: TrackingEvent): ShippingEvent => {
  const base = { shipmentId: s.shipmentId, orderId: s.orderId, carrierEventId: event.carrierEventId };
  switch (target) {
    case 'delivered':
      return { type: 'ShipmentDelivered', data: { ...base, lines: [...s.lines], deliveredAt: event.occurredAt } };
    case 'returned_to_sender':
      return { type: 'ShipmentReturnedToSender', data: { ...base, lines: [...s.lines], at: event.occurredAt } };
    case 'picked_up':
    case 'in_transit':
    case 'out_for_delivery':
      return { type: 'ShipmentStatusAdvanced', data: { ...base, from: s.status, to: target, at: event.occurredAt } };
  }
};

/** The events one carrier event causes, given the shipment as it stands when it arrives. */
const consequencesOf = (s: Shipment, event: TrackingEvent, now: Date): ShippingEvent[] => {
  const ids = { shipmentId: s.shipmentId, orderId: s.orderId };
  const recorded: ShippingEvent = {
    type: 'TrackingCheckpointRecorded',
    data: { shipmentId: s.shipmentId, waybillNumber: s.waybillNumber ?? '', checkpoint: event, receivedAt: now.toISOString() },
  };
  // After a final status the timeline still grows (late news is still news), but nothing else changes.
  if (isFinal(s.status)) return [recorded];
  const key = keyOf(event);
  const out: ShippingEvent[] = [recorded];

  if (event.code === 'exception') {
    if (event.exception && isAfter(key, s.lastProgress) && isAfter(key, s.lastException)) {
      out.push({
        type: 'DeliveryExceptionRaised',
        data: { ...ids, kind: event.exception, at: event.occurredAt, carrierEventId: event.carrierEventId, description: event.description },
      });
    }
  } else {
    const target = statusOfCode(event.code);
    const advances = target !== null && statusRank[target] > statusRank[s.status];
    const closesException = s.openException !== null && (isAfter(key, s.openException.since) || (advances && target !== null && isFinal(target)));
    if (s.openException && closesException) {
      out.push({
        type: 'DeliveryExceptionResolved',
        data: { ...ids, kind: s.openException.kind, resolution: event.code === 'exception_resolved' ? 'carrier_resolved' : 'carrier_progress', at: event.occurredAt },
      });
    }
    if (target !== null && advances) out.push(advanceTo(s, target, event));
  }
  const finalNow = out.some((e) => e.type === 'ShipmentDelivered' || e.type === 'ShipmentReturnedToSender');
  if (event.estimatedDeliveryAt && !finalNow && isAfter(key, s.estimateAsOf)) {
    out.push({
      type: 'EstimatedDeliveryRevised',
      data: { shipmentId: s.shipmentId, estimatedDeliveryAt: event.estimatedDeliveryAt, asOf: event.occurredAt, carrierEventId: event.carrierEventId },
    });
  }
  return out;
};

const decide = (command: ShippingCommand, state: ShipmentState, { now }: { now: Date }): Decision =>
  match(command)
    .with({ type: 'CreateShipment' }, (c): Decision => {
      if (state.status !== 'none') return E.left({ _tag: 'ShipmentAlreadyExists', shipmentId: c.shipmentId });
      const lineIds = new Set(c.lines.map((l) => l.lineId));
      if (lineIds.size !== c.lines.length) {
        return E.left({ _tag: 'InvalidShipmentLines', shipmentId: c.shipmentId, reason: 'a line appears more than once' });
      }
      if (c.lines.some((l) => !Number.isInteger(l.quantity) || l.quantity <= 0)) {
        return E.left({ _tag: 'InvalidShipmentLines', shipmentId: c.shipmentId, reason: 'every line ships a positive whole quantity' });
      }
      return E.right([
        {
          type: 'ShipmentCreated',
          data: {
            shipmentId: c.shipmentId,
            orderId: c.orderId,
            carrier: c.carrier,
            lines: c.lines,
            origin: c.origin,
            destination: c.destination,
            recipient: c.recipient,
            createdAt: now.toISOString(),
          },
        },
      ]);
    })
    .with({ type: 'AssignWaybill' }, (c): Decision =>
      E.flatMap(existing(state, c.shipmentId), (s): Decision => {
        // The same waybill again is a retry of a call that already succeeded.
        if (s.waybillNumber === c.waybillNumber && s.carrier === c.carrier) return E.right([]);
        if (s.waybillNumber !== null) return E.left({ _tag: 'WaybillAlreadyAssigned', shipmentId: s.shipmentId, waybillNumber: s.waybillNumber });
        if (isFinal(s.status)) return E.left({ _tag: 'ShipmentFinished', shipmentId: s.shipmentId, status: s.status });
        if (c.carrier !== s.carrier) return E.left({ _tag: 'CarrierMismatch', shipmentId: s.shipmentId, expected: s.carrier, received: c.carrier });
        return E.right([
          {
            type: 'WaybillAssigned',
            data: { shipmentId: s.shipmentId, orderId: s.orderId, carrier: c.carrier, waybillNumber: c.waybillNumber, estimatedDeliveryAt: c.estimatedDeliveryAt },
          },
        ]);
      }),
    )
    .with({ type: 'RecordTrackingEvents' }, (c): Decision =>
      E.flatMap(existing(state, c.shipmentId), (s): Decision => {
        if (s.waybillNumber === null) return E.left({ _tag: 'WaybillNotAssigned', shipmentId: s.shipmentId });
        if (s.waybillNumber !== c.waybillNumber) {
          return E.left({ _tag: 'WaybillMismatch', shipmentId: s.shipmentId, expected: s.waybillNumber, received: c.waybillNumber });
        }
        // Each carrier event is decided on the state the ones before it left, so a batch behaves like single deliveries.
        const out: ShippingEvent[] = [];
        let working: ShipmentState = s;
        for (const event of c.events) {
          if (working.status === 'none' || working.timeline.some((e) => e.carrierEventId === event.carrierEventId)) continue;
          const produced = consequencesOf(working, event, now);
          for (const e of produced) working = evolve(working, e);
          out.push(...produced);
        }
        return E.right(out);
      }),
    )
    .with({ type: 'CorrectDeliveryAddress' }, (c): Decision =>
      E.flatMap(E.flatMap(existing(state, c.shipmentId), notFinished), (s): Decision => {
        const at = now.toISOString();
        const ids = { shipmentId: s.shipmentId, orderId: s.orderId };
        const corrected: ShippingEvent = { type: 'DeliveryAddressCorrected', data: { ...ids, recipient: c.recipient, destination: c.destination, at } };
        return E.right(
          s.openException?.kind === 'address_problem'
            ? [corrected, { type: 'DeliveryExceptionResolved', data: { ...ids, kind: 'address_problem', resolution: 'address_corrected', at } }]
            : [corrected],
        );
      }),
    )
    .with({ type: 'DeclareShipmentLost' }, (c): Decision =>
      E.flatMap(E.flatMap(existing(state, c.shipmentId), notFinished), (s): Decision =>
        s.openException?.kind !== 'lost'
          ? E.left({ _tag: 'NotReportedLost', shipmentId: s.shipmentId, openException: s.openException?.kind ?? null })
          : E.right([
              {
                type: 'ShipmentDeclaredLost',
                data: { shipmentId: s.shipmentId, orderId: s.orderId, lines: [...s.lines], reason: c.reason, at: now.toISOString() },
              },
            ]),
      ),
    )
    .with({ type: 'CancelShipment' }, (c): Decision =>
      E.flatMap(E.flatMap(existing(state, c.shipmentId), notFinished), (s): Decision =>
        s.status !== 'created'
          ? E.left({ _tag: 'ShipmentAlreadyPickedUp', shipmentId: s.shipmentId, status: s.status })
          : E.right([
              {
                type: 'ShipmentCancelled',
                data: { shipmentId: s.shipmentId, orderId: s.orderId, lines: [...s.lines], reason: c.reason, at: now.toISOString() },
              },
            ]),
      ),
    )
    .exhaustive();

/** The shipment aggregate, one stream per shipment: `shipment-<shipmentId>`. */
export const shipmentDecider: Decider<ShipmentState, ShippingCommand, ShippingEvent, ShippingError> = { initialState, evolve, decide };
