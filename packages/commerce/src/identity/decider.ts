import { P, match } from 'ts-pattern';
import type { Decider, DecisionContext } from '@shopstream/kernel';
import type { Sealed } from '../shared/sealed.js';
import { accountDataCommands, decideAccountData } from './accountData.js';
import type { UserCommand } from './commands.js';
import { credentialCommands, decideCredentials } from './credentials.js';
import type { Decision } from './decision.js';
import { fail, ok } from './decision.js';
import type { UserDecisionError } from './errors.js';
import type { UserEvent } from './events.js';
import type { IdentityPolicy } from './policy.js';
import { decideRoles, roleCommands } from './roles.js';
import { defaultIdentityPolicy } from './policy.js';
import type { UserState } from './state.js';
import { evolveUser, initialUserState } from './state.js';

/** Commands other than registration and erasure need an open account. */
const requireActive = (state: UserState): UserDecisionError | null =>
  state.status === 'unregistered'
    ? { _tag: 'UserNotFound' }
    : state.status === 'closed'
      ? { _tag: 'AccountIsClosed', closedAt: state.closedAt ?? '' }
      : null;

const sealedForOther = (userId: string, value: Sealed): UserDecisionError | null =>
  value.subject === userId ? null : { _tag: 'InvalidInput', field: 'contact', reason: 'sealed for another data subject' };

const decideActive = (command: UserCommand, state: UserState, now: Date, policy: IdentityPolicy): Decision =>
  match(command)
    .returnType<Decision>()
    .with({ type: 'RegisterUser' }, () => fail({ _tag: 'UserAlreadyRegistered', userId: state.userId ?? '' }))
    .with({ type: 'ErasePersonalData' }, () => fail({ _tag: 'AccountNotClosed' }))
    .with({ type: 'CloseAccount' }, ({ data }) => ok({ type: 'AccountClosed', data: { at: now.toISOString(), ...data } }))
    .with({ type: P.union(...credentialCommands) }, (c) => decideCredentials(c, state, now, policy))
    .with({ type: P.union(...accountDataCommands) }, (c) => decideAccountData(c, state, now, policy))
    .with({ type: P.union(...roleCommands) }, (c) => decideRoles(c, state, now))
    .exhaustive();

export const decideUser =
  (policy: IdentityPolicy = defaultIdentityPolicy) =>
  (command: UserCommand, state: UserState, context: DecisionContext): Decision => {
    const { now } = context;
    if (command.type === 'RegisterUser' && state.status === 'unregistered') {
      const foreign = sealedForOther(command.data.userId, command.data.contact.value);
      if (foreign) return fail(foreign);
      return ok({ type: 'UserRegistered', data: { ...command.data, registeredAt: now.toISOString() } });
    }
    if (command.type === 'ErasePersonalData' && state.status === 'closed') {
      // Idempotent, so a service that crashed between recording and deleting the key can simply run again.
      return state.erasedAt === null ? ok({ type: 'PersonalDataErased', data: { at: now.toISOString() } }) : ok();
    }
    // A closed account may still hold a staff role; taking it away must stay possible.
    if (command.type === 'RevokeRole' && state.status === 'closed') return decideRoles(command, state, now);
    if (command.type === 'RegisterUser' && state.status === 'closed') return fail({ _tag: 'UserAlreadyRegistered', userId: state.userId ?? '' });
    const refused = requireActive(state);
    if (refused) return fail(refused);
    return decideActive(command, state, now, policy);
  };

export type UserDecider = Decider<UserState, UserCommand, UserEvent, UserDecisionError>;

/** The user aggregate, stream `user-<userId>`. */
export const userDecider = (policy: IdentityPolicy = defaultIdentityPolicy): UserDecider => ({
  initialState: initialUserState,
  evolve: evolveUser,
  decide: decideUser(policy),
});
