import type { Clock } from '@shopstream/kernel';
import { z } from 'zod';
import { digest } from '../state/statePort.js';
import type { StatePort } from '../state/statePort.js';

/** A fixed window: at most `limit` attempts per `windowMs`. */
export interface Window {
  readonly limit: number;
  readonly windowMs: number;
}

export interface LimitPolicy {
  /** Attempts from one IP, whatever the account: stops one client hammering many accounts. */
  readonly perIp: Window;
  /** Attempts on one account, from anywhere: slows a distributed guess at one password without locking it. */
  readonly perAccount: Window;
  /**
   * Failures of one IP on one account before that pair is locked out, then locked for `baseLockMs` doubled
   * with each further failure up to `maxLockMs`. Keyed by IP and account together, so nobody can lock a
   * victim out from elsewhere, and capped, so even the victim's own network is never locked out for long.
   */
  readonly lockout: { readonly threshold: number; readonly baseLockMs: number; readonly maxLockMs: number };
}

export const defaultLimitPolicies: Readonly<Record<'login' | 'registration' | 'verification', LimitPolicy>> = {
  login: {
    perIp: { limit: 30, windowMs: 60_000 },
    perAccount: { limit: 60, windowMs: 15 * 60_000 },
    lockout: { threshold: 5, baseLockMs: 30_000, maxLockMs: 15 * 60_000 },
  },
  registration: {
    perIp: { limit: 10, windowMs: 60 * 60_000 },
    perAccount: { limit: 5, windowMs: 60 * 60_000 },
    lockout: { threshold: 5, baseLockMs: 60_000, maxLockMs: 15 * 60_000 },
  },
  verification: {
    perIp: { limit: 30, windowMs: 15 * 60_000 },
    perAccount: { limit: 20, windowMs: 15 * 60_000 },
    lockout: { threshold: 5, baseLockMs: 60_000, maxLockMs: 15 * 60_000 },
  },
};

export type LimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number; readonly reason: 'ip' | 'account' | 'lockout' };

export interface RateLimiter {
  /** Counts an attempt against the windows and says whether it may go ahead. */
  attempt(ip: string, account: string): Promise<LimitDecision>;
  /** A failed attempt (wrong password, wrong code): moves the pair toward, or further into, lockout. */
  failed(ip: string, account: string): Promise<void>;
  /** A successful attempt clears the pair's failures. */
  succeeded(ip: string, account: string): Promise<void>;
}

const Lock = z.object({ failures: z.number().int(), lockedUntil: z.number() });

/** The lock a pair's nth failure earns: none below the threshold, then doubling, capped. */
export const lockDuration = (failures: number, lockout: LimitPolicy['lockout']): number => {
  if (failures < lockout.threshold) return 0;
  const doublings = Math.min(failures - lockout.threshold, 30);
  return Math.min(lockout.baseLockMs * 2 ** doublings, lockout.maxLockMs);
};

export const rateLimiter = (state: StatePort, clock: Clock, name: string, policy: LimitPolicy): RateLimiter => {
  const windows = `http-rate-${name}`;
  const locks = `http-lock-${name}`;
  const account = (id: string): string => digest(id.trim().toLowerCase());
  const pair = (ip: string, id: string): string => digest(ip, account(id));
  const windowKey = (scope: string, windowMs: number): string => `${scope}:${Math.floor(clock.now().getTime() / windowMs)}`;
  const secondsUntilWindowEnds = (windowMs: number): number => Math.max(1, Math.ceil((windowMs - (clock.now().getTime() % windowMs)) / 1000));

  return {
    attempt: async (ip, id) => {
      const lock = Lock.safeParse((await state.get(locks, pair(ip, id)))?.value);
      const now = clock.now().getTime();
      if (lock.success && lock.data.lockedUntil > now) {
        return { allowed: false, reason: 'lockout', retryAfterSeconds: Math.ceil((lock.data.lockedUntil - now) / 1000) };
      }
      const byIp = await state.increment(windows, windowKey(`ip:${digest(ip)}`, policy.perIp.windowMs), { ttlMs: policy.perIp.windowMs });
      if (byIp > policy.perIp.limit) return { allowed: false, reason: 'ip', retryAfterSeconds: secondsUntilWindowEnds(policy.perIp.windowMs) };
      const byAccount = await state.increment(windows, windowKey(`account:${account(id)}`, policy.perAccount.windowMs), { ttlMs: policy.perAccount.windowMs });
      if (byAccount > policy.perAccount.limit) return { allowed: false, reason: 'account', retryAfterSeconds: secondsUntilWindowEnds(policy.perAccount.windowMs) };
      return { allowed: true };
    },
    failed: async (ip, id) => {
      const key = pair(ip, id);
      // A compare-and-set loop, so that concurrent failures each count.
      for (let tries = 0; tries < 5; tries += 1) {
        const entry = await state.get(locks, key);
        const current = Lock.safeParse(entry?.value);
        const failures = (current.success ? current.data.failures : 0) + 1;
        const lockMs = lockDuration(failures, policy.lockout);
        const value = { failures, lockedUntil: clock.now().getTime() + lockMs };
        // Failures are forgotten a while after the longest lock, so the pair starts clean again.
        const ttlMs = policy.lockout.maxLockMs * 2;
        if (await state.put(locks, key, value, { ttlMs, ifVersion: entry === null ? 'absent' : entry.version })) return;
      }
    },
    succeeded: async (ip, id) => {
      await state.delete(locks, pair(ip, id));
    },
  };
};
