/** The identity context's numbers, in one place so that a shop can tighten them. */
export interface IdentityPolicy {
  /** How long a one-time code stays valid. */
  readonly codeTtlMs: number;
  /** Wrong guesses allowed per code: with 6 digits and 5 attempts a guess succeeds with probability 5 in a million. */
  readonly codeAttempts: number;
  /** The least time between two codes of the same purpose, so a user's phone cannot be flooded. */
  readonly codeResendAfterMs: number;
  /** Consecutive failed logins that lock the account. */
  readonly lockAfterFailures: number;
  /** The first lock's length; each further lock in a row doubles it, up to `maxLockMs`. */
  readonly firstLockMs: number;
  /** The longest a lock lasts, so that an attacker who knows the login cannot lock its owner out for good. */
  readonly maxLockMs: number;
  readonly maxAddresses: number;
  readonly maxPaymentMethods: number;
}

export const defaultIdentityPolicy: IdentityPolicy = {
  codeTtlMs: 15 * 60_000,
  codeAttempts: 5,
  codeResendAfterMs: 60_000,
  lockAfterFailures: 5,
  firstLockMs: 60_000,
  maxLockMs: 60 * 60_000,
  maxAddresses: 20,
  maxPaymentMethods: 10,
};

/** The length of the `lockout`-th lock in a row (1-based): doubling, capped. */
export const lockDuration = (policy: IdentityPolicy, lockout: number): number =>
  Math.min(policy.maxLockMs, policy.firstLockMs * 2 ** Math.min(Math.max(lockout - 1, 0), 40));
