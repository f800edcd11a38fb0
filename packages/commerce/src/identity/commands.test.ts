import { describe, expect, it } from 'vitest';
import { ContactClaimCommand, UserCommand } from './commands.js';
import { fakeAddress, fakeHash, fakePasswordHash, fakeSealed } from './testing/fixtures.js';

describe('command schemas', () => {
  it('accept well-formed commands', () => {
    const commands = [
      { type: 'RegisterUser', data: { userId: 'u1', contact: { kind: 'phone', hash: fakeHash('p'), value: fakeSealed('p') }, passwordHash: fakePasswordHash('x') } },
      { type: 'ChangePassword', data: { currentPasswordMatched: true, newPasswordHash: fakePasswordHash('y') } },
      { type: 'ChangePassword', data: { currentPasswordMatched: false } },
      { type: 'AddAddress', data: { addressId: 'a1', address: fakeAddress('a1'), makeDefault: true } },
      { type: 'ErasePersonalData', data: {} },
      { type: 'CloseAccount', data: { reason: 'customer-request' } },
      { type: 'CloseAccount', data: { reason: 'staff-decision', closedBy: 'u-admin' } },
    ];
    for (const command of commands) expect(UserCommand.parse(command)).toEqual(command);
    expect(ContactClaimCommand.parse({ type: 'ClaimContact', data: { contactHash: fakeHash('p'), kind: 'email', userId: 'u1' } })).toBeTruthy();
  });

  it('refuse a plaintext where a sealed value belongs, a new hash without the current password, an unnamed staff closure, and unknown fields', () => {
    const refused = [
      { type: 'UpdateProfile', data: { name: '张三', nickname: null, birthday: null } },
      { type: 'ChangePassword', data: { currentPasswordMatched: false, newPasswordHash: fakePasswordHash('y') } },
      { type: 'LogIn', data: { passwordMatched: true, password: 'secret' } },
      // A staff decision must say who decided; no one else's closure names a staff member.
      { type: 'CloseAccount', data: { reason: 'staff-decision' } },
      { type: 'CloseAccount', data: { reason: 'customer-request', closedBy: 'u-admin' } },
      { type: 'RegisterUser', data: { userId: 'u1', contact: { kind: 'phone', hash: 'not-hex', value: fakeSealed('p') }, passwordHash: fakePasswordHash('x') } },
    ];
    for (const command of refused) expect(UserCommand.safeParse(command).success, JSON.stringify(command)).toBe(false);
  });
});
