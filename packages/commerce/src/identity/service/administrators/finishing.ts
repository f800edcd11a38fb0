import * as E from 'fp-ts/lib/Either.js';
import type { EventStore, HandleOptions, RecordedEvent } from '@shopstream/kernel';
import { ADMINISTRATION_STREAM } from '../../administrationLedger.js';
import type { AdministrationReservation } from '../../administrationLedger.js';
import type { AdministrationChange, UserEvent } from '../../events.js';
import type { UserState } from '../../state.js';
import { userStream } from '../../streams.js';
import type { LedgerKeeper, Options, UserHandler } from './ledgerKeeper.js';
import { grantedAdministrator, handleOptions } from './ledgerKeeper.js';

/** How a reservation ended when finished: the change appended (by whoever did it), or given up because the user's stream moved on. */
export type Finished =
  | { readonly outcome: 'completed'; readonly state: UserState; readonly events: readonly UserEvent[] }
  | { readonly outcome: 'released' }
  | { readonly outcome: 'not-held' };

/** The event a reserved change appends, by which a reader of the user's stream recognises it. */
const appendedBy = (change: AdministrationChange, event: { readonly type: string; readonly data: unknown } | undefined): boolean =>
  change.type === 'CloseAccount'
    ? event?.type === 'AccountClosed'
    : event?.type === 'RoleRevoked' && (event.data as { readonly role?: unknown }).role === change.data.role;

/** The metadata of a reserved change: its requester's correlation, actor and trace, caused by the reservation. */
const requestedBy = (reservation: RecordedEvent | undefined, fallback: Options): HandleOptions['metadata'] =>
  reservation === undefined
    ? fallback
    : {
        correlationId: reservation.metadata.correlationId,
        causationId: reservation.id,
        actor: reservation.metadata.actor,
        traceparent: reservation.metadata.traceparent,
        tracestate: reservation.metadata.tracestate,
      };

interface FinishingDependencies {
  readonly store: EventStore;
  readonly users: UserHandler;
  readonly keeper: LedgerKeeper;
}

/**
 * Finishing a change interrupted between its two appends (the reservation on the ledger, the command on the user's
 * stream), by whoever meets it first: it appends the reserved command at the reserved revision, or, when the
 * stream has moved on, records what happened there; so it gives the same outcome whoever does it.
 */
export const finishing = ({ store, users, keeper }: FinishingDependencies) => {
  /** The event that recorded a reservation: whoever finishes the change appends it as that request asked. */
  const reservationEvent = async (reservation: AdministrationReservation): Promise<RecordedEvent | undefined> =>
    (await store.readStream(ADMINISTRATION_STREAM, { direction: 'backwards' })).find(
      (e) => e.type === 'AdministrationChangeReserved' && (e.data as AdministrationReservation).userId === reservation.userId && (e.data as AdministrationReservation).userRevision === reservation.userRevision,
    );

  /**
   * Finishes a held reservation: appends its change at the reserved revision if the user's stream is still there,
   * else tells from the event after it whether the change was appended; then settles it. `settled` is false when
   * the settlement stayed contended: the outcome stands, the next finisher records it.
   */
  const finish = async (reservation: AdministrationReservation, metadata: Options, reservedBy?: RecordedEvent): Promise<{ readonly finished: Finished; readonly settled: boolean }> => {
    const stream = userStream(reservation.userId);
    const settled = async (finished: Finished, state: UserState, revision: number) => {
      const outcome = finished.outcome === 'completed' ? 'completed' : 'released';
      const recorded = await keeper.command(
        { type: 'SettleAdministrationChange', userId: reservation.userId, userRevision: reservation.userRevision, outcome, revision, administrator: grantedAdministrator(state) },
        metadata,
      );
      return { finished, settled: E.isRight(recorded) };
    };
    for (;;) {
      const { state, revision } = await users.current(stream);
      if (revision === reservation.userRevision) {
        const cause = reservedBy ?? (await reservationEvent(reservation));
        const appended = await users(stream, reservation.change, { ...handleOptions(requestedBy(cause, metadata)), expectedRevision: revision });
        // Someone else appended at that revision meanwhile (perhaps this very change): look again.
        if (E.isLeft(appended) && appended.left._tag === 'ConcurrencyConflict') continue;
        // Decided on the same state it was reserved on, the change cannot be refused; if it ever is, it ends nothing.
        if (E.isLeft(appended) || appended.right.events.length === 0) return settled({ outcome: 'released' }, state, revision);
        const done = appended.right;
        const events = done.events.map((e) => ({ type: e.type, data: e.data }) as UserEvent);
        return settled({ outcome: 'completed', state: done.state, events }, done.state, done.nextExpectedRevision);
      }
      // Only this change may follow the reserved revision and end the user's standing; anything else there means it never can.
      const [next] = await store.readStream(stream, { fromRevision: reservation.userRevision + 1, maxCount: 1 });
      return settled(appendedBy(reservation.change, next) ? { outcome: 'completed', state, events: [] } : { outcome: 'released' }, state, revision);
    }
  };

  /** Finishes the reservation of `userId` at `userRevision` if it is still held (the administration process's timeout). */
  const finishReservation = async (userId: string, userRevision: number, metadata?: Options): Promise<Finished> => {
    const held = (await keeper.ledger.current(ADMINISTRATION_STREAM)).state.reservations[userId];
    if (held?.userRevision !== userRevision) return { outcome: 'not-held' };
    const { finished, settled } = await finish(held, metadata);
    if (!settled) throw new Error(`administration ledger: the settlement of ${userId}'s change stayed contended`);
    return finished;
  };

  return { finish, finishReservation };
};

export type Finishing = ReturnType<typeof finishing>;
