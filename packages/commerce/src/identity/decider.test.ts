import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/Either';
import { deciderSpecification } from '@shopstream/kernel/testing';
import type { UserCommand } from './commands.js';
import { userDecider } from './decider.js';
import type { UserEvent } from './events.js';
import { defaultIdentityPolicy } from './policy.js';
import { fakeAddress, fakeHash, fakePasswordHash, fakeSealed } from './testing/fixtures.js';

const spec = deciderSpecification(userDecider());
const NOW = '2026-01-01T00:00:00.000Z';
const at = (iso: string) => ({ now: new Date(iso) });
const plus = (ms: number, from = NOW) => new Date(new Date(from).getTime() + ms).toISOString();
const MIN = 60_000;

const contact = { kind: 'email' as const, hash: fakeHash('alice@example.com'), value: fakeSealed('alice@example.com') };
const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u1', contact, passwordHash: fakePasswordHash('first'), registeredAt: '2025-12-31T23:00:00.000Z' },
};
const codeIssued = (issuedAt: string, codeHash = fakeHash('code-1')): UserEvent => ({
  type: 'ContactVerificationCodeIssued',
  data: { codeHash, issuedAt, expiresAt: plus(15 * MIN, issuedAt), attempts: 5 },
});
const verified: UserEvent = { type: 'ContactVerified', data: { kind: 'email', hash: contact.hash, verifiedAt: '2025-12-31T23:05:00.000Z' } };
const resetRequested = (issuedAt: string, codeHash = fakeHash('reset-1')): UserEvent => ({
  type: 'PasswordResetRequested',
  data: { codeHash, issuedAt, expiresAt: plus(15 * MIN, issuedAt), attempts: 5 },
});
const closed: UserEvent = { type: 'AccountClosed', data: { at: '2025-12-31T23:30:00.000Z', reason: 'customer-request' } };
const addressAdded = (addressId: string): UserEvent => ({ type: 'AddressAdded', data: { addressId, address: fakeAddress(addressId) } });
const defaultSet = (addressId: string): UserEvent => ({ type: 'DefaultAddressSet', data: { addressId } });
const failures = (n: number, from = '2025-12-31T23:40:00.000Z'): UserEvent[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'LoginFailed', data: { at: from, consecutiveFailures: i + 1 } }) as const);
const card = {
  paymentMethodId: 'pm-1',
  provider: 'stripe',
  providerToken: 'pm_1NqUeX2eZvKYlo2C',
  brand: 'Visa',
  last4: '4242',
  expires: { month: 12, year: 2030 },
};

describe('RegisterUser', () => {
  const command: UserCommand = { type: 'RegisterUser', data: { userId: 'u1', contact, passwordHash: fakePasswordHash('first') } };
  it('registers a new user with the contact unverified', () => {
    spec.given([]).when(command).then([{ type: 'UserRegistered', data: { ...command.data, registeredAt: NOW } }]);
  });
  it('refuses a second registration of the same user', () => {
    spec.given([registered]).when(command).then({ _tag: 'UserAlreadyRegistered', userId: 'u1' });
  });
  it('refuses a contact sealed under another data subject, which erasing this user would not reach', () => {
    spec
      .given([])
      .when({ type: 'RegisterUser', data: { ...command.data, contact: { ...contact, value: fakeSealed('x', 'someone-else') } } })
      .then({ _tag: 'InvalidInput', field: 'contact', reason: 'sealed for another data subject' });
  });
  it('refuses to register a closed user again', () => {
    spec.given([registered, closed]).when(command).then({ _tag: 'UserAlreadyRegistered', userId: 'u1' });
  });
});

describe('IssueContactVerificationCode', () => {
  const command: UserCommand = { type: 'IssueContactVerificationCode', data: { codeHash: fakeHash('code-1') } };
  it('issues a code valid for the policy time with the policy attempts', () => {
    spec.given([registered]).when(command).then([codeIssued(NOW)]);
  });
  it('refuses a second code within the resend interval, saying when', () => {
    spec
      .given([registered, codeIssued(plus(-30_000))])
      .when(command)
      .then({ _tag: 'CodeRequestedTooSoon', purpose: 'verify-contact', retryAfter: plus(30_000) });
  });
  it('issues a new code once the resend interval has passed', () => {
    spec.given([registered, codeIssued(plus(-MIN))]).when(command).then([codeIssued(NOW)]);
  });
  it('refuses when the contact is already verified', () => {
    spec.given([registered, verified]).when(command).then({ _tag: 'ContactAlreadyVerified', kind: 'email' });
  });
  it('refuses for an unknown user', () => {
    spec.given([]).when(command).then({ _tag: 'UserNotFound' });
  });
  it('refuses for a closed account', () => {
    spec.given([registered, closed]).when(command).then({ _tag: 'AccountIsClosed', closedAt: closed.data.at });
  });
});

describe('VerifyContact', () => {
  const right: UserCommand = { type: 'VerifyContact', data: { codeHash: fakeHash('code-1') } };
  const wrong: UserCommand = { type: 'VerifyContact', data: { codeHash: fakeHash('code-2') } };
  const issued = codeIssued(plus(-MIN));
  it('verifies the contact with the right code', () => {
    spec.given([registered, issued]).when(right).then([{ type: 'ContactVerified', data: { kind: 'email', hash: contact.hash, verifiedAt: NOW } }]);
  });
  it('records a wrong code and counts down the attempts', () => {
    spec.given([registered, issued]).when(wrong).then([{ type: 'ContactVerificationFailed', data: { attemptsLeft: 4, at: NOW } }]);
  });
  it('refuses every code, even the right one, once the attempts are spent', () => {
    const spent = [4, 3, 2, 1, 0].map((attemptsLeft) => ({ type: 'ContactVerificationFailed', data: { attemptsLeft, at: NOW } }) as const);
    spec.given([registered, issued, ...spent]).when(right).then({ _tag: 'CodeAttemptsExhausted', purpose: 'verify-contact' });
  });
  it('refuses an expired code', () => {
    spec
      .given([registered, issued])
      .when(right, at(plus(15 * MIN)))
      .then({ _tag: 'CodeExpired', purpose: 'verify-contact', expiredAt: plus(14 * MIN) });
  });
  it('refuses when no code was issued', () => {
    spec.given([registered]).when(right).then({ _tag: 'NoCodePending', purpose: 'verify-contact' });
  });
  it('refuses when the contact is already verified', () => {
    spec.given([registered, issued, verified]).when(right).thenFails('ContactAlreadyVerified');
  });
  it('refuses for a closed account', () => {
    spec.given([registered, issued, closed]).when(right).thenFails('AccountIsClosed');
  });
});

describe('LogIn', () => {
  const good: UserCommand = { type: 'LogIn', data: { passwordMatched: true } };
  const bad: UserCommand = { type: 'LogIn', data: { passwordMatched: false } };
  it('records a successful login', () => {
    spec.given([registered]).when(good).then([{ type: 'LoginSucceeded', data: { at: NOW } }]);
  });
  it('counts consecutive failures', () => {
    spec.given([registered, ...failures(2)]).when(bad).then([{ type: 'LoginFailed', data: { at: NOW, consecutiveFailures: 3 } }]);
  });
  it('locks for the first lock time at the fifth failure in a row', () => {
    spec
      .given([registered, ...failures(4)])
      .when(bad)
      .then([
        { type: 'LoginFailed', data: { at: NOW, consecutiveFailures: 5 } },
        { type: 'LoginLockedOut', data: { at: NOW, until: plus(MIN), lockout: 1 } },
      ]);
  });
  it('refuses any login while locked, a right password included, and says until when', () => {
    const locked: UserEvent = { type: 'LoginLockedOut', data: { at: plus(-10_000), until: plus(50_000), lockout: 1 } };
    spec.given([registered, ...failures(5), locked]).when(good).then({ _tag: 'AccountLocked', until: plus(50_000) });
  });
  it('doubles the next lock after the first has passed', () => {
    const locked: UserEvent = { type: 'LoginLockedOut', data: { at: plus(-2 * MIN), until: plus(-MIN), lockout: 1 } };
    spec
      .given([registered, ...failures(5), locked, ...failures(4)])
      .when(bad)
      .then([
        { type: 'LoginFailed', data: { at: NOW, consecutiveFailures: 5 } },
        { type: 'LoginLockedOut', data: { at: NOW, until: plus(2 * MIN), lockout: 2 } },
      ]);
  });
  it('never locks for longer than the bound', () => {
    const locked: UserEvent = { type: 'LoginLockedOut', data: { at: plus(-2 * MIN), until: plus(-MIN), lockout: 30 } };
    spec
      .given([registered, locked, ...failures(4)])
      .when(bad)
      .then([
        { type: 'LoginFailed', data: { at: NOW, consecutiveFailures: 5 } },
        { type: 'LoginLockedOut', data: { at: NOW, until: plus(defaultIdentityPolicy.maxLockMs), lockout: 31 } },
      ]);
  });
  it('starts counting afresh after a successful login', () => {
    spec
      .given([registered, ...failures(4), { type: 'LoginSucceeded', data: { at: NOW } }])
      .when(bad)
      .then([{ type: 'LoginFailed', data: { at: NOW, consecutiveFailures: 1 } }]);
  });
  it('refuses a closed account', () => {
    spec.given([registered, closed]).when(good).thenFails('AccountIsClosed');
  });
  it('refuses an unknown user', () => {
    spec.given([]).when(good).thenFails('UserNotFound');
  });
});

describe('ChangePassword', () => {
  it('records the new hash when the current password matched', () => {
    spec
      .given([registered])
      .when({ type: 'ChangePassword', data: { currentPasswordMatched: true, newPasswordHash: fakePasswordHash('second') } })
      .then([{ type: 'PasswordChanged', data: { passwordHash: fakePasswordHash('second'), at: NOW } }]);
  });
  it('refuses when the current password did not match', () => {
    spec.given([registered]).when({ type: 'ChangePassword', data: { currentPasswordMatched: false } }).then({ _tag: 'CurrentPasswordIncorrect' });
  });
  it('refuses a closed account', () => {
    spec.given([registered, closed]).when({ type: 'ChangePassword', data: { currentPasswordMatched: false } }).thenFails('AccountIsClosed');
  });
});

describe('RequestPasswordReset', () => {
  const command: UserCommand = { type: 'RequestPasswordReset', data: { codeHash: fakeHash('reset-1') } };
  it('records the reset code hash with its expiry', () => {
    spec.given([registered]).when(command).then([resetRequested(NOW)]);
  });
  it('is allowed while the account is locked', () => {
    const locked: UserEvent = { type: 'LoginLockedOut', data: { at: NOW, until: plus(MIN), lockout: 1 } };
    spec.given([registered, locked]).when(command).then([resetRequested(NOW)]);
  });
  it('refuses a second request within the resend interval', () => {
    spec.given([registered, resetRequested(plus(-10_000))]).when(command).thenFails('CodeRequestedTooSoon', { purpose: 'reset-password' });
  });
  it('refuses a closed account', () => {
    spec.given([registered, closed]).when(command).thenFails('AccountIsClosed');
  });
});

describe('ResetPassword', () => {
  const right: UserCommand = { type: 'ResetPassword', data: { codeHash: fakeHash('reset-1'), newPasswordHash: fakePasswordHash('new') } };
  const wrong: UserCommand = { type: 'ResetPassword', data: { codeHash: fakeHash('reset-9'), newPasswordHash: fakePasswordHash('new') } };
  const requested = resetRequested(plus(-MIN));
  it('sets the new password and, the code having reached the contact, verifies it', () => {
    spec
      .given([registered, requested])
      .when(right)
      .then([
        { type: 'PasswordReset', data: { passwordHash: fakePasswordHash('new'), at: NOW } },
        { type: 'ContactVerified', data: { kind: 'email', hash: contact.hash, verifiedAt: NOW } },
      ]);
  });
  it('does not verify an already verified contact again', () => {
    spec.given([registered, verified, requested]).when(right).then([{ type: 'PasswordReset', data: { passwordHash: fakePasswordHash('new'), at: NOW } }]);
  });
  it('lifts a lock', () => {
    const locked: UserEvent = { type: 'LoginLockedOut', data: { at: plus(-MIN), until: plus(30 * MIN), lockout: 3 } };
    const events = [registered, verified, ...failures(5), locked, requested, { type: 'PasswordReset', data: { passwordHash: fakePasswordHash('new'), at: NOW } } as const];
    spec.given(events).when({ type: 'LogIn', data: { passwordMatched: true } }).then([{ type: 'LoginSucceeded', data: { at: NOW } }]);
    // and the lock series starts again from the first lock
    spec
      .given([...events, ...failures(4)])
      .when({ type: 'LogIn', data: { passwordMatched: false } })
      .then([
        { type: 'LoginFailed', data: { at: NOW, consecutiveFailures: 5 } },
        { type: 'LoginLockedOut', data: { at: NOW, until: plus(MIN), lockout: 1 } },
      ]);
  });
  it('records a wrong code and counts down', () => {
    spec.given([registered, requested]).when(wrong).then([{ type: 'PasswordResetFailed', data: { attemptsLeft: 4, at: NOW } }]);
  });
  it('refuses once the attempts are spent', () => {
    const spent = [4, 3, 2, 1, 0].map((attemptsLeft) => ({ type: 'PasswordResetFailed', data: { attemptsLeft, at: NOW } }) as const);
    spec.given([registered, requested, ...spent]).when(right).then({ _tag: 'CodeAttemptsExhausted', purpose: 'reset-password' });
  });
  it('refuses an expired code', () => {
    spec.given([registered, requested]).when(right, at(plus(20 * MIN))).thenFails('CodeExpired', { purpose: 'reset-password' });
  });
  it('refuses when no reset was requested, or the last one was used', () => {
    spec.given([registered]).when(right).then({ _tag: 'NoCodePending', purpose: 'reset-password' });
    spec
      .given([registered, requested, { type: 'PasswordReset', data: { passwordHash: fakePasswordHash('new'), at: NOW } }])
      .when(right)
      .then({ _tag: 'NoCodePending', purpose: 'reset-password' });
  });
  it('refuses a closed account', () => {
    spec.given([registered, requested, closed]).when(right).thenFails('AccountIsClosed');
  });
});

describe('UpdateProfile', () => {
  const data = { name: fakeSealed('Alice'), nickname: fakeSealed('ali'), birthday: null };
  it('records the new profile', () => {
    spec.given([registered]).when({ type: 'UpdateProfile', data }).then([{ type: 'ProfileUpdated', data }]);
  });
  it('refuses a closed account', () => {
    spec.given([registered, closed]).when({ type: 'UpdateProfile', data }).thenFails('AccountIsClosed');
  });
  it('refuses a value sealed under another data subject', () => {
    spec
      .given([registered])
      .when({ type: 'UpdateProfile', data: { ...data, nickname: fakeSealed('ali', 'u2') } })
      .then({ _tag: 'InvalidInput', field: 'nickname', reason: 'sealed for another data subject' });
  });
});

describe('AddAddress', () => {
  const add = (addressId: string, makeDefault = false): UserCommand => ({
    type: 'AddAddress',
    data: { addressId, address: fakeAddress(addressId), makeDefault },
  });
  it('makes the first address the default', () => {
    spec.given([registered]).when(add('a1')).then([addressAdded('a1'), defaultSet('a1')]);
  });
  it('adds a further address without moving the default', () => {
    spec.given([registered, addressAdded('a1'), defaultSet('a1')]).when(add('a2')).then([addressAdded('a2')]);
  });
  it('moves the default when asked', () => {
    spec.given([registered, addressAdded('a1'), defaultSet('a1')]).when(add('a2', true)).then([addressAdded('a2'), defaultSet('a2')]);
  });
  it('refuses an id already in use', () => {
    spec.given([registered, addressAdded('a1'), defaultSet('a1')]).when(add('a1')).then({ _tag: 'AddressAlreadyExists', addressId: 'a1' });
  });
  it('refuses past the address book limit', () => {
    const full = Array.from({ length: defaultIdentityPolicy.maxAddresses }, (_, i) => addressAdded(`a${i}`));
    spec.given([registered, ...full, defaultSet('a0')]).when(add('extra')).then({ _tag: 'AddressBookFull', limit: defaultIdentityPolicy.maxAddresses });
  });
  it('refuses a closed account', () => {
    spec.given([registered, closed]).when(add('a1')).thenFails('AccountIsClosed');
  });
  it('refuses address fields sealed under another data subject', () => {
    spec
      .given([registered])
      .when({ type: 'AddAddress', data: { addressId: 'a1', address: { ...fakeAddress('a1'), lines: fakeSealed('x', 'u2') }, makeDefault: false } })
      .then({ _tag: 'InvalidInput', field: 'lines', reason: 'sealed for another data subject' });
  });
});

describe('UpdateAddress', () => {
  it('records the new details', () => {
    spec
      .given([registered, addressAdded('a1'), defaultSet('a1')])
      .when({ type: 'UpdateAddress', data: { addressId: 'a1', address: fakeAddress('moved') } })
      .then([{ type: 'AddressUpdated', data: { addressId: 'a1', address: fakeAddress('moved') } }]);
  });
  it('refuses address fields sealed under another data subject', () => {
    spec
      .given([registered, addressAdded('a1'), defaultSet('a1')])
      .when({ type: 'UpdateAddress', data: { addressId: 'a1', address: fakeAddress('moved', 'u2') } })
      .then({ _tag: 'InvalidInput', field: 'recipientName', reason: 'sealed for another data subject' });
  });
  it('refuses an unknown address', () => {
    spec.given([registered]).when({ type: 'UpdateAddress', data: { addressId: 'nope', address: fakeAddress('x') } }).then({ _tag: 'AddressNotFound', addressId: 'nope' });
  });
});

describe('RemoveAddress', () => {
  const book = [registered, addressAdded('a1'), addressAdded('a2'), addressAdded('a3'), defaultSet('a2')];
  it('removes an address that is not the default', () => {
    spec.given(book).when({ type: 'RemoveAddress', data: { addressId: 'a1' } }).then([{ type: 'AddressRemoved', data: { addressId: 'a1' } }]);
  });
  it('makes the most recently added other address the default when the default goes', () => {
    spec
      .given(book)
      .when({ type: 'RemoveAddress', data: { addressId: 'a2' } })
      .then([{ type: 'AddressRemoved', data: { addressId: 'a2' } }, defaultSet('a3')]);
  });
  it('leaves no default when the last address goes', () => {
    spec
      .given([registered, addressAdded('a1'), defaultSet('a1')])
      .when({ type: 'RemoveAddress', data: { addressId: 'a1' } })
      .then([{ type: 'AddressRemoved', data: { addressId: 'a1' } }]);
  });
  it('refuses an unknown address', () => {
    spec.given(book).when({ type: 'RemoveAddress', data: { addressId: 'nope' } }).then({ _tag: 'AddressNotFound', addressId: 'nope' });
  });
});

describe('SetDefaultAddress', () => {
  const book = [registered, addressAdded('a1'), defaultSet('a1'), addressAdded('a2')];
  it('moves the default', () => {
    spec.given(book).when({ type: 'SetDefaultAddress', data: { addressId: 'a2' } }).then([defaultSet('a2')]);
  });
  it('records nothing when the address already is the default', () => {
    spec.given(book).when({ type: 'SetDefaultAddress', data: { addressId: 'a1' } }).then([]);
  });
  it('refuses an unknown address', () => {
    spec.given(book).when({ type: 'SetDefaultAddress', data: { addressId: 'nope' } }).then({ _tag: 'AddressNotFound', addressId: 'nope' });
  });
});

describe('SavePaymentMethod', () => {
  const save = (overrides: Partial<typeof card> = {}): UserCommand => ({ type: 'SavePaymentMethod', data: { ...card, ...overrides } });
  it('saves the provider token, brand and last four digits', () => {
    spec.given([registered]).when(save()).then([{ type: 'PaymentMethodSaved', data: card }]);
  });
  it('refuses a token that holds a full card number', () => {
    spec.given([registered]).when(save({ providerToken: '4111 1111 1111 1111' })).thenFails('CardDataRefused', { field: 'providerToken' });
    spec.given([registered]).when(save({ providerToken: 'tok-4242424242424242' })).thenFails('CardDataRefused', { field: 'providerToken' });
  });
  it('refuses a brand or provider with digits in it', () => {
    spec.given([registered]).when(save({ brand: '4111111111111111' })).thenFails('CardDataRefused', { field: 'brand' });
    spec.given([registered]).when(save({ provider: '5500000000000004' })).thenFails('CardDataRefused', { field: 'provider' });
  });
  it('refuses anything but four digits as the last four', () => {
    spec.given([registered]).when(save({ last4: '42424' })).then({ _tag: 'InvalidInput', field: 'last4', reason: 'exactly four digits' });
  });
  it('refuses the same token or id twice', () => {
    const saved: UserEvent = { type: 'PaymentMethodSaved', data: card };
    spec.given([registered, saved]).when(save({ paymentMethodId: 'pm-2' })).then({ _tag: 'PaymentMethodAlreadySaved', paymentMethodId: 'pm-1' });
    spec.given([registered, saved]).when(save({ providerToken: 'pm_other' })).then({ _tag: 'PaymentMethodAlreadySaved', paymentMethodId: 'pm-1' });
  });
  it('refuses past the limit', () => {
    const many = Array.from(
      { length: defaultIdentityPolicy.maxPaymentMethods },
      (_, i): UserEvent => ({ type: 'PaymentMethodSaved', data: { ...card, paymentMethodId: `pm-${i + 10}`, providerToken: `pm_${i}` } }),
    );
    spec.given([registered, ...many]).when(save()).then({ _tag: 'PaymentMethodsFull', limit: defaultIdentityPolicy.maxPaymentMethods });
  });
});

describe('RemovePaymentMethod', () => {
  it('removes a saved method', () => {
    spec
      .given([registered, { type: 'PaymentMethodSaved', data: card }])
      .when({ type: 'RemovePaymentMethod', data: { paymentMethodId: 'pm-1' } })
      .then([{ type: 'PaymentMethodRemoved', data: { paymentMethodId: 'pm-1' } }]);
  });
  it('refuses an unknown one', () => {
    spec.given([registered]).when({ type: 'RemovePaymentMethod', data: { paymentMethodId: 'pm-1' } }).then({ _tag: 'PaymentMethodNotFound', paymentMethodId: 'pm-1' });
  });
});

describe('SetPreferences', () => {
  const command: UserCommand = { type: 'SetPreferences', data: { language: 'zh-CN', currency: 'CNY' } };
  it('records new preferences', () => {
    spec.given([registered]).when(command).then([{ type: 'PreferencesChanged', data: { language: 'zh-CN', currency: 'CNY' } }]);
  });
  it('records nothing when they are unchanged', () => {
    spec.given([registered, { type: 'PreferencesChanged', data: { language: 'zh-CN', currency: 'CNY' } }]).when(command).then([]);
  });
  it('refuses a language that is not a language tag', () => {
    spec.given([registered]).when({ type: 'SetPreferences', data: { language: 'Chinese!', currency: 'CNY' } }).thenFails('InvalidInput', { field: 'language' });
  });
});

describe('GiveConsent and WithdrawConsent', () => {
  const given: UserEvent = { type: 'ConsentGiven', data: { purpose: 'marketing', at: '2025-12-31T23:10:00.000Z' } };
  it('records consent with its time', () => {
    spec.given([registered]).when({ type: 'GiveConsent', data: { purpose: 'marketing' } }).then([{ type: 'ConsentGiven', data: { purpose: 'marketing', at: NOW } }]);
  });
  it('records nothing when consent is already given', () => {
    spec.given([registered, given]).when({ type: 'GiveConsent', data: { purpose: 'marketing' } }).then([]);
  });
  it('records a withdrawal with its time', () => {
    spec
      .given([registered, given])
      .when({ type: 'WithdrawConsent', data: { purpose: 'marketing' } })
      .then([{ type: 'ConsentWithdrawn', data: { purpose: 'marketing', at: NOW } }]);
  });
  it('records nothing when withdrawing what was never given, purposes being separate', () => {
    spec.given([registered, given]).when({ type: 'WithdrawConsent', data: { purpose: 'personalisation' } }).then([]);
  });
  it('refuses a closed account', () => {
    spec.given([registered, closed]).when({ type: 'GiveConsent', data: { purpose: 'marketing' } }).thenFails('AccountIsClosed');
  });
});

describe('CloseAccount', () => {
  it('closes the account', () => {
    spec
      .given([registered])
      .when({ type: 'CloseAccount', data: { reason: 'customer-request' } })
      .then([{ type: 'AccountClosed', data: { at: NOW, reason: 'customer-request' } }]);
  });
  it('refuses a closed account and an unknown user', () => {
    spec.given([registered, closed]).when({ type: 'CloseAccount', data: { reason: 'customer-request' } }).thenFails('AccountIsClosed');
    spec.given([]).when({ type: 'CloseAccount', data: { reason: 'customer-request' } }).thenFails('UserNotFound');
  });
  it('refuses every command but erasure afterwards', () => {
    const commands: UserCommand[] = [
      { type: 'IssueContactVerificationCode', data: { codeHash: fakeHash('c') } },
      { type: 'LogIn', data: { passwordMatched: true } },
      { type: 'UpdateProfile', data: { name: null, nickname: null, birthday: null } },
      { type: 'AddAddress', data: { addressId: 'a1', address: fakeAddress('a1'), makeDefault: true } },
      { type: 'SavePaymentMethod', data: card },
      { type: 'SetPreferences', data: { language: 'en', currency: 'USD' } },
      { type: 'WithdrawConsent', data: { purpose: 'marketing' } },
    ];
    for (const command of commands) spec.given([registered, closed]).when(command).thenFails('AccountIsClosed');
  });
});

describe('ErasePersonalData', () => {
  const erase: UserCommand = { type: 'ErasePersonalData', data: {} };
  it('records the erasure of a closed account', () => {
    spec.given([registered, closed]).when(erase).then([{ type: 'PersonalDataErased', data: { at: NOW } }]);
  });
  it('records nothing the second time, so a crashed erasure can run again', () => {
    spec.given([registered, closed, { type: 'PersonalDataErased', data: { at: NOW } }]).when(erase).then([]);
  });
  it('refuses an open account and an unknown user', () => {
    spec.given([registered]).when(erase).then({ _tag: 'AccountNotClosed' });
    spec.given([]).when(erase).then({ _tag: 'UserNotFound' });
  });
});

describe('policy', () => {
  it('takes a stricter policy', () => {
    const strict = deciderSpecification(userDecider({ ...defaultIdentityPolicy, lockAfterFailures: 2, firstLockMs: 5 * MIN }));
    const decision = strict.given([registered, ...failures(1)]).when({ type: 'LogIn', data: { passwordMatched: false } }).decision();
    expect(E.isRight(decision) && decision.right.at(-1)).toEqual({ type: 'LoginLockedOut', data: { at: NOW, until: plus(5 * MIN), lockout: 1 } });
  });
});
