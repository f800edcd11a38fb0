import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { backoffDelay } from '@shopstream/kernel';
import type { CommandResult, ConcurrencyConflict, EventStore, RetryPolicy } from '@shopstream/kernel';
import { ADMINISTRATION_STREAM } from '../../administrationLedger.js';
import { endsAdministration } from '../../administrators.js';
import type { UserCommand } from '../../commands.js';
import type { UserDecider } from '../../decider.js';
import type { IdentityError, LastAdministrator } from '../../errors.js';
import type { AdministrationChange, StaffRole, UserEvent } from '../../events.js';
import type { UserState } from '../../state.js';
import { evolveUser } from '../../state.js';
import { userStream } from '../../streams.js';
import type { Finishing } from './finishing.js';
import type { LedgerKeeper, Options, UserHandler } from './ledgerKeeper.js';
import { handleOptions, ledgerFault } from './ledgerKeeper.js';

/** Staff roles the shop's configuration gives, by user id; read at each check, so a changed configuration is followed. */
export type ConfiguredStaff = Readonly<Record<string, readonly StaffRole[]>>;

type GovernedResult = Either<IdentityError | ConcurrencyConflict, { readonly events: readonly UserEvent[]; readonly state: UserState }>;

/** The command as the ledger's reservation keeps it; the compiler holds the event's frozen shape to the commands'. */
const reservable = (command: UserCommand): AdministrationChange | null => {
  if (command.type === 'RevokeRole') return { type: 'RevokeRole', data: command.data };
  if (command.type === 'CloseAccount') return { type: 'CloseAccount', data: command.data };
  return null;
};

/** Rounds of read, decide and append a governed command takes at most when others keep getting in first, and the pause between them. */
const ROUNDS: RetryPolicy = { maxAttempts: 10, baseDelayMs: 2, maxDelayMs: 50 };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface GoverningDependencies {
  readonly store: EventStore;
  readonly staff: ConfiguredStaff;
  readonly users: UserHandler;
  readonly dryRun: (command: UserCommand, state: UserState) => ReturnType<UserDecider['decide']>;
  readonly keeper: LedgerKeeper;
  readonly finishing: Finishing;
}

/**
 * `governed(userId, command)` appends a user command unless it would end the last administrator's standing: a
 * change that ends none goes straight to the user's stream; one that does is reserved on the ledger first, then
 * finished (see `administration`).
 */
export const governing = ({ store, staff, users, dryRun, keeper, finishing }: GoverningDependencies) => {
  const { ledger } = keeper;
  const { finish } = finishing;
  const configuredAdmins = (): string[] => Object.keys(staff).filter((id) => (staff[id] ?? []).includes('admin'));
  const configured = (userId: string): readonly StaffRole[] => staff[userId] ?? [];

  /** The configured administrators other than `userId` whose accounts are open, read after the ledger they are decided with. */
  const openConfiguredAdmins = async (userId: string): Promise<string[]> => {
    const open: string[] = [];
    for (const id of configuredAdmins()) {
      if (id !== userId && (await users.current(userStream(id))).state.status === 'active') open.push(id);
    }
    return open;
  };

  const governed = async (userId: string, cmd: UserCommand, metadata?: Options): Promise<GovernedResult> => {
    const stream = userStream(userId);
    // Set once others' changes were finished for a refusal to rest on settled standings: done once per call.
    let finishedOthers = false;
    // What kept this change from going through in the last round, answered once the rounds are spent.
    let contended: ConcurrencyConflict | null = null;
    for (let round = 1; round <= ROUNDS.maxAttempts; round += 1) {
      if (round > 1) await sleep(backoffDelay(ROUNDS, round - 1, Math.random));
      // Read without carrying over: a change that ends no one's standing needs no ledger, only no change of this user under way.
      const led = await ledger.current(ADMINISTRATION_STREAM);
      const pending = led.state.reservations[userId];
      if (pending !== undefined) {
        // A change to this user was interrupted (or is under way elsewhere): finish it, then decide this one on the result.
        await finish(pending, metadata);
        continue;
      }
      const { state: before, revision } = await users.current(stream);
      const decided = dryRun(cmd, before);
      // Refused on the user's current state: nothing to arbitrate.
      if (E.isLeft(decided)) return decided;
      const after = decided.right.reduce(evolveUser, before);
      if (!endsAdministration({ before, after }, configured(userId))) {
        // At the revision it was judged on: a stream moved on may have made the same command an ending one.
        const appended = await users(stream, cmd, { ...handleOptions(metadata), expectedRevision: revision });
        if (E.isLeft(appended) && appended.left._tag === 'ConcurrencyConflict') {
          contended = appended.left;
          continue;
        }
        return E.map((r: CommandResult<UserState, UserEvent>) => ({ events: r.events.map((e) => ({ type: e.type, data: e.data }) as UserEvent), state: r.state }))(appended);
      }
      const change = reservable(cmd);
      if (change === null) throw new Error(`identity: ${cmd.type} ends an administrator's standing but is not an administration change the ledger can reserve`);
      if (!led.state.started) {
        // The shop's first admin change: carry its administrators over, then decide on the ledger that makes.
        await keeper.current(metadata);
        continue;
      }
      const reserved = await ledger(
        ADMINISTRATION_STREAM,
        { type: 'ReserveAdministrationChange', userId, userRevision: revision, change, configuredAdministrators: await openConfiguredAdmins(userId) },
        { ...handleOptions(metadata), expectedRevision: led.revision },
      );
      if (E.isLeft(reserved)) {
        const refusal = reserved.left;
        if (refusal._tag === 'ConcurrencyConflict') {
          contended = refusal;
          continue;
        }
        if (refusal._tag === 'AdministrationNotCarriedOver') throw ledgerFault('ReserveAdministrationChange', refusal);
        const others = Object.values(led.state.reservations);
        if (finishedOthers || others.length === 0) return E.left<LastAdministrator>(refusal);
        // Refused while others' changes are held: finish them first, so the refusal rests on what really happened.
        finishedOthers = true;
        for (const other of others) await finish(other, metadata);
        continue;
      }
      const mine = reserved.right.state.reservations[userId];
      if (mine?.userRevision !== revision) continue;
      const { finished } = await finish(mine, metadata, reserved.right.events.find((e) => e.type === 'AdministrationChangeReserved'));
      if (finished.outcome === 'completed') return E.right({ events: finished.events, state: finished.state });
      // Released: the user's stream moved on before the change; decide it again.
    }
    return E.left(contended ?? { _tag: 'ConcurrencyConflict', stream: ADMINISTRATION_STREAM, expected: 'any', actual: await store.streamRevision(ADMINISTRATION_STREAM), attempts: ROUNDS.maxAttempts });
  };

  return governed;
};
