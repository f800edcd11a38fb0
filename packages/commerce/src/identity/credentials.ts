import { match } from 'ts-pattern';
import type { UserCommand } from './commands.js';
import { constantTimeEqual } from './constantTime.js';
import type { Decision } from './decision.js';
import { fail, later, ok } from './decision.js';
import type { UserDecisionError } from './errors.js';
import type { UserEvent } from './events.js';
import type { IdentityPolicy } from './policy.js';
import { lockDuration } from './policy.js';
import type { PendingCode, UserState } from './state.js';
import type { CodePurpose } from './verificationCodes.js';

export const credentialCommands = [
  'IssueContactVerificationCode',
  'VerifyContact',
  'LogIn',
  'ChangePassword',
  'RequestPasswordReset',
  'ResetPassword',
] as const;
export type CredentialCommand = Extract<UserCommand, { type: (typeof credentialCommands)[number] }>;

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


/** Proving the contact, logging in, lockout and passwords, for an open account. */
export const decideCredentials = (command: CredentialCommand, state: UserState, now: Date, policy: IdentityPolicy): Decision => {
  const at = now.toISOString();
  return match(command)
    .returnType<Decision>()
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
    .exhaustive();
};
