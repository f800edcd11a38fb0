import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { commandHandler, toEvent } from '@shopstream/kernel';
import type { Clock, CommandResult, ConcurrencyConflict, EventStore, HandleOptions, IdGenerator } from '@shopstream/kernel';
import type { ContactHasher } from '../../privacy/contactHasher.js';
import type { PersonalDataVault } from '../../privacy/vault.js';
import type { ContactClaimCommand, UserCommand } from '../commands.js';
import type { PhoneOptions } from '../contact.js';
import { CHINA } from '../contact.js';
import type { ContactClaimState } from '../contactClaim.js';
import { contactClaimDecider } from '../contactClaim.js';
import { userDecider } from '../decider.js';
import type { UserDecider } from '../decider.js';
import type { IdentityError } from '../errors.js';
import type { ContactClaimEvent, UserEvent } from '../events.js';
import type { Notifier } from '../notifier.js';
import type { PasswordHasher } from '../passwordHasher.js';
import type { IdentityPolicy } from '../policy.js';
import { defaultIdentityPolicy } from '../policy.js';
import type { UserState } from '../state.js';
import { contactStream, userStream } from '../streams.js';
import type { VerificationCodes } from '../verificationCodes.js';
import { administration } from './administrators.js';
import type { Administration, ConfiguredStaff } from './administrators.js';

/** Everything the identity service works through. The secrets (peppers, keys) hide behind the hashers and the vault. */
export interface IdentityServiceConfig {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly notifier: Notifier;
  readonly passwords: PasswordHasher;
  readonly vault: PersonalDataVault;
  readonly contacts: ContactHasher;
  readonly codes: VerificationCodes;
  readonly policy?: IdentityPolicy;
  /** How numbers without a calling code are read. Default China (+86). */
  readonly phone?: PhoneOptions;
  /** A claim whose user stream still does not exist after this long was left by a crash mid-registration. Default 10 minutes. */
  readonly abandonedClaimAfterMs?: number;
  /** A contact never verified this long after registering may be taken by someone who can verify it. Default 7 days. */
  readonly unverifiedClaimAfterMs?: number;
  /** Staff roles the shop's configuration gives, by user id: a configured admin counts as an administrator. Default none. */
  readonly staff?: ConfiguredStaff;
}

/** Correlation, causation, actor and trace of the request, passed on to the events it causes. */
export type RequestMetadata = HandleOptions['metadata'];

export type ServiceResult<T> = Either<IdentityError | ConcurrencyConflict, T>;

export interface Runtime {
  readonly config: IdentityServiceConfig;
  readonly policy: IdentityPolicy;
  readonly phone: PhoneOptions;
  readonly abandonedClaimAfterMs: number;
  readonly unverifiedClaimAfterMs: number;
  /** Decides and appends a user command; Right carries the events it recorded (none when nothing changed). */
  user(userId: string, command: UserCommand, metadata?: RequestMetadata): Promise<ServiceResult<{ events: readonly UserEvent[]; state: UserState }>>;
  claim(contactHash: string, command: ContactClaimCommand, metadata?: RequestMetadata): Promise<ServiceResult<readonly ContactClaimEvent[]>>;
  /**
   * As `user`, for a command that may end someone's standing as administrator (revoking a role, closing an
   * account): refused with `LastAdministrator` when it would leave the shop without one. See `administration`.
   */
  governed(userId: string, command: UserCommand, metadata?: RequestMetadata): ReturnType<Runtime['user']>;
  /** The administration ledger's keeper: grants record on it, the administration process finishes what was interrupted. */
  readonly administration: Administration;
  loadUser(userId: string): Promise<UserState>;
  /** What the decider would answer on a loaded state, without storing anything: to skip slow work for a command bound to be refused. */
  dryRun(command: UserCommand, state: UserState): ReturnType<UserDecider['decide']>;
  loadClaim(contactHash: string): Promise<ContactClaimState>;
}

export const runtime = (config: IdentityServiceConfig): Runtime => {
  const policy = config.policy ?? defaultIdentityPolicy;
  const decider = userDecider(policy);
  const handleUser = commandHandler({ store: config.store, decider, clock: config.clock, ids: config.ids });
  const handleClaim = commandHandler({ store: config.store, decider: contactClaimDecider, clock: config.clock, ids: config.ids });
  const options = (metadata: RequestMetadata): HandleOptions => (metadata ? { metadata } : {});
  // The handlers' cached states once the heads confirm them: a user's stream grows with every sign-in.
  const loadUser = async (userId: string) => (await handleUser.current(userStream(userId))).state;
  const dryRun: Runtime['dryRun'] = (command, state) => decider.decide(command, state, { now: config.clock.now() });
  // The decider produced each recorded event's type and data together; toEvent only restores that pairing.
  const user: Runtime['user'] = async (userId, command, metadata) =>
    E.map((r: CommandResult<UserState, UserEvent>) => ({ events: r.events.map((e) => toEvent<UserEvent>(e)), state: r.state }))(
      await handleUser(userStream(userId), command, options(metadata)),
    );
  const admins = administration({ store: config.store, clock: config.clock, ids: config.ids, staff: config.staff ?? {}, users: handleUser, dryRun });
  return {
    config,
    policy,
    phone: config.phone ?? CHINA,
    abandonedClaimAfterMs: config.abandonedClaimAfterMs ?? 10 * 60_000,
    unverifiedClaimAfterMs: config.unverifiedClaimAfterMs ?? 7 * 24 * 60 * 60_000,
    user,
    governed: (userId, command, metadata) => admins.governed(userId, command, metadata),
    administration: admins,
    claim: async (contactHash, command, metadata) =>
      E.map((r: CommandResult<ContactClaimState, ContactClaimEvent>) => r.events.map((e) => toEvent<ContactClaimEvent>(e)))(
        await handleClaim(contactStream(contactHash), command, options(metadata)),
      ),
    dryRun,
    loadUser,
    loadClaim: async (contactHash) => (await handleClaim.current(contactStream(contactHash))).state,
  };
};

/** The first event of a type among those a command recorded. */
export const recorded = <T extends UserEvent['type']>(events: readonly UserEvent[], type: T): Extract<UserEvent, { type: T }> | undefined =>
  events.find((e): e is Extract<UserEvent, { type: T }> => e.type === type);
