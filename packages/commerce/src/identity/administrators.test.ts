import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { fold } from '@shopstream/kernel';
import { endsAdministration, isAdministrator } from './administrators.js';
import type { UserCommand } from './commands.js';
import { userDecider } from './decider.js';
import type { StaffRole, UserEvent } from './events.js';
import { NOW, closed, registered } from './testing/userHistory.js';

const decider = userDecider();
const granted = (role: StaffRole): UserEvent => ({ type: 'RoleGranted', data: { userId: 'u1', role, grantedBy: 'bootstrap', at: NOW } });
const revoked = (role: StaffRole): UserEvent => ({ type: 'RoleRevoked', data: { userId: 'u1', role, revokedBy: 'u9', at: NOW } });

describe('isAdministrator', () => {
  it('is an open account holding admin, by an event or by the configuration', () => {
    expect(isAdministrator(fold(decider, [registered, granted('admin')]), [])).toBe(true);
    expect(isAdministrator(fold(decider, [registered]), ['admin'])).toBe(true);
    expect(isAdministrator(fold(decider, [registered, granted('auditor')]), ['auditor'])).toBe(false);
    expect(isAdministrator(fold(decider, [registered, granted('admin'), revoked('admin')]), [])).toBe(false);
  });
  it('is never a closed or unknown account, whatever its roles say', () => {
    expect(isAdministrator(fold(decider, [registered, granted('admin'), closed]), ['admin'])).toBe(false);
    expect(isAdministrator(fold(decider, []), ['admin'])).toBe(false);
  });
});

describe('endsAdministration', () => {
  const event = fc.oneof(
    fc.constantFrom<StaffRole>('admin', 'auditor').map(granted),
    fc.constantFrom<StaffRole>('admin', 'auditor').map(revoked),
    fc.constant(closed),
    fc.constant<UserEvent>({ type: 'LoginSucceeded', data: { at: NOW } }),
  );
  const command = fc.oneof(
    fc.constantFrom<StaffRole>('admin', 'auditor').map((role): UserCommand => ({ type: 'GrantRole', data: { role, grantedBy: 'u9' } })),
    fc.constantFrom<StaffRole>('admin', 'auditor').map((role): UserCommand => ({ type: 'RevokeRole', data: { role, revokedBy: 'u9' } })),
    fc.constant<UserCommand>({ type: 'CloseAccount', data: { reason: 'customer-request' } }),
    fc.constant<UserCommand>({ type: 'CloseAccount', data: { reason: 'staff-decision', closedBy: 'u9' } }),
    fc.constant<UserCommand>({ type: 'LogIn', data: { passwordMatched: true } }),
    fc.constant<UserCommand>({ type: 'SetPreferences', data: { language: 'en', currency: 'USD' } }),
  );
  const configured = fc.subarray<StaffRole>(['admin', 'auditor']);

  it('for any history and command: only revoking the admin role or closing the account ends it, and a configured admin only by closing', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 8 }), command, configured, (history, cmd, roles) => {
        const before = fold(decider, [registered, ...history]);
        const decision = decider.decide(cmd, before, { now: new Date(NOW) });
        const after = E.isRight(decision) ? fold(decider, decision.right, before) : before;
        const ends = endsAdministration({ before, after }, roles);
        const wasAdmin = before.status === 'active' && (before.roles.includes('admin') || roles.includes('admin'));
        const closes = cmd.type === 'CloseAccount';
        const revokesGranted = cmd.type === 'RevokeRole' && cmd.data.role === 'admin' && !roles.includes('admin');
        expect(ends).toBe(wasAdmin && (closes || revokesGranted));
      }),
      { numRuns: 300 },
    );
  });
});
