import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@shopstream/kernel';
import { memoryStateStore } from '@shopstream/sdk';
import { checkAccess } from './access.js';
import { sessions } from './sessions.js';

const setup = () => {
  const clock = new ManualClock();
  const state = memoryStateStore({ clock, sweepIntervalMs: 0 });
  return { clock, state, store: sessions(state, clock, { idleTimeoutMs: 10_000, absoluteTimeoutMs: 60_000 }) };
};

describe('sessions', () => {
  it('an idle session ends; a used one slides, but never past the absolute lifetime', async () => {
    const { clock, store } = setup();
    const idle = await store.open('u1', ['customer']);
    clock.advance(10_000);
    expect(await store.authenticate(idle.token)).toBeUndefined();

    const busy = await store.open('u2', ['customer']);
    for (let t = 0; t < 55_000; t += 6_000) {
      expect((await store.authenticate(busy.token))?.userId).toBe('u2');
      clock.advance(6_000);
    }
    clock.advance(6_000);
    expect(await store.authenticate(busy.token)).toBeUndefined();
  });

  it('tokens are distinct, unguessable by shape, and never stored in the clear', async () => {
    const { state, store } = setup();
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => store.open(`u${i}`, ['customer'])));
    expect(new Set(tokens.map((t) => t.token)).size).toBe(20);
    const stored = JSON.stringify(await state.list('http-session'));
    for (const { token } of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(stored).not.toContain(token);
    }
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 0, maxLength: 60 }), async (guess) => {
        expect(await store.authenticate(guess)).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });

  it('closeAllOf ends every session of a user but the one kept', async () => {
    const { store } = setup();
    const a = await store.open('u1', ['customer']);
    const b = await store.open('u1', ['customer']);
    const other = await store.open('u2', ['customer']);
    const kept = await store.authenticate(a.token);
    await store.closeAllOf('u1', kept?.sessionId);
    expect(await store.authenticate(a.token)).toBeDefined();
    expect(await store.authenticate(b.token)).toBeUndefined();
    expect(await store.authenticate(other.token)).toBeDefined();
  });
});

describe('checkAccess', () => {
  it('auditors read what admins read and change nothing; customers reach no staff route', () => {
    const caller = (roles: ('customer' | 'admin' | 'auditor')[]) => ({ userId: 'u', roles, sessionId: 's' });
    expect(checkAccess('staff', 'GET', caller(['customer', 'auditor']))).toBe('allowed');
    expect(checkAccess('staff', 'POST', caller(['customer', 'auditor']))).toBe('forbidden');
    expect(checkAccess('admin', 'GET', caller(['customer', 'auditor']))).toBe('forbidden');
    expect(checkAccess('staff', 'GET', caller(['customer']))).toBe('forbidden');
    expect(checkAccess('admin', 'POST', caller(['customer', 'admin']))).toBe('allowed');
    expect(checkAccess('customer', 'GET', undefined)).toBe('unauthenticated');
    expect(checkAccess('public', 'POST', undefined)).toBe('allowed');
  });
});
