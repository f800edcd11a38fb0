import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { deciderSpecification } from '@shopstream/kernel/testing';
import type { UserCommand } from './commands.js';
import { userDecider } from './decider.js';
import { defaultIdentityPolicy } from './policy.js';
import { fakeAddress, fakeHash, fakePasswordHash, fakeSealed } from './testing/fixtures.js';
import { MIN, NOW, addressAdded, card, closed, contact, defaultSet, failures, plus, registered } from './testing/userHistory.js';

const spec = deciderSpecification(userDecider());

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

describe('CloseAccount', () => {
  it('closes the account', () => {
    spec
      .given([registered])
      .when({ type: 'CloseAccount', data: { reason: 'customer-request' } })
      .then([{ type: 'AccountClosed', data: { at: NOW, reason: 'customer-request' } }]);
  });
  it('records the staff member who decided a closure, and no one for the customer\'s own request', () => {
    spec
      .given([registered])
      .when({ type: 'CloseAccount', data: { reason: 'staff-decision', closedBy: 'u-admin' } })
      .then([{ type: 'AccountClosed', data: { at: NOW, reason: 'staff-decision', closedBy: 'u-admin' } }]);
    spec
      .given([registered])
      .when({ type: 'CloseAccount', data: { reason: 'abandoned-unverified' } })
      .then([{ type: 'AccountClosed', data: { at: NOW, reason: 'abandoned-unverified' } }]);
  });
  it('refuses a closed account and an unknown user', () => {
    spec.given([registered, closed]).when({ type: 'CloseAccount', data: { reason: 'customer-request' } }).thenFails('AccountIsClosed');
    spec.given([]).when({ type: 'CloseAccount', data: { reason: 'customer-request' } }).thenFails('UserNotFound');
  });
  it('refuses every command but erasure afterwards, and every one before registration', () => {
    const commands: UserCommand[] = [
      { type: 'IssueContactVerificationCode', data: { codeHash: fakeHash('c') } },
      { type: 'VerifyContact', data: { codeHash: fakeHash('c') } },
      { type: 'LogIn', data: { passwordMatched: true } },
      { type: 'ChangePassword', data: { currentPasswordMatched: true, newPasswordHash: fakePasswordHash('n') } },
      { type: 'RequestPasswordReset', data: { codeHash: fakeHash('r') } },
      { type: 'ResetPassword', data: { codeHash: fakeHash('r'), newPasswordHash: fakePasswordHash('n') } },
      { type: 'UpdateProfile', data: { name: null, nickname: null, birthday: null } },
      { type: 'AddAddress', data: { addressId: 'a1', address: fakeAddress('a1'), makeDefault: true } },
      { type: 'UpdateAddress', data: { addressId: 'a1', address: fakeAddress('a1') } },
      { type: 'RemoveAddress', data: { addressId: 'a1' } },
      { type: 'SetDefaultAddress', data: { addressId: 'a1' } },
      { type: 'SavePaymentMethod', data: card },
      { type: 'RemovePaymentMethod', data: { paymentMethodId: 'pm-1' } },
      { type: 'SetPreferences', data: { language: 'en', currency: 'USD' } },
      { type: 'GiveConsent', data: { purpose: 'marketing' } },
      { type: 'WithdrawConsent', data: { purpose: 'marketing' } },
      { type: 'CloseAccount', data: { reason: 'staff-decision', closedBy: 'u-admin' } },
    ];
    const book = [addressAdded('a1'), defaultSet('a1'), { type: 'PaymentMethodSaved', data: card } as const];
    for (const command of commands) {
      spec.given([registered, ...book, closed]).when(command).then({ _tag: 'AccountIsClosed', closedAt: '2025-12-31T23:30:00.000Z' });
      spec.given([]).when(command).then({ _tag: 'UserNotFound' });
    }
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

