import type { Decider } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import type { ShippingCommand } from './commands.js';
import type { ShippingError } from './errors.js';
import type { ShippingEvent } from './events.js';
import type { Shipment, ShipmentState } from './shipment.js';
import { evolve, initialState } from './shipment.js';
import { isFinal } from './status.js';
import { consequencesOf } from './tracking.js';

// The state's types live beside evolve; re-exported here because other contexts import them from the decider.
export type { OpenException, Shipment, ShipmentState, TimelineEntry } from './shipment.js';

type Decision = E.Either<ShippingError, readonly ShippingEvent[]>;

const existing = (state: ShipmentState, shipmentId: string): E.Either<ShippingError, Shipment> =>
  state.status === 'none' || state.shipmentId !== shipmentId ? E.left({ _tag: 'ShipmentNotFound', shipmentId }) : E.right(state);

const notFinished = (s: Shipment): E.Either<ShippingError, Shipment> =>
  isFinal(s.status) ? E.left({ _tag: 'ShipmentFinished', shipmentId: s.shipmentId, status: s.status }) : E.right(s);

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
          const produced = consequencesOf(working, c.waybillNumber, event, now);
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
