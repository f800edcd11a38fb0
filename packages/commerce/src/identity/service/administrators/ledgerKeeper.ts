import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { commandHandler, idOf } from '@shopstream/kernel';
import type { Clock, CommandHandler, CommandResult, ConcurrencyConflict, CurrentState, EventStore, HandleOptions, IdGenerator } from '@shopstream/kernel';
import { ADMINISTRATION_STREAM, administrationLedger } from '../../administrationLedger.js';
import type { AdministrationCommand, AdministrationLedger, AdministrationLedgerError } from '../../administrationLedger.js';
import { isAdministrator } from '../../administrators.js';
import type { UserCommand } from '../../commands.js';
import type { UserDecisionError } from '../../errors.js';
import type { AdministrationEvent, UserEvent } from '../../events.js';
import type { UserState } from '../../state.js';
import { userStream } from '../../streams.js';

export type UserHandler = CommandHandler<UserState, UserCommand, UserEvent, UserDecisionError>;
export type LedgerHandler = CommandHandler<AdministrationLedger, AdministrationCommand, AdministrationEvent, AdministrationLedgerError>;
export type Options = HandleOptions['metadata'];

export const handleOptions = (metadata: Options): HandleOptions => (metadata ? { metadata } : {});

/** Admin granted by the log, on an open account: what the ledger keeps of a user (the configuration comes on top at check time). */
export const grantedAdministrator = (state: UserState): boolean => isAdministrator(state, []);

/** A ledger command refused where the service never lets it be: a fault, not an answer. */
export const ledgerFault = (step: string, refusal: { readonly _tag: string }): Error =>
  new Error(`administration ledger: ${step} was refused with ${JSON.stringify(refusal)}`);

interface LedgerKeeperDependencies {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly users: UserHandler;
}

/**
 * The administration ledger as the service keeps it: carried over from the log the first time it is needed, then
 * told each administrator's standing as their own stream shows it.
 */
export const ledgerKeeper = ({ store, clock, ids, users }: LedgerKeeperDependencies) => {
  // Admin changes are rare but may come in a burst: the ledger's appends retry longer than a user's.
  const ledger: LedgerHandler = commandHandler({ store, decider: administrationLedger, clock, ids, retry: { maxAttempts: 20 } });

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
    const carried = await ledger(ADMINISTRATION_STREAM, { type: 'CarryOverAdministrators', administrators: await scanLog() }, handleOptions(metadata));
    if (E.isLeft(carried)) throw ledgerFault('CarryOverAdministrators', carried.left);
    return { state: carried.right.state, revision: carried.right.nextExpectedRevision };
  };

  /** A ledger command, on a ledger carried over first. */
  const command = async (cmd: AdministrationCommand, metadata: Options): Promise<Either<AdministrationLedgerError | ConcurrencyConflict, CommandResult<AdministrationLedger, AdministrationEvent>>> => {
    await current(metadata);
    return ledger(ADMINISTRATION_STREAM, cmd, handleOptions(metadata));
  };

  /** Records on the ledger what the user's own stream says of them now; Left when the ledger stayed contended. */
  const recordStanding = async (userId: string, metadata?: Options): Promise<Either<AdministrationLedgerError | ConcurrencyConflict, void>> => {
    const { state, revision } = await users.current(userStream(userId));
    const administrator = grantedAdministrator(state);
    // A shop that has never had a ledger needs none for someone who does not administer: its carry-over will read the log anyway.
    if (!administrator && !(await ledger.current(ADMINISTRATION_STREAM)).state.started) return E.right(undefined);
    return E.map(() => undefined)(await command({ type: 'RecordAdministratorStanding', userId, revision, administrator }, metadata));
  };

  return { ledger, current, command, recordStanding };
};

export type LedgerKeeper = ReturnType<typeof ledgerKeeper>;
