import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { userStream } from '../streams.js';
import { identityHarness } from '../testing/harness.js';

const PHONE = '+8613800138000';
const rightOf = <L, R>(e: E.Either<L, R>): R => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
};

describe('staff roles through the identity service', () => {
  it('grants and revokes as audited events, and shows the roles on login and in the account view', async () => {
    const h = identityHarness();
    const { userId } = rightOf(await h.service.register({ contact: PHONE, password: 'first password' }));
    // Another admin, so that revoking this one's admin role leaves the shop administered.
    const other = rightOf(await h.service.register({ contact: '+8613800138001', password: 'other password' }));
    rightOf(await h.service.grantRole(other.userId, 'admin', 'bootstrap'));
    rightOf(await h.service.grantRole(userId, 'admin', 'bootstrap'));
    rightOf(await h.service.grantRole(userId, 'auditor', 'bootstrap'));
    expect(rightOf(await h.service.grantRole(userId, 'admin', 'bootstrap'))).toEqual(['admin', 'auditor']);
    expect(rightOf(await h.service.logIn({ contact: PHONE, password: 'first password' }))).toEqual({ userId, roles: ['admin', 'auditor'] });
    expect(rightOf(await h.service.revokeRole(userId, 'admin', 'u-other-admin', { actor: { kind: 'staff', id: 'u-other-admin' } }))).toEqual(['auditor']);
    expect(await h.service.staffRoles(userId)).toEqual(['auditor']);
    expect((await h.service.readAccount(userId))?.roles).toEqual(['auditor']);
    const history = (await h.store.readStream(userStream(userId))).filter((e) => e.type === 'RoleGranted' || e.type === 'RoleRevoked');
    expect(history.map((e) => [e.type, e.data])).toEqual([
      ['RoleGranted', { userId, role: 'admin', grantedBy: 'bootstrap', at: '2026-01-01T00:00:00.000Z' }],
      ['RoleGranted', { userId, role: 'auditor', grantedBy: 'bootstrap', at: '2026-01-01T00:00:00.000Z' }],
      ['RoleRevoked', { userId, role: 'admin', revokedBy: 'u-other-admin', at: '2026-01-01T00:00:00.000Z' }],
    ]);
    expect(history[2]?.metadata.actor).toEqual({ kind: 'staff', id: 'u-other-admin' });
  });

  it('gives no roles to an unknown or closed account, and refuses granting to them', async () => {
    const h = identityHarness();
    const { userId } = rightOf(await h.service.register({ contact: PHONE, password: 'first password' }));
    rightOf(await h.service.grantRole(userId, 'auditor', 'bootstrap'));
    rightOf(await h.service.closeAccount(userId, { by: 'customer' }));
    expect(await h.service.staffRoles(userId)).toEqual([]);
    expect(await h.service.staffRoles('nobody')).toEqual([]);
    expect(await h.service.grantRole('nobody', 'admin', 'bootstrap')).toEqual(E.left({ _tag: 'UserNotFound' }));
    expect(await h.service.grantRole(userId, 'admin', 'bootstrap')).toMatchObject(E.left({ _tag: 'AccountIsClosed' }));
    rightOf(await h.service.revokeRole(userId, 'auditor', 'u-admin'));
  });
});
