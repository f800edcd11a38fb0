import type { Decider, DecisionContext } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import type { InventoryCommand } from './commands.js';
import type { InventoryError, ReservationOutcome } from './errors.js';
import type { InventoryEvent } from './events.js';

export interface Reservation {
  readonly orderId: string;
  readonly quantity: number;
  /** ISO 8601 instant. */
  readonly expiresAt: string;
}

/** The stock of one SKU. */
export interface StockState {
  /** Units physically held, reserved or not. */
  readonly onHand: number;
  /** Reservations still holding stock, by reservation id. */
  readonly reservations: Readonly<Record<string, Reservation>>;
  /**
   * How recently finished reservations ended, so that a late retry cannot take the stock a second time. An
   * entry is forgotten `CLOSED_RETENTION_MS` after its reservation's expiry: by then a retry of it carries an
   * expiry long past and is refused anyway, and the state of a hot SKU stays as small as its recent traffic
   * however long its history grows.
   */
  readonly closed: Readonly<Record<string, ClosedReservation>>;
}

export interface ClosedReservation {
  readonly outcome: ReservationOutcome;
  readonly expiresAt: string;
}

/** The longest a reservation may hold stock. */
export const MAX_RESERVATION_MS = 7 * 24 * 3600_000;
/** How long a finished reservation is remembered after its expiry. */
export const CLOSED_RETENTION_MS = 30 * 24 * 3600_000;

export interface StockLevels {
  readonly onHand: number;
  readonly reserved: number;
  /** What can still be promised to a new order: on hand less reserved. */
  readonly available: number;
}

export const stockLevels = (state: StockState): StockLevels => {
  const reserved = Object.values(state.reservations).reduce((total, r) => total + r.quantity, 0);
  return { onHand: state.onHand, reserved, available: state.onHand - reserved };
};

const close = (state: StockState, reservationId: string, outcome: ReservationOutcome, onHand = state.onHand): StockState => {
  const reservation = state.reservations[reservationId];
  if (!reservation) return state;
  const { [reservationId]: _closed, ...reservations } = state.reservations;
  return { onHand, reservations, closed: { ...state.closed, [reservationId]: { outcome, expiresAt: reservation.expiresAt } } };
};

/**
 * Forgets finished reservations that expired more than the retention before `expiresAt - MAX_RESERVATION_MS`,
 * a lower bound of the time a reservation expiring at `expiresAt` was made (events carry no clock, so the
 * newest reservation's expiry stands in for one).
 */
const forgetOld = (closed: StockState['closed'], expiresAt: string): StockState['closed'] => {
  const horizon = Date.parse(expiresAt) - MAX_RESERVATION_MS - CLOSED_RETENTION_MS;
  const kept = Object.entries(closed).filter(([, entry]) => Date.parse(entry.expiresAt) >= horizon);
  return kept.length === Object.keys(closed).length ? closed : Object.fromEntries(kept);
};

const evolve = (state: StockState, event: InventoryEvent): StockState =>
  match(event)
    .returnType<StockState>()
    .with({ type: 'StockReceived' }, ({ data }) => ({ ...state, onHand: state.onHand + data.quantity }))
    .with({ type: 'StockAdjusted' }, ({ data }) => ({ ...state, onHand: data.counted }))
    .with({ type: 'StockReserved' }, ({ data: { reservationId, orderId, quantity, expiresAt } }) =>
      Object.hasOwn(state.reservations, reservationId) || Object.hasOwn(state.closed, reservationId)
        ? state
        : { ...state, reservations: { ...state.reservations, [reservationId]: { orderId, quantity, expiresAt } }, closed: forgetOld(state.closed, expiresAt) },
    )
    .with({ type: 'StockReservationReleased' }, ({ data }) => close(state, data.reservationId, 'released'))
    .with({ type: 'StockReservationExpired' }, ({ data }) => close(state, data.reservationId, 'expired'))
    .with({ type: 'StockReservationCommitted' }, ({ data }) => {
      const held = state.reservations[data.reservationId]?.quantity ?? 0;
      return close(state, data.reservationId, 'committed', state.onHand - held);
    })
    .exhaustive();

type Decision = Either<InventoryError, readonly InventoryEvent[]>;
const accept = (...events: InventoryEvent[]): Decision => E.right(events);
const reject = (error: InventoryError): Decision => E.left(error);

const reserve = (command: Extract<InventoryCommand, { type: 'ReserveStock' }>, state: StockState, { now }: DecisionContext): Decision => {
  const { sku, reservationId, orderId, quantity, expiresAt } = command;
  const existing = state.reservations[reservationId];
  if (existing) {
    // The same reservation asked for again (a retry) changes nothing; the same id for something else is a bug upstream.
    return existing.orderId === orderId && existing.quantity === quantity ? accept() : reject({ _tag: 'StockReservationConflict', sku, reservationId });
  }
  const closed = state.closed[reservationId];
  if (closed) return reject({ _tag: 'StockReservationClosed', sku, reservationId, outcome: closed.outcome });
  if (Date.parse(expiresAt) <= now.getTime()) return reject({ _tag: 'StockReservationExpiryNotInFuture', sku, reservationId, expiresAt });
  if (Date.parse(expiresAt) > now.getTime() + MAX_RESERVATION_MS) {
    return reject({ _tag: 'StockReservationTooLong', sku, reservationId, expiresAt, latest: new Date(now.getTime() + MAX_RESERVATION_MS).toISOString() });
  }
  const { available } = stockLevels(state);
  if (quantity > available) return reject({ _tag: 'OutOfStock', sku, requested: quantity, available });
  return accept({ type: 'StockReserved', data: { sku, reservationId, orderId, quantity, expiresAt } });
};

/**
 * Ends an active reservation with `outcome`. Ending it the same way again is a retry and changes nothing;
 * ending it another way is refused, except that releasing one that already expired is just as good.
 */
const finish = (
  state: StockState,
  sku: string,
  reservationId: string,
  outcome: 'released' | 'committed',
  event: (reservation: Reservation) => InventoryEvent,
): Decision => {
  const reservation = state.reservations[reservationId];
  if (reservation) return accept(event(reservation));
  const closedAs = state.closed[reservationId]?.outcome;
  if (!closedAs) return reject({ _tag: 'StockReservationNotFound', sku, reservationId });
  const alreadyFreed = outcome === 'released' && closedAs === 'expired';
  return closedAs === outcome || alreadyFreed ? accept() : reject({ _tag: 'StockReservationClosed', sku, reservationId, outcome: closedAs });
};

const decide = (command: InventoryCommand, state: StockState, context: DecisionContext): Decision =>
  match(command)
    .returnType<Decision>()
    .with({ type: 'ReceiveStock' }, ({ sku, quantity, reference }) => accept({ type: 'StockReceived', data: { sku, quantity, reference } }))
    .with({ type: 'AdjustStock' }, ({ sku, counted, reason }) => {
      const { reserved } = stockLevels(state);
      if (counted < reserved) return reject({ _tag: 'StockCountBelowReserved', sku, counted, reserved });
      return counted === state.onHand ? accept() : accept({ type: 'StockAdjusted', data: { sku, previous: state.onHand, counted, reason } });
    })
    .with({ type: 'ReserveStock' }, (reserveCommand) => reserve(reserveCommand, state, context))
    .with({ type: 'ReleaseReservation' }, ({ sku, reservationId, reason }) =>
      finish(state, sku, reservationId, 'released', ({ orderId, quantity }) => ({
        type: 'StockReservationReleased',
        data: { sku, reservationId, orderId, quantity, reason },
      })),
    )
    .with({ type: 'CommitReservation' }, ({ sku, reservationId }) =>
      // A reservation past its expiry that no expiry run has reached still holds its units, so it may be committed.
      finish(state, sku, reservationId, 'committed', ({ orderId, quantity }) => ({
        type: 'StockReservationCommitted',
        data: { sku, reservationId, orderId, quantity },
      })),
    )
    .with({ type: 'ExpireReservations' }, ({ sku, asOf }) => {
      if (Date.parse(asOf) > context.now.getTime()) return reject({ _tag: 'StockExpiryAsOfInFuture', sku, asOf, now: context.now.toISOString() });
      const due = Object.entries(state.reservations)
        .filter(([, r]) => Date.parse(r.expiresAt) <= Date.parse(asOf))
        .sort(([idA, a], [idB, b]) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt) || idA.localeCompare(idB));
      return accept(
        ...due.map(([reservationId, r]): InventoryEvent => ({
          type: 'StockReservationExpired',
          data: { sku, reservationId, orderId: r.orderId, quantity: r.quantity, expiresAt: r.expiresAt },
        })),
      );
    })
    .exhaustive();

/** The stock of one SKU and the reservations against it. Stream: `inventory-<sku>`. */
export const inventoryDecider: Decider<StockState, InventoryCommand, InventoryEvent, InventoryError> = {
  initialState: () => ({ onHand: 0, reservations: {}, closed: {} }),
  evolve,
  decide,
};
