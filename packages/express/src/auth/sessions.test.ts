import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@shopstream/kernel';
import { memoryStateStore } from '@shopstream/sdk';
import { checkAccess } from './access.js';
import { sessions } from './sessions.js';
import type { AccountStanding, Standing } from './standing.js';

/** Accounts as a map the test changes, counting how often each side of the port is read. */
const accounts = () => {
  const table = new Map<string, Standing>();
  const reads = { version: 0, current: 0 };
  const standing: AccountStanding = {
    version: async (userId) => {
      reads.version += 1;
      return table.get(userId)?.version ?? -1;
    },
    current: async (userId) => {
      reads.current += 1;
      return table.get(userId) ?? { version: -1, open: false, roles: [] };
    },
  };
  const set = (userId: string, change: Partial<Omit<Standing, 'version'>>) => {
    const was = table.get(userId) ?? { version: -1, open: true, roles: ['customer'] };
    table.set(userId, { ...was, ...change, version: was.version + 1 });
  };
  return { standing, set, reads };
};

const setup = () => {
  const clock = new ManualClock();
  const state = memoryStateStore({ clock, sweepIntervalMs: 0 });
  const users = accounts();
  for (let i = 0; i < 20; i += 1) users.set(`u${i}`, { open: true, roles: ['customer'] });
  return { clock, state, users, store: sessions(state, clock, users.standing, { idleTimeoutMs: 10_000, absoluteTimeoutMs: 60_000 }) };
};

const opened = async (store: ReturnType<typeof setup>['store'], userId: string) => {
  const session = await store.open(userId);
  if (session === undefined) throw new Error(`${userId} is not open`);
  return session;
};

describe('sessions', () => {
  it('an idle session ends; a used one slides, but never past the absolute lifetime', async () => {
    const { clock, store } = setup();
    const idle = await opened(store, 'u1');
    clock.advance(10_000);
    expect(await store.authenticate(idle.token)).toBeUndefined();

    const busy = await opened(store, 'u2');
    for (let t = 0; t < 55_000; t += 6_000) {
      expect((await store.authenticate(busy.token))?.userId).toBe('u2');
      clock.advance(6_000);
    }
    clock.advance(6_000);
    expect(await store.authenticate(busy.token)).toBeUndefined();
  });

  it('tokens are distinct, unguessable by shape, and never stored in the clear', async () => {
    const { state, store } = setup();
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => opened(store, `u${i}`)));
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
    const a = await opened(store, 'u1');
    const b = await opened(store, 'u1');
    const other = await opened(store, 'u2');
    const kept = await store.authenticate(a.token);
    await store.closeAllOf('u1', kept?.sessionId);
    expect(await store.authenticate(a.token)).toBeDefined();
    expect(await store.authenticate(b.token)).toBeUndefined();
    expect(await store.authenticate(other.token)).toBeDefined();
  });
});

describe('sessions follow their account', () => {
  it('a closed account opens no session, and an open one loses its session on the next request once closed', async () => {
    const { store, users } = setup();
    users.set('gone', { open: false });
    expect(await store.open('gone')).toBeUndefined();
    const session = await opened(store, 'u1');
    users.set('u1', { open: false });
    expect(await store.authenticate(session.token)).toBeUndefined();
    users.set('u1', { open: true });
    // Ended, not suspended: reopening the account does not bring the session back.
    expect(await store.authenticate(session.token)).toBeUndefined();
  });

  it('reads the account again only when its version moved', async () => {
    const { store, users } = setup();
    const session = await opened(store, 'u1');
    const before = users.reads.current;
    for (let i = 0; i < 5; i += 1) await store.authenticate(session.token);
    expect(users.reads.current).toBe(before);
    users.set('u1', { roles: ['customer', 'auditor'] });
    expect((await store.authenticate(session.token))?.roles).toEqual(['customer', 'auditor']);
    await store.authenticate(session.token);
    expect(users.reads.current).toBe(before + 1);
  });

  it('for any sequence of role changes, the next request is authorised with the roles the account holds', async () => {
    const staffRoles = fc.subarray(['admin', 'auditor'] as const);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(staffRoles, fc.boolean()), { minLength: 1, maxLength: 12 }), async (changes) => {
        const { store, users } = setup();
        const session = await opened(store, 'u1');
        for (const [staff, authenticateNow] of changes) {
          users.set('u1', { roles: ['customer', ...staff] });
          if (authenticateNow) expect((await store.authenticate(session.token))?.roles).toEqual(['customer', ...staff]);
        }
        expect((await store.authenticate(session.token))?.roles).toEqual(['customer', ...(changes.at(-1)?.[0] ?? [])]);
      }),
      { numRuns: 50 },
    );
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
