import { defineReactor, idOf } from '@shopstream/kernel';
import type { DurableScheduler, Reactor, RecordedEvent, TimeoutEvent } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { AdministrationEvent, AdministrationUpkeep, UserEvent } from '../identity/index.js';
import { ProcessFault, settle } from './outcome.js';
import { causedBy } from './ports.js';

export const ADMINISTRATION = 'administration';
/** The timeout that finishes an admin change whose reservation was recorded but whose user command never got appended. */
export const ADMINISTRATION_CHECK = 'administration-check';
/** How long a reserved admin change has to reach the user's stream before the process finishes it. */
export const ADMINISTRATION_GRACE_MS = 60_000;

export const administrationTimeoutId = (userId: string, userRevision: number): string => `administration:${userId}@${userRevision}`;

export type AdministrationProcessEvent = UserEvent | AdministrationEvent | TimeoutEvent;

/**
 * Keeps the administration ledger in step with the users' streams: each grant, revocation and closure records the
 * user's standing as their stream shows it (a grant whose own recording was interrupted, or an append made around
 * the identity service, reaches the ledger this way), and each reserved change is finished after
 * `ADMINISTRATION_GRACE_MS` if nobody has finished it by then (see the identity service's `administration`).
 * Every step is idempotent: a standing already recorded and a reservation already settled record nothing.
 */
export const administrationProcess = (scheduler: DurableScheduler, upkeep: AdministrationUpkeep): Reactor<AdministrationProcessEvent> => {
  const record = async (event: RecordedEvent): Promise<void> => {
    const recorded = await upkeep.recordStanding(idOf(event.stream), causedBy(event, ADMINISTRATION).metadata);
    // A ledger that stayed contended through the retries: the event is reacted to again.
    if (E.isLeft(recorded)) throw new ProcessFault(ADMINISTRATION, 'RecordAdministratorStanding', recorded.left);
  };

  return defineReactor<AdministrationProcessEvent>({
    name: ADMINISTRATION,
    handlers: {
      RoleGranted: record,
      RoleRevoked: record,
      AccountClosed: record,
      AdministrationChangeReserved: async (event) => {
        const { userId, userRevision, at } = event.data;
        const scheduled = await scheduler.schedule(
          {
            timeoutId: administrationTimeoutId(userId, userRevision),
            kind: ADMINISTRATION_CHECK,
            due: new Date(Date.parse(at) + ADMINISTRATION_GRACE_MS).toISOString(),
            payload: { userId, userRevision },
          },
          causedBy(event, ADMINISTRATION),
        );
        settle(ADMINISTRATION, 'ScheduleTimeout', scheduled, []);
      },
      TimeoutFired: async (event) => {
        if (event.data.kind !== ADMINISTRATION_CHECK) return;
        const { userId, userRevision } = event.data.payload;
        if (typeof userId !== 'string' || typeof userRevision !== 'number') throw new Error(`${ADMINISTRATION}: timeout ${event.data.timeoutId} names no reservation`);
        await upkeep.finishReservation(userId, userRevision, causedBy(event, ADMINISTRATION).metadata);
      },
    },
  });
};
