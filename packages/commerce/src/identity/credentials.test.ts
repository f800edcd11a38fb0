import { describe, it } from 'vitest';
import { deciderSpecification } from '@shopstream/kernel/testing';
import type { UserCommand } from './commands.js';
import { userDecider } from './decider.js';
import type { UserEvent } from './events.js';
import { defaultIdentityPolicy } from './policy.js';
import { fakeHash, fakePasswordHash } from './testing/fixtures.js';
import { MIN, NOW, at, closed, codeIssued, contact, failures, plus, registered, resetRequested, verified } from './testing/userHistory.js';

const spec = deciderSpecification(userDecider());

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
    spec.given([registered, closed]).when(command).then({ _tag: 'AccountIsClosed', closedAt: '2025-12-31T23:30:00.000Z' });
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

