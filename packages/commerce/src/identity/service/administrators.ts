import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { backoffDelay, commandHandler, idOf } from '@shopstream/kernel';
import type { Clock, CommandHandler, CommandResult, ConcurrencyConflict, CurrentState, EventStore, HandleOptions, IdGenerator, RecordedEvent, RetryPolicy } from '@shopstream/kernel';
import { ADMINISTRATION_STREAM, administrationLedger } from '../administrationLedger.js';
import type { AdministrationCommand, AdministrationLedger, AdministrationLedgerError, AdministrationReservation } from '../administrationLedger.js';
import { endsAdministration, isAdministrator } from '../administrators.js';
import type { UserCommand } from '../commands.js';
import type { UserDecider } from '../decider.js';
import type { IdentityError, LastAdministrator, UserDecisionError } from '../errors.js';
import type { AdministrationChange, AdministrationEvent, StaffRole, UserEvent } from '../events.js';
import type { UserState } from '../state.js';
import { evolveUser } from '../state.js';
import { userStream } from '../streams.js';

/** Staff roles the shop's configuration gives, by user id; read at each check, so a changed configuration is followed. */
export type ConfiguredStaff = Readonly<Record<string, readonly StaffRole[]>>;

type UserHandler = CommandHandler<UserState, UserCommand, UserEvent, UserDecisionError>;
type LedgerHandler = CommandHandler<AdministrationLedger, AdministrationCommand, AdministrationEvent, AdministrationLedgerError>;
type Options = HandleOptions['metadata'];

export type GovernedResult = Either<IdentityError | ConcurrencyConflict, { readonly events: readonly UserEvent[]; readonly state: UserState }>;

/** How a reservation ended when finished: the change appended (by whoever did it), or given up because the user's stream moved on. */
export type Finished =
  | { readonly outcome: 'completed'; readonly state: UserState; readonly events: readonly UserEvent[] }
  | { readonly outcome: 'released' }
  | { readonly outcome: 'not-held' };

interface AdministrationDependencies {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly staff: ConfiguredStaff;
  /** The user handler the service appends with: one cache of each user's state. */
  readonly users: UserHandler;
  readonly dryRun: (command: UserCommand, state: UserState) => ReturnType<UserDecider['decide']>;
}

/** Admin granted by the log, on an open account: what the ledger keeps of a user (the configuration comes on top at check time). */
export const grantedAdministrator = (state: UserState): boolean => isAdministrator(state, []);

/** The event a reserved change appends, by which a reader of the user's stream recognises it. */
const appendedBy = (change: AdministrationChange, event: { readonly type: string; readonly data: unknown } | undefined): boolean =>
  change.type === 'CloseAccount'
    ? event?.type === 'AccountClosed'
    : event?.type === 'RoleRevoked' && (event.data as { readonly role?: unknown }).role === change.data.role;

/** The command as the ledger's reservation keeps it; the compiler holds the event's frozen shape to the commands'. */
const reservable = (command: UserCommand): AdministrationChange | null => {
  if (command.type === 'RevokeRole') return { type: 'RevokeRole', data: command.data };
  if (command.type === 'CloseAccount') return { type: 'CloseAccount', data: command.data };
  return null;
};

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

/** Rounds of read, decide and append a governed command takes at most when others keep getting in first, and the pause between them. */
const ROUNDS: RetryPolicy = { maxAttempts: 10, baseDelayMs: 2, maxDelayMs: 50 };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
 */
export const administration = (deps: AdministrationDependencies) => {
  const { store, staff, users, dryRun } = deps;
  // Admin changes are rare but may come in a burst: the ledger's appends retry longer than a user's.
  const ledger: LedgerHandler = commandHandler({ store, decider: administrationLedger, clock: deps.clock, ids: deps.ids, retry: { maxAttempts: 20 } });
  const options = (metadata: Options): HandleOptions => (metadata ? { metadata } : {});
  const configuredAdmins = (): string[] => Object.keys(staff).filter((id) => (staff[id] ?? []).includes('admin'));
  const configured = (userId: string): readonly StaffRole[] => staff[userId] ?? [];

  const fault = (step: string, refusal: { readonly _tag: string }): Error => new Error(`administration ledger: ${step} was refused with ${JSON.stringify(refusal)}`);

  /** The administrators the log grants, found the way the guard did before the ledger: once per shop. */
  const scanLog = async (): Promise<{ userId: string; revision: number }[]> => {
    const grants = await store.readAll({ filter: { eventTypes: ['RoleGranted'], streamCategories: ['user'] } });
    const found: { userId: string; revision: number }[] = [];
    for (const userId of [...new Set(grants.map((grant) => idOf(grant.stream)))].sort()) {
      const { state, revision } = await users.current(userStream(userId));
      if (grantedAdministrator(state)) found.push({ userId, revision });
    }
    return found;
  };

  /** The ledger now, carried over from the log first if it has not been. */
  const current = async (metadata?: Options): Promise<CurrentState<AdministrationLedger>> => {
    const now = await ledger.current(ADMINISTRATION_STREAM);
    if (now.state.started) return now;
    const carried = await ledger(ADMINISTRATION_STREAM, { type: 'CarryOverAdministrators', administrators: await scanLog() }, options(metadata));
    if (E.isLeft(carried)) throw fault('CarryOverAdministrators', carried.left);
    return { state: carried.right.state, revision: carried.right.nextExpectedRevision };
  };

  const command = async (cmd: AdministrationCommand, metadata: Options): Promise<Either<AdministrationLedgerError | ConcurrencyConflict, CommandResult<AdministrationLedger, AdministrationEvent>>> => {
    await current(metadata);
    return ledger(ADMINISTRATION_STREAM, cmd, options(metadata));
  };

  /** Records on the ledger what the user's own stream says of them now; Left when the ledger stayed contended. */
  const recordStanding = async (userId: string, metadata?: Options): Promise<Either<AdministrationLedgerError | ConcurrencyConflict, void>> => {
    const { state, revision } = await users.current(userStream(userId));
    const administrator = grantedAdministrator(state);
    // A shop that has never had a ledger needs none for someone who does not administer: its carry-over will read the log anyway.
    if (!administrator && !(await ledger.current(ADMINISTRATION_STREAM)).state.started) return E.right(undefined);
    return E.map(() => undefined)(await command({ type: 'RecordAdministratorStanding', userId, revision, administrator }, metadata));
  };

  /**
   * Finishes a held reservation: appends its change at the reserved revision if the user's stream is still there,
   * else tells from the event after it whether the change was appended; then settles it. `settled` is false when
   * the settlement stayed contended: the outcome stands, the next finisher records it.
   */
  const finish = async (reservation: AdministrationReservation, metadata: Options, reservedBy?: RecordedEvent): Promise<{ readonly finished: Finished; readonly settled: boolean }> => {
    const stream = userStream(reservation.userId);
    const settled = async (finished: Finished, state: UserState, revision: number) => {
      const outcome = finished.outcome === 'completed' ? 'completed' : 'released';
      const recorded = await command(
        { type: 'SettleAdministrationChange', userId: reservation.userId, userRevision: reservation.userRevision, outcome, revision, administrator: grantedAdministrator(state) },
        metadata,
      );
      return { finished, settled: E.isRight(recorded) };
    };
    for (;;) {
      const { state, revision } = await users.current(stream);
      if (revision === reservation.userRevision) {
        const cause = reservedBy ?? (await reservationEvent(reservation));
        const appended = await users(stream, reservation.change, { ...options(requestedBy(cause, metadata)), expectedRevision: revision });
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

  /** The event that recorded a reservation: whoever finishes the change appends it as that request asked. */
  const reservationEvent = async (reservation: AdministrationReservation): Promise<RecordedEvent | undefined> =>
    (await store.readStream(ADMINISTRATION_STREAM, { direction: 'backwards' })).find(
      (e) => e.type === 'AdministrationChangeReserved' && (e.data as AdministrationReservation).userId === reservation.userId && (e.data as AdministrationReservation).userRevision === reservation.userRevision,
    );

  /** Finishes the reservation of `userId` at `userRevision` if it is still held (the administration process's timeout). */
  const finishReservation = async (userId: string, userRevision: number, metadata?: Options): Promise<Finished> => {
    const held = (await ledger.current(ADMINISTRATION_STREAM)).state.reservations[userId];
    if (held?.userRevision !== userRevision) return { outcome: 'not-held' };
    const { finished, settled } = await finish(held, metadata);
    if (!settled) throw new Error(`administration ledger: the settlement of ${userId}'s change stayed contended`);
    return finished;
  };

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
        const appended = await users(stream, cmd, { ...options(metadata), expectedRevision: revision });
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
        await current(metadata);
        continue;
      }
      const reserved = await ledger(
        ADMINISTRATION_STREAM,
        { type: 'ReserveAdministrationChange', userId, userRevision: revision, change, configuredAdministrators: await openConfiguredAdmins(userId) },
        { ...options(metadata), expectedRevision: led.revision },
      );
      if (E.isLeft(reserved)) {
        const refusal = reserved.left;
        if (refusal._tag === 'ConcurrencyConflict') {
          contended = refusal;
          continue;
        }
        if (refusal._tag === 'AdministrationNotCarriedOver') throw fault('ReserveAdministrationChange', refusal);
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

  return { governed, recordStanding, finishReservation, current };
};

export type Administration = ReturnType<typeof administration>;

/** What the administration process needs of the identity service: recording standings and finishing reservations. */
export type AdministrationUpkeep = Pick<Administration, 'recordStanding' | 'finishReservation'>;
