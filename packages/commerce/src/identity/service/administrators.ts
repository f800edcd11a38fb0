import type { Clock, EventStore, IdGenerator } from '@shopstream/kernel';
import type { UserCommand } from '../commands.js';
import type { UserDecider } from '../decider.js';
import type { UserState } from '../state.js';
import { finishing } from './administrators/finishing.js';
import { governing } from './administrators/governing.js';
import type { ConfiguredStaff } from './administrators/governing.js';
import { ledgerKeeper } from './administrators/ledgerKeeper.js';
import type { UserHandler } from './administrators/ledgerKeeper.js';

export type { Finished } from './administrators/finishing.js';
export type { ConfiguredStaff } from './administrators/governing.js';

interface AdministrationDependencies {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly staff: ConfiguredStaff;
  /** The user handler the service appends with: one cache of each user's state. */
  readonly users: UserHandler;
  readonly dryRun: (command: UserCommand, state: UserState) => ReturnType<UserDecider['decide']>;
}

/**
 * Keeps the shop administered, in one process or many over one event store. `governed(userId, command)` appends a
 * user command unless it would end the last administrator's standing, in which case it answers `LastAdministrator`.
 *
 * Who administers: every open account holding admin, by a RoleGranted not since revoked (as the administration
 * ledger records it) or by the configuration (read at each check). A change that ends someone's standing (judged
 * by its effect: decide, fold, compare) takes two appends, as a case opens on its order's claim ledger:
 * 1. a reservation on the ledger, decided on its current revision and appended with that revision as the
 *    expectation, so of two changes decided at the same instant the second is decided again on what the first
 *    reserved (a reserved user no longer counts);
 * 2. the command on the user's stream, at exactly the revision it was decided on, then the reservation settled.
 * A change interrupted between the two is finished by whoever meets it first: a retry of a change to the same user,
 * a change that would be refused while it is held, or the administration process after a timeout. Finishing
 * appends the reserved command at the reserved revision, or, when the stream has moved on, records what happened;
 * so it gives the same outcome whoever does it, and a reservation holds nobody up for longer than that.
 *
 * Grants append first and record the new administrator on the ledger after (`recordStanding`): a grant whose
 * recording was interrupted only makes a change refused that could have passed, until the process records it.
 * Appends made around the identity service (raw `EventStore.append`) are not arbitrated; the process's
 * recording makes the ledger follow them.
 *
 * The parts, each in `administrators/`: keeping the ledger (`ledgerKeeper.ts`), finishing an interrupted change
 * (`finishing.ts`), and the rounds of a governed command (`governing.ts`).
 */
export const administration = (deps: AdministrationDependencies) => {
  const { store, users } = deps;
  const keeper = ledgerKeeper({ store, clock: deps.clock, ids: deps.ids, users });
  const finisher = finishing({ store, users, keeper });
  const governed = governing({ store, staff: deps.staff, users, dryRun: deps.dryRun, keeper, finishing: finisher });
  return { governed, recordStanding: keeper.recordStanding, finishReservation: finisher.finishReservation, current: keeper.current };
};

export type Administration = ReturnType<typeof administration>;

/** What the administration process needs of the identity service: recording standings and finishing reservations. */
export type AdministrationUpkeep = Pick<Administration, 'recordStanding' | 'finishReservation'>;
