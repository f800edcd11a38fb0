import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { normaliseContact } from '../contact.js';
import { checkPassword } from '../inputs.js';
import type { StaffRole } from '../events.js';
import type { UserState } from '../state.js';
import type { RequestMetadata, Runtime, ServiceResult } from './runtime.js';
import { recorded } from './runtime.js';

/** The open account holding a contact, or null: the contact's claim says who, the user stream says whether open. */
const holderOf = async (
  rt: Runtime,
  kind: 'email' | 'phone',
  value: string,
): Promise<{ userId: string; state: UserState; passwordHash: string } | null> => {
  const claim = await rt.loadClaim(rt.config.contacts.hash(kind, value));
  if (claim.holder === null) return null;
  const state = await rt.loadUser(claim.holder);
  return state.status === 'active' && state.passwordHash !== null ? { userId: claim.holder, state, passwordHash: state.passwordHash } : null;
};

const isLocked = (state: UserState, now: Date): boolean =>
  state.login.lockedUntil !== null && now.getTime() < new Date(state.login.lockedUntil).getTime();

/**
 * A hash of a password nobody knows, checked when the contact is unknown so that an unknown contact costs
 * as much time as a wrong password and the response time does not tell who is a customer.
 */
const decoy = (rt: Runtime): (() => Promise<string>) => {
  let made: Promise<string> | null = null;
  return () => (made ??= rt.config.passwords.hash(randomUUID()));
};

export const authentication = (rt: Runtime) => {
  const { config } = rt;
  const decoyHash = decoy(rt);

  /**
   * Logs in with an email or phone and a password. A locked account is refused before the password is even
   * checked; five failures in a row lock it for a while that doubles with each lock, up to the policy's bound.
   */
  const logIn = async (
    input: { readonly contact: string; readonly password: string },
    metadata?: RequestMetadata,
  ): Promise<ServiceResult<{ readonly userId: string; readonly roles: readonly StaffRole[] }>> => {
    const contact = normaliseContact(input.contact, rt.phone);
    if (E.isLeft(contact)) return E.left({ _tag: 'InvalidCredentials' });
    const holder = await holderOf(rt, contact.right.kind, contact.right.value);
    if (holder === null) {
      await config.passwords.verify(input.password, await decoyHash());
      return E.left({ _tag: 'InvalidCredentials' });
    }
    const { userId, state, passwordHash } = holder;
    if (isLocked(state, config.clock.now())) return E.left({ _tag: 'AccountLocked', until: state.login.lockedUntil ?? '' });
    const passwordMatched = await config.passwords.verify(input.password, passwordHash);
    const result = await rt.user(userId, { type: 'LogIn', data: { passwordMatched } }, metadata);
    if (E.isLeft(result)) return result;
    const lockedOut = recorded(result.right.events, 'LoginLockedOut');
    if (lockedOut) return E.left({ _tag: 'AccountLocked', until: lockedOut.data.until });
    if (!passwordMatched) return E.left({ _tag: 'InvalidCredentials' });
    // Hashes made under older, weaker parameters are replaced while the password is at hand.
    if (config.passwords.needsRehash(passwordHash)) {
      const newPasswordHash = await config.passwords.hash(input.password);
      await rt.user(userId, { type: 'ChangePassword', data: { currentPasswordMatched: true, newPasswordHash } }, metadata);
    }
    return E.right({ userId, roles: result.right.state.roles });
  };

  const changePassword = async (
    userId: string,
    input: { readonly currentPassword: string; readonly newPassword: string },
    metadata?: RequestMetadata,
  ): Promise<ServiceResult<void>> => {
    const next = checkPassword(input.newPassword);
    if (E.isLeft(next)) return next;
    const state = await rt.loadUser(userId);
    const matched = state.passwordHash !== null && (await config.passwords.verify(input.currentPassword, state.passwordHash));
    // Hash only once the current password is known to be right, to keep the cost of a wrong guess low.
    const result = await rt.user(
      userId,
      {
        type: 'ChangePassword',
        data: matched ? { currentPasswordMatched: true, newPasswordHash: await config.passwords.hash(next.right) } : { currentPasswordMatched: false },
      },
      metadata,
    );
    return E.map(() => undefined)(result);
  };

  /**
   * Sends a reset code to the contact, when it belongs to an open account. The answer is the same either way,
   * and a code asked for too soon is silently not sent, so the reset form cannot be used to find customers.
   */
  const requestPasswordReset = async (input: { readonly contact: string }, metadata?: RequestMetadata): Promise<ServiceResult<void>> => {
    const contact = normaliseContact(input.contact, rt.phone);
    if (E.isLeft(contact)) return contact;
    const holder = await holderOf(rt, contact.right.kind, contact.right.value);
    if (holder === null) return E.right(undefined);
    const code = config.codes.generate();
    const codeHash = config.codes.hash('reset-password', holder.userId, code);
    const requested = await rt.user(holder.userId, { type: 'RequestPasswordReset', data: { codeHash } }, metadata);
    if (E.isLeft(requested)) return requested.left._tag === 'CodeRequestedTooSoon' ? E.right(undefined) : requested;
    await config.notifier.send({
      // The code goes to the contact that was typed, which is the one the account holds.
      to: contact.right.value,
      channel: contact.right.kind === 'email' ? 'email' : 'sms',
      template: 'reset-password',
      params: { code, validMinutes: String(Math.round(rt.policy.codeTtlMs / 60_000)) },
    });
    return E.right(undefined);
  };

  /** Sets a new password with a reset code; this also lifts a lock and proves the contact. */
  const resetPassword = async (
    input: { readonly contact: string; readonly code: string; readonly newPassword: string },
    metadata?: RequestMetadata,
  ): Promise<ServiceResult<{ readonly userId: string }>> => {
    const contact = normaliseContact(input.contact, rt.phone);
    if (E.isLeft(contact)) return contact;
    const next = checkPassword(input.newPassword);
    if (E.isLeft(next)) return next;
    const holder = await holderOf(rt, contact.right.kind, contact.right.value);
    // Just what an account with no reset under way answers.
    if (holder === null) return E.left({ _tag: 'NoCodePending', purpose: 'reset-password' });
    const codeHash = config.codes.hash('reset-password', holder.userId, input.code);
    const current = holder.passwordHash;
    // A dry run on the loaded state tells whether the code is right before any time is spent hashing. When it is
    // not, the command carries the current hash, which a wrong code never records and a right one would only keep.
    const preview = rt.dryRun({ type: 'ResetPassword', data: { codeHash, newPasswordHash: current } }, holder.state);
    if (E.isLeft(preview)) return preview;
    const matched = preview.right.some((e) => e.type === 'PasswordReset');
    const newPasswordHash = matched ? await config.passwords.hash(next.right) : current;
    const result = await rt.user(holder.userId, { type: 'ResetPassword', data: { codeHash, newPasswordHash } }, metadata);
    if (E.isLeft(result)) return result;
    const failed = recorded(result.right.events, 'PasswordResetFailed');
    if (failed) return E.left({ _tag: 'IncorrectCode', purpose: 'reset-password', attemptsLeft: failed.data.attemptsLeft });
    return E.right({ userId: holder.userId });
  };

  return { logIn, changePassword, requestPasswordReset, resetPassword };
};
