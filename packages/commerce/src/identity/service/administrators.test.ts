import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { isAdministrator } from '../administrators.js';
import type { StaffRole } from '../events.js';
import { userStream } from '../streams.js';
import { identityHarness } from '../testing/harness.js';

const rightOf = <L, R>(e: E.Either<L, R>): R => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
};
const phone = (i: number) => `+86138001380${String(i).padStart(2, '0')}`;

/** A shop of `n` users, the first granted admin by the bootstrap, with the configuration `staff` (filled in by the test). */
const shop = async (n: number, staff: Record<string, StaffRole[]> = {}) => {
  const h = identityHarness({ staff });
  const users: string[] = [];
  for (let i = 0; i < n; i += 1) users.push(rightOf(await h.service.register({ contact: phone(i), password: 'first password' })).userId);
  rightOf(await h.service.grantRole(users[0] ?? '', 'admin', 'bootstrap'));
  const administrators = async (): Promise<string[]> => {
    const open: string[] = [];
    for (const id of users) if (isAdministrator(await h.service.user(id), staff[id] ?? [])) open.push(id);
    return open;
  };
  return { h, users, staff, administrators };
};

describe('the last administrator', () => {
  it('cannot lose the admin role, nor have their account closed, by staff or by themselves', async () => {
    const { h, users, administrators } = await shop(2);
    const [ada = '', bob = ''] = users;
    const last = E.left({ _tag: 'LastAdministrator', userId: ada });
    expect(await h.service.revokeRole(ada, 'admin', bob)).toEqual(last);
    expect(await h.service.closeAccount(ada, { by: 'staff', staffId: bob })).toEqual(last);
    expect(await h.service.closeAccount(ada, { by: 'customer' })).toEqual(last);
    expect(await administrators()).toEqual([ada]);
    expect((await h.store.readStream(userStream(ada))).map((e) => e.type)).not.toContain('AccountClosed');
    // With a second admin, either may go.
    rightOf(await h.service.grantRole(bob, 'admin', ada));
    expect(rightOf(await h.service.revokeRole(ada, 'admin', bob))).toEqual([]);
    expect(await h.service.closeAccount(bob, { by: 'customer' })).toEqual(E.left({ _tag: 'LastAdministrator', userId: bob }));
  });

  it('counts a configured admin with an open account, and not one whose account is closed or was never opened', async () => {
    const staff: Record<string, StaffRole[]> = {};
    const { h, users } = await shop(3, staff);
    const [ada = '', cy = '', dee = ''] = users;
    staff['never-registered'] = ['admin'];
    expect(await h.service.revokeRole(ada, 'admin', 'u9')).toEqual(E.left({ _tag: 'LastAdministrator', userId: ada }));
    staff[cy] = ['admin'];
    rightOf(await h.service.revokeRole(ada, 'admin', cy));
    // Cy is admin by configuration only: the role cannot be revoked by an event, but the account can be closed.
    rightOf(await h.service.revokeRole(cy, 'admin', cy));
    expect(await h.service.closeAccount(cy, { by: 'staff', staffId: 'u9' })).toEqual(E.left({ _tag: 'LastAdministrator', userId: cy }));
    staff[dee] = ['admin'];
    rightOf(await h.service.closeAccount(dee, { by: 'staff', staffId: cy }));
    expect(await h.service.closeAccount(cy, { by: 'customer' })).toEqual(E.left({ _tag: 'LastAdministrator', userId: cy }));
  });

  it('records a staff closure as the staff member\'s decision, and the customer\'s own as their request', async () => {
    const { h, users } = await shop(3);
    const [ada = '', eve = '', fin = ''] = users;
    rightOf(await h.service.closeAccount(eve, { by: 'staff', staffId: ada }, { actor: { kind: 'staff', id: ada } }));
    rightOf(await h.service.closeAccount(fin, { by: 'customer' }));
    const closure = async (id: string) => (await h.store.readStream(userStream(id))).find((e) => e.type === 'AccountClosed');
    expect((await closure(eve))?.data).toEqual({ at: '2026-01-01T00:00:00.000Z', reason: 'staff-decision', closedBy: ada });
    expect((await closure(eve))?.metadata.actor).toEqual({ kind: 'staff', id: ada });
    expect((await closure(fin))?.data).toEqual({ at: '2026-01-01T00:00:00.000Z', reason: 'customer-request' });
  });

  it('two admins revoking each other, or closing each other, at the same moment: one succeeds, the other is refused', async () => {
    const { h, users, administrators } = await shop(2);
    const [ada = '', bob = ''] = users;
    rightOf(await h.service.grantRole(bob, 'admin', ada));
    const revokes = await Promise.all([h.service.revokeRole(ada, 'admin', bob), h.service.revokeRole(bob, 'admin', ada)]);
    expect(revokes.filter(E.isRight)).toHaveLength(1);
    expect(revokes.filter(E.isLeft).map((r) => r.left._tag)).toEqual(['LastAdministrator']);
    expect(await administrators()).toHaveLength(1);

    const other = await shop(2);
    const [cat = '', dan = ''] = other.users;
    rightOf(await other.h.service.grantRole(dan, 'admin', cat));
    const closures = await Promise.all([
      other.h.service.closeAccount(cat, { by: 'staff', staffId: dan }),
      other.h.service.closeAccount(dan, { by: 'staff', staffId: cat }),
    ]);
    expect(closures.filter(E.isRight)).toHaveLength(1);
    expect(await other.administrators()).toHaveLength(1);
  });

  it('a newcomer cannot take over the last admin\'s unverified contact by verifying it', async () => {
    const h = identityHarness();
    const ada = rightOf(await h.service.register({ contact: phone(1), password: 'first password' })).userId;
    rightOf(await h.service.grantRole(ada, 'admin', 'bootstrap'));
    h.clock.advance(8 * 24 * 3_600_000);
    expect(await h.service.register({ contact: phone(1), password: 'second password' })).toEqual(E.left({ _tag: 'ContactAlreadyRegistered', kind: 'phone' }));
    expect((await h.service.user(ada)).status).toBe('active');
  });

  it('for any sequence of grants, revokes and closures, the shop keeps an admin, and refuses only what would remove the last', async () => {
    const step = fc.record({
      action: fc.constantFrom('grant' as const, 'revoke' as const, 'close-by-staff' as const, 'close-by-customer' as const),
      role: fc.constantFrom<StaffRole>('admin', 'auditor'),
      target: fc.nat({ max: 2 }),
      configure: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        const staff: Record<string, StaffRole[]> = {};
        const { h, users, administrators } = await shop(3, staff);
        for (const { action, role, target, configure } of steps) {
          const userId = users[target] ?? '';
          // The configuration only ever adds: taking a configured admin away is a restart, not an API call.
          if (configure && action === 'grant') staff[userId] = [...new Set([...(staff[userId] ?? []), role])];
          const before = await administrators();
          const result =
            action === 'grant'
              ? await h.service.grantRole(userId, role, 'u9')
              : action === 'revoke'
                ? await h.service.revokeRole(userId, role, 'u9')
                : await h.service.closeAccount(userId, action === 'close-by-staff' ? { by: 'staff', staffId: 'u9' } : { by: 'customer' });
          const after = await administrators();
          expect(after.length).toBeGreaterThanOrEqual(1);
          if (E.isLeft(result) && result.left._tag === 'LastAdministrator') {
            expect(before).toEqual([userId]);
            expect(after).toEqual(before);
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});
