import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@shopstream/kernel';
import { memoryStateStore } from '@shopstream/sdk';
import { lockDuration, rateLimiter } from './rateLimiter.js';
import type { LimitPolicy } from './rateLimiter.js';

const lockout = fc.record({ threshold: fc.integer({ min: 1, max: 10 }), baseLockMs: fc.integer({ min: 1, max: 60_000 }), maxLockMs: fc.integer({ min: 60_000, max: 3_600_000 }) });

describe('lockDuration', () => {
  it('is zero below the threshold, never decreases with more failures, and never exceeds the cap', () => {
    fc.assert(
      fc.property(lockout, fc.integer({ min: 0, max: 10_000 }), (policy, failures) => {
        const now = lockDuration(failures, policy);
        expect(now).toBeLessThanOrEqual(policy.maxLockMs);
        expect(lockDuration(failures + 1, policy)).toBeGreaterThanOrEqual(now);
        if (failures < policy.threshold) expect(now).toBe(0);
        else expect(now).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('rateLimiter', () => {
  const policy: LimitPolicy = {
    perIp: { limit: 1000, windowMs: 60_000 },
    perAccount: { limit: 1000, windowMs: 60_000 },
    lockout: { threshold: 3, baseLockMs: 1000, maxLockMs: 8000 },
  };

  it('however many failures a pair piles up, it is free again within the cap, and other IPs never wait', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 40 }), async (failures) => {
        const clock = new ManualClock();
        const limiter = rateLimiter(memoryStateStore({ clock, sweepIntervalMs: 0 }), clock, 'login', policy);
        for (let i = 0; i < failures; i += 1) await limiter.failed('10.0.0.1', 'victim@example.com');
        const decision = await limiter.attempt('10.0.0.1', 'victim@example.com');
        expect(decision.allowed).toBe(failures < policy.lockout.threshold);
        expect((await limiter.attempt('10.0.0.2', 'Victim@Example.com ')).allowed).toBe(true);
        clock.advance(policy.lockout.maxLockMs);
        expect((await limiter.attempt('10.0.0.1', 'victim@example.com')).allowed).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('counts attempts in fixed windows per IP', async () => {
    const clock = new ManualClock();
    const limiter = rateLimiter(memoryStateStore({ clock, sweepIntervalMs: 0 }), clock, 'register', { ...policy, perIp: { limit: 3, windowMs: 60_000 } });
    const allowed = [];
    for (let i = 0; i < 5; i += 1) allowed.push((await limiter.attempt('10.0.0.9', `user${i}`)).allowed);
    expect(allowed).toEqual([true, true, true, false, false]);
    clock.advance(60_000);
    expect((await limiter.attempt('10.0.0.9', 'user9')).allowed).toBe(true);
  });
});
