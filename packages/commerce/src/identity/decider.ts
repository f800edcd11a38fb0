import * as E from 'fp-ts/Either';
import type { Either } from 'fp-ts/Either';
import { match } from 'ts-pattern';
import type { Decider, DecisionContext } from '@shopstream/kernel';
import type { UserCommand } from './commands.js';
import { looksLikeCardNumber } from './cardData.js';
import { constantTimeEqual } from './constantTime.js';
import type { UserDecisionError } from './errors.js';
import type { AddressDetails, UserEvent } from './events.js';
import type { Sealed } from '../shared/sealed.js';
import type { IdentityPolicy } from './policy.js';
import { defaultIdentityPolicy, lockDuration } from './policy.js';
import type { PendingCode, UserState } from './state.js';
import { evolveUser, initialUserState } from './state.js';
import type { CodePurpose } from './verificationCodes.js';

type Decision = Either<UserDecisionError, readonly UserEvent[]>;

const ok = (...events: UserEvent[]): Decision => E.right(events);
const fail = (error: UserDecisionError): Decision => E.left(error);
const later = (now: Date, ms: number): string => new Date(now.getTime() + ms).toISOString();

/** Commands other than registration and erasure need an open account. */
const requireActive = (state: UserState): UserDecisionError | null =>
  state.status === 'unregistered'
    ? { _tag: 'UserNotFound' }
    : state.status === 'closed'
      ? { _tag: 'AccountIsClosed', closedAt: state.closedAt ?? '' }
      : null;

/** Refuses a second code of a purpose within the resend interval. */
const resendCheck = (code: PendingCode | null, purpose: CodePurpose, now: Date, policy: IdentityPolicy): UserDecisionError | null => {
  if (code === null) return null;
  const allowedAt = new Date(code.issuedAt).getTime() + policy.codeResendAfterMs;
  return now.getTime() < allowedAt ? { _tag: 'CodeRequestedTooSoon', purpose, retryAfter: new Date(allowedAt).toISOString() } : null;
};

type CodeCheck = { readonly outcome: 'matched' } | { readonly outcome: 'wrong'; readonly attemptsLeft: number } | UserDecisionError;

/** Whether an entered code's hash matches the pending one, spending one attempt when it does not. */
const checkCode = (code: PendingCode | null, purpose: CodePurpose, codeHash: string, now: Date): CodeCheck => {
  if (code === null) return { _tag: 'NoCodePending', purpose };
  if (now.getTime() >= new Date(code.expiresAt).getTime()) return { _tag: 'CodeExpired', purpose, expiredAt: code.expiresAt };
  if (code.attemptsLeft <= 0) return { _tag: 'CodeAttemptsExhausted', purpose };
  return constantTimeEqual(code.codeHash, codeHash) ? { outcome: 'matched' } : { outcome: 'wrong', attemptsLeft: code.attemptsLeft - 1 };
};

/**
 * Personal data must be sealed under its owner's key, or erasing the owner would leave it readable. Names the
 * first field sealed for someone else.
 */
const sealedForOther = (userId: string | null, fields: Readonly<Record<string, Sealed | null>>): UserDecisionError | null => {
  const foreign = Object.entries(fields).find(([, value]) => value !== null && value.subject !== userId);
  return foreign ? { _tag: 'InvalidInput', field: foreign[0], reason: 'sealed for another data subject' } : null;
};

const addressSealedForOther = (userId: string | null, address: AddressDetails): UserDecisionError | null =>
  sealedForOther(userId, { recipientName: address.recipientName, phone: address.phone, lines: address.lines });

const PROVIDER = /^[a-z][a-z0-9_-]{0,31}$/;
const BRAND = /^[A-Za-z][A-Za-z .-]{0,31}$/;
const LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** Only a provider's token, the brand and the last four digits may be kept: anything like a card number is refused. */
const paymentMethodProblem = (data: Extract<UserCommand, { type: 'SavePaymentMethod' }>['data']): UserDecisionError | null => {
  if (looksLikeCardNumber(data.providerToken)) {
    return { _tag: 'CardDataRefused', field: 'providerToken', reason: 'holds what looks like a full card number' };
  }
  if (looksLikeCardNumber(data.provider) || !PROVIDER.test(data.provider)) {
    return { _tag: 'CardDataRefused', field: 'provider', reason: 'a provider is a short lower-case name' };
  }
  if (!BRAND.test(data.brand)) return { _tag: 'CardDataRefused', field: 'brand', reason: 'a brand is a name without digits' };
  if (!/^\d{4}$/.test(data.last4)) return { _tag: 'InvalidInput', field: 'last4', reason: 'exactly four digits' };
  if (data.providerToken.length === 0 || data.providerToken.length > 256) {
    return { _tag: 'InvalidInput', field: 'providerToken', reason: '1 to 256 characters' };
  }
  return null;
};

const decideActive = (command: UserCommand, state: UserState, now: Date, policy: IdentityPolicy): Decision => {
  const at = now.toISOString();
  return match(command)
    .returnType<Decision>()
    .with({ type: 'RegisterUser' }, () => fail({ _tag: 'UserAlreadyRegistered', userId: state.userId ?? '' }))
    .with({ type: 'ErasePersonalData' }, () => fail({ _tag: 'AccountNotClosed' }))
    .with({ type: 'IssueContactVerificationCode' }, ({ data }) => {
      if (state.contact?.verified) return fail({ _tag: 'ContactAlreadyVerified', kind: state.contact.kind });
      const tooSoon = resendCheck(state.verification, 'verify-contact', now, policy);
      if (tooSoon) return fail(tooSoon);
      return ok({
        type: 'ContactVerificationCodeIssued',
        data: { codeHash: data.codeHash, issuedAt: at, expiresAt: later(now, policy.codeTtlMs), attempts: policy.codeAttempts },
      });
    })
    .with({ type: 'VerifyContact' }, ({ data }) => {
      if (state.contact?.verified) return fail({ _tag: 'ContactAlreadyVerified', kind: state.contact.kind });
      const checked = checkCode(state.verification, 'verify-contact', data.codeHash, now);
      if ('_tag' in checked) return fail(checked);
      if (checked.outcome === 'wrong') return ok({ type: 'ContactVerificationFailed', data: { attemptsLeft: checked.attemptsLeft, at } });
      return state.contact ? ok({ type: 'ContactVerified', data: { kind: state.contact.kind, hash: state.contact.hash, verifiedAt: at } }) : ok();
    })
    .with({ type: 'LogIn' }, ({ data }) => {
      const { lockedUntil, consecutiveFailures, lockouts } = state.login;
      if (lockedUntil !== null && now.getTime() < new Date(lockedUntil).getTime()) return fail({ _tag: 'AccountLocked', until: lockedUntil });
      if (data.passwordMatched) return ok({ type: 'LoginSucceeded', data: { at } });
      const failures = consecutiveFailures + 1;
      const failed: UserEvent = { type: 'LoginFailed', data: { at, consecutiveFailures: failures } };
      if (failures < policy.lockAfterFailures) return ok(failed);
      const lockout = lockouts + 1;
      return ok(failed, { type: 'LoginLockedOut', data: { at, until: later(now, lockDuration(policy, lockout)), lockout } });
    })
    .with({ type: 'ChangePassword' }, ({ data }) =>
      data.currentPasswordMatched
        ? ok({ type: 'PasswordChanged', data: { passwordHash: data.newPasswordHash, at } })
        : fail({ _tag: 'CurrentPasswordIncorrect' }),
    )
    .with({ type: 'RequestPasswordReset' }, ({ data }) => {
      const tooSoon = resendCheck(state.reset, 'reset-password', now, policy);
      if (tooSoon) return fail(tooSoon);
      return ok({
        type: 'PasswordResetRequested',
        data: { codeHash: data.codeHash, issuedAt: at, expiresAt: later(now, policy.codeTtlMs), attempts: policy.codeAttempts },
      });
    })
    .with({ type: 'ResetPassword' }, ({ data }) => {
      const checked = checkCode(state.reset, 'reset-password', data.codeHash, now);
      if ('_tag' in checked) return fail(checked);
      if (checked.outcome === 'wrong') return ok({ type: 'PasswordResetFailed', data: { attemptsLeft: checked.attemptsLeft, at } });
      const reset: UserEvent = { type: 'PasswordReset', data: { passwordHash: data.newPasswordHash, at } };
      // The code went to the contact, so entering it proves the contact as well as a verification code would.
      return state.contact && !state.contact.verified
        ? ok(reset, { type: 'ContactVerified', data: { kind: state.contact.kind, hash: state.contact.hash, verifiedAt: at } })
        : ok(reset);
    })
    .with({ type: 'UpdateProfile' }, ({ data }) => {
      const foreign = sealedForOther(state.userId, data);
      return foreign ? fail(foreign) : ok({ type: 'ProfileUpdated', data: { ...data } });
    })
    .with({ type: 'AddAddress' }, ({ data }) => {
      const foreign = addressSealedForOther(state.userId, data.address);
      if (foreign) return fail(foreign);
      if (state.addresses.some((a) => a.addressId === data.addressId)) return fail({ _tag: 'AddressAlreadyExists', addressId: data.addressId });
      if (state.addresses.length >= policy.maxAddresses) return fail({ _tag: 'AddressBookFull', limit: policy.maxAddresses });
      const added: UserEvent = { type: 'AddressAdded', data: { addressId: data.addressId, address: data.address } };
      // The first address is the default, so there is one whenever there are any.
      return data.makeDefault || state.defaultAddressId === null
        ? ok(added, { type: 'DefaultAddressSet', data: { addressId: data.addressId } })
        : ok(added);
    })
    .with({ type: 'UpdateAddress' }, ({ data }) => {
      if (!state.addresses.some((a) => a.addressId === data.addressId)) return fail({ _tag: 'AddressNotFound', addressId: data.addressId });
      const foreign = addressSealedForOther(state.userId, data.address);
      return foreign ? fail(foreign) : ok({ type: 'AddressUpdated', data: { addressId: data.addressId, address: data.address } });
    })
    .with({ type: 'RemoveAddress' }, ({ data }) => {
      if (!state.addresses.some((a) => a.addressId === data.addressId)) return fail({ _tag: 'AddressNotFound', addressId: data.addressId });
      const removed: UserEvent = { type: 'AddressRemoved', data: { addressId: data.addressId } };
      if (state.defaultAddressId !== data.addressId) return ok(removed);
      // The most recently added of the others becomes the default.
      const successor = state.addresses.filter((a) => a.addressId !== data.addressId).at(-1);
      return successor ? ok(removed, { type: 'DefaultAddressSet', data: { addressId: successor.addressId } }) : ok(removed);
    })
    .with({ type: 'SetDefaultAddress' }, ({ data }) => {
      if (!state.addresses.some((a) => a.addressId === data.addressId)) return fail({ _tag: 'AddressNotFound', addressId: data.addressId });
      return state.defaultAddressId === data.addressId ? ok() : ok({ type: 'DefaultAddressSet', data: { addressId: data.addressId } });
    })
    .with({ type: 'SavePaymentMethod' }, ({ data }) => {
      const problem = paymentMethodProblem(data);
      if (problem) return fail(problem);
      const existing = state.paymentMethods.find(
        (p) => p.paymentMethodId === data.paymentMethodId || (p.provider === data.provider && p.providerToken === data.providerToken),
      );
      if (existing) return fail({ _tag: 'PaymentMethodAlreadySaved', paymentMethodId: existing.paymentMethodId });
      if (state.paymentMethods.length >= policy.maxPaymentMethods) return fail({ _tag: 'PaymentMethodsFull', limit: policy.maxPaymentMethods });
      return ok({ type: 'PaymentMethodSaved', data: { ...data } });
    })
    .with({ type: 'RemovePaymentMethod' }, ({ data }) =>
      state.paymentMethods.some((p) => p.paymentMethodId === data.paymentMethodId)
        ? ok({ type: 'PaymentMethodRemoved', data: { paymentMethodId: data.paymentMethodId } })
        : fail({ _tag: 'PaymentMethodNotFound', paymentMethodId: data.paymentMethodId }),
    )
    .with({ type: 'SetPreferences' }, ({ data }) => {
      if (!LANGUAGE.test(data.language)) return fail({ _tag: 'InvalidInput', field: 'language', reason: 'a BCP 47 tag such as zh-CN' });
      const same = state.preferences?.language === data.language && state.preferences.currency === data.currency;
      return same ? ok() : ok({ type: 'PreferencesChanged', data: { language: data.language, currency: data.currency } });
    })
    .with({ type: 'GiveConsent' }, ({ data }) =>
      state.consents[data.purpose]?.granted ? ok() : ok({ type: 'ConsentGiven', data: { purpose: data.purpose, at } }),
    )
    .with({ type: 'WithdrawConsent' }, ({ data }) =>
      // Never given counts as withdrawn: nothing to record.
      state.consents[data.purpose]?.granted ? ok({ type: 'ConsentWithdrawn', data: { purpose: data.purpose, at } }) : ok(),
    )
    .with({ type: 'CloseAccount' }, ({ data }) => ok({ type: 'AccountClosed', data: { at, reason: data.reason } }))
    .exhaustive();
};

export const decideUser =
  (policy: IdentityPolicy = defaultIdentityPolicy) =>
  (command: UserCommand, state: UserState, context: DecisionContext): Decision => {
    const { now } = context;
    if (command.type === 'RegisterUser' && state.status === 'unregistered') {
      const foreign = sealedForOther(command.data.userId, { contact: command.data.contact.value });
      if (foreign) return fail(foreign);
      return ok({ type: 'UserRegistered', data: { ...command.data, registeredAt: now.toISOString() } });
    }
    if (command.type === 'ErasePersonalData' && state.status === 'closed') {
      // Idempotent, so a service that crashed between recording and deleting the key can simply run again.
      return state.erasedAt === null ? ok({ type: 'PersonalDataErased', data: { at: now.toISOString() } }) : ok();
    }
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
