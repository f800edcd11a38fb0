import type { Decider } from '@shopstream/kernel';
import { streamName } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import { z } from 'zod';
import type { LastAdministrator } from './errors.js';
import { AdministrationChange } from './events.js';
import type { AdministrationEvent } from './events.js';

/**
 * The shop's administration ledger: who administers by the log, and which changes that end someone's standing are
 * under way. Every such change is reserved here first, with the ledger's revision as the expectation, so two
 * changes decided at the same instant, in one process or several, are decided one after the other and the second
 * sees the first. The users' own streams stay the truth of each user; the ledger follows them.
 */
export const ADMINISTRATION_STREAM = streamName('administration', 'shop');

/** A user's standing as their stream showed it at `revision`: admin granted by the log on an open account. */
export interface AdministratorStanding {
  readonly revision: number;
  readonly administrator: boolean;
}

export interface AdministrationReservation {
  readonly userId: string;
  /** The revision of the user's stream the change was decided on, and the only one it may be appended at. */
  readonly userRevision: number;
  readonly change: AdministrationChange;
  readonly at: string;
}

export interface AdministrationLedger {
  /** False until the carry-over: administrators granted before the ledger existed are not in it yet. */
  readonly started: boolean;
  readonly standings: Readonly<Record<string, AdministratorStanding>>;
  /** The reservations held, at most one per user. */
  readonly reservations: Readonly<Record<string, AdministrationReservation>>;
}

const UserRevision = z.number().int().min(-1);
const UserId = z.string().min(1);

export const CarryOverAdministrators = z.strictObject({
  type: z.literal('CarryOverAdministrators'),
  /** What the log grants, read by the caller only while the ledger has not started; ignored once it has. */
  administrators: z.array(z.strictObject({ userId: UserId, revision: UserRevision })),
});
export const RecordAdministratorStanding = z.strictObject({ type: z.literal('RecordAdministratorStanding'), userId: UserId, revision: UserRevision, administrator: z.boolean() });
export const ReserveAdministrationChange = z.strictObject({
  type: z.literal('ReserveAdministrationChange'),
  userId: UserId,
  userRevision: UserRevision,
  change: AdministrationChange,
  /** The administrators the shop's configuration gives, other than the user, whose accounts are open: read after the ledger. */
  configuredAdministrators: z.array(UserId),
});
export const SettleAdministrationChange = z.strictObject({
  type: z.literal('SettleAdministrationChange'),
  userId: UserId,
  userRevision: UserRevision,
  outcome: z.enum(['completed', 'released']),
  revision: UserRevision,
  administrator: z.boolean(),
});
export const AdministrationCommand = z.discriminatedUnion('type', [CarryOverAdministrators, RecordAdministratorStanding, ReserveAdministrationChange, SettleAdministrationChange]);
export type AdministrationCommand = z.infer<typeof AdministrationCommand>;

/** A command other than the carry-over reached a ledger that has none: the caller must carry over first. */
export type AdministrationNotCarriedOver = { readonly _tag: 'AdministrationNotCarriedOver' };
export type AdministrationLedgerError = LastAdministrator | AdministrationNotCarriedOver;

/** The administrators the ledger knows of by the log, whatever is reserved. */
export const ledgerAdministrators = (ledger: AdministrationLedger): string[] =>
  Object.entries(ledger.standings)
    .filter(([, standing]) => standing.administrator)
    .map(([userId]) => userId)
    .sort();

/** Who still administers if `userId` goes: the ledger's administrators and the configured ones, none of them under a reservation. */
export const remainingAdministrators = (ledger: AdministrationLedger, userId: string, configured: readonly string[]): string[] =>
  [...new Set([...ledgerAdministrators(ledger), ...configured])].filter((id) => id !== userId && ledger.reservations[id] === undefined).sort();

const initialState = (): AdministrationLedger => ({ started: false, standings: {}, reservations: {} });

/** A user's standing moves only forwards along their stream: a record read earlier never undoes one read later. */
const withStanding = (state: AdministrationLedger, userId: string, standing: AdministratorStanding): AdministrationLedger => {
  const known = state.standings[userId];
  return known !== undefined && known.revision >= standing.revision ? state : { ...state, standings: { ...state.standings, [userId]: standing } };
};

const evolve = (state: AdministrationLedger, event: AdministrationEvent): AdministrationLedger =>
  match(event)
    .with({ type: 'AdministratorsCarriedOver' }, ({ data }) =>
      data.administrators.reduce((s, { userId, revision }) => withStanding(s, userId, { revision, administrator: true }), { ...state, started: true }),
    )
    .with({ type: 'AdministratorStandingRecorded' }, ({ data }) => withStanding(state, data.userId, { revision: data.revision, administrator: data.administrator }))
    .with({ type: 'AdministrationChangeReserved' }, ({ data }) =>
      state.reservations[data.userId] !== undefined ? state : { ...state, reservations: { ...state.reservations, [data.userId]: { ...data } } },
    )
    .with({ type: 'AdministrationChangeSettled' }, ({ data }) => {
      const held = state.reservations[data.userId];
      const reservations = held?.userRevision === data.userRevision ? Object.fromEntries(Object.entries(state.reservations).filter(([id]) => id !== data.userId)) : state.reservations;
      return withStanding({ ...state, reservations }, data.userId, { revision: data.revision, administrator: data.administrator });
    })
    .exhaustive();

type Decision = E.Either<AdministrationLedgerError, readonly AdministrationEvent[]>;

const notCarriedOver = E.left<AdministrationLedgerError>({ _tag: 'AdministrationNotCarriedOver' });

const decide = (command: AdministrationCommand, state: AdministrationLedger, { now }: { now: Date }): Decision => {
  const at = now.toISOString();
  return match(command)
    .with({ type: 'CarryOverAdministrators' }, ({ administrators }): Decision =>
      E.right(state.started ? [] : [{ type: 'AdministratorsCarriedOver', data: { administrators, at } }]),
    )
    .with({ type: 'RecordAdministratorStanding' }, ({ userId, revision, administrator }): Decision => {
      if (!state.started) return notCarriedOver;
      const known = state.standings[userId];
      // Already known at this revision or later; or someone the ledger never counted, still not counting.
      if (known !== undefined ? known.revision >= revision : !administrator) return E.right([]);
      return E.right([{ type: 'AdministratorStandingRecorded', data: { userId, revision, administrator, at } }]);
    })
    .with({ type: 'ReserveAdministrationChange' }, ({ userId, userRevision, change, configuredAdministrators }): Decision => {
      if (!state.started) return notCarriedOver;
      // A change of this user is already under way: the caller finishes it before deciding its own.
      if (state.reservations[userId] !== undefined) return E.right([]);
      if (remainingAdministrators(state, userId, configuredAdministrators).length === 0) return E.left({ _tag: 'LastAdministrator', userId });
      return E.right([{ type: 'AdministrationChangeReserved', data: { userId, userRevision, change, at } }]);
    })
    .with({ type: 'SettleAdministrationChange' }, ({ userId, userRevision, outcome, revision, administrator }): Decision =>
      state.reservations[userId]?.userRevision === userRevision
        ? E.right([{ type: 'AdministrationChangeSettled', data: { userId, userRevision, outcome, revision, administrator, at } }])
        : E.right([]),
    )
    .exhaustive();
};

export type AdministrationLedgerDecider = Decider<AdministrationLedger, AdministrationCommand, AdministrationEvent, AdministrationLedgerError>;

/** The administration ledger, stream `administration-shop`. */
export const administrationLedger: AdministrationLedgerDecider = { initialState, evolve, decide };
