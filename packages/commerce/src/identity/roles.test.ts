import { describe, it } from 'vitest';
import { deciderSpecification } from '@shopstream/kernel/testing';
import { userDecider } from './decider.js';
import type { UserEvent } from './events.js';
import { NOW, closed, registered } from './testing/userHistory.js';

const spec = deciderSpecification(userDecider());
const granted = (role: 'admin' | 'auditor'): UserEvent => ({ type: 'RoleGranted', data: { userId: 'u1', role, grantedBy: 'bootstrap', at: '2025-12-31T23:10:00.000Z' } });

describe('GrantRole', () => {
  it('records who granted which role to whom', () => {
    spec
      .given([registered])
      .when({ type: 'GrantRole', data: { role: 'auditor', grantedBy: 'u-admin' } })
      .then([{ type: 'RoleGranted', data: { userId: 'u1', role: 'auditor', grantedBy: 'u-admin', at: NOW } }]);
  });
  it('records nothing for a role already held', () => {
    spec.given([registered, granted('admin')]).when({ type: 'GrantRole', data: { role: 'admin', grantedBy: 'u-admin' } }).then([]);
  });
  it('refuses an unknown user and a closed account', () => {
    spec.given([]).when({ type: 'GrantRole', data: { role: 'admin', grantedBy: 'u-admin' } }).thenFails('UserNotFound');
    spec.given([registered, closed]).when({ type: 'GrantRole', data: { role: 'admin', grantedBy: 'u-admin' } }).thenFails('AccountIsClosed');
  });
});

describe('RevokeRole', () => {
  it('records the revocation of a held role, also on a closed account', () => {
    const revoked: UserEvent = { type: 'RoleRevoked', data: { userId: 'u1', role: 'admin', revokedBy: 'u-admin', at: NOW } };
    spec.given([registered, granted('admin')]).when({ type: 'RevokeRole', data: { role: 'admin', revokedBy: 'u-admin' } }).then([revoked]);
    spec.given([registered, granted('admin'), closed]).when({ type: 'RevokeRole', data: { role: 'admin', revokedBy: 'u-admin' } }).then([revoked]);
  });
  it('records nothing for a role not held', () => {
    spec.given([registered, granted('auditor')]).when({ type: 'RevokeRole', data: { role: 'admin', revokedBy: 'u-admin' } }).then([]);
  });
});
