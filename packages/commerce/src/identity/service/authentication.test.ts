import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { SCRYPT_DEFAULTS, decodeScryptHash, scryptPasswordHasher } from '../passwordHasher.js';
import { userStream } from '../streams.js';
import { identityHarness } from '../testing/harness.js';

const PHONE = '+8613800138000';
const MIN = 60_000;
const rightOf = <L, R>(e: E.Either<L, R>): R => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
};

const registered = async () => {
  const h = identityHarness();
  const { userId } = rightOf(await h.service.register({ contact: PHONE, password: 'first password' }));
  h.outbox.clear();
  return { ...h, userId };
};

describe('logIn', () => {
  it('lets the right password in, whichever way the phone is written', async () => {
    const h = await registered();
    expect(await h.service.logIn({ contact: '138-0013-8000', password: 'first password' })).toEqual(E.right({ userId: h.userId, roles: [] }));
  });

  it('answers a wrong password and an unknown contact alike', async () => {
    const h = await registered();
    expect(await h.service.logIn({ contact: PHONE, password: 'wrong password' })).toEqual(E.left({ _tag: 'InvalidCredentials' }));
    expect(await h.service.logIn({ contact: '+8613900139000', password: 'first password' })).toEqual(E.left({ _tag: 'InvalidCredentials' }));
    expect(await h.service.logIn({ contact: 'not a contact', password: 'first password' })).toEqual(E.left({ _tag: 'InvalidCredentials' }));
  });

  it('refuses a closed account whose contact is still claimed (a crash before the release)', async () => {
    const h = await registered();
    await h.store.append(userStream(h.userId), [{ type: 'AccountClosed', data: { at: h.clock.now().toISOString(), reason: 'customer-request' } }]);
    expect(await h.service.logIn({ contact: PHONE, password: 'first password' })).toEqual(E.left({ _tag: 'InvalidCredentials' }));
    expect(await h.service.requestPasswordReset({ contact: PHONE })).toEqual(E.right(undefined));
    expect(h.outbox.sent).toEqual([]);
  });

  it('locks after five failures in a row, refuses even the right password meanwhile, and lets it in afterwards', async () => {
    const h = await registered();
    for (let i = 0; i < 4; i++) expect(await h.service.logIn({ contact: PHONE, password: `guess ${i} xx` })).toEqual(E.left({ _tag: 'InvalidCredentials' }));
    const until = new Date(h.clock.now().getTime() + MIN).toISOString();
    expect(await h.service.logIn({ contact: PHONE, password: 'guess 5 xx' })).toEqual(E.left({ _tag: 'AccountLocked', until }));
    expect(await h.service.logIn({ contact: PHONE, password: 'first password' })).toEqual(E.left({ _tag: 'AccountLocked', until }));
    h.clock.advance(MIN);
    expect(await h.service.logIn({ contact: PHONE, password: 'first password' })).toEqual(E.right({ userId: h.userId, roles: [] }));
  });

  it('replaces a hash made with weaker parameters at the next login', async () => {
    const h = await registered();
    const stronger = identityHarness({ ...h.config, passwords: scryptPasswordHasher({ ...SCRYPT_DEFAULTS, N: 2 ** 5 }) });
    rightOf(await stronger.service.logIn({ contact: PHONE, password: 'first password' }));
    const changed = (await h.store.readStream(userStream(h.userId))).filter((e) => e.type === 'PasswordChanged');
    expect(changed).toHaveLength(1);
    expect(decodeScryptHash((changed[0]?.data as { passwordHash: string }).passwordHash)?.N).toBe(2 ** 5);
    rightOf(await stronger.service.logIn({ contact: PHONE, password: 'first password' }));
    expect((await h.store.readStream(userStream(h.userId))).filter((e) => e.type === 'PasswordChanged')).toHaveLength(1);
  });
});

describe('changePassword', () => {
  it('needs the current password', async () => {
    const h = await registered();
    expect(await h.service.changePassword(h.userId, { currentPassword: 'wrong password', newPassword: 'second password' })).toEqual(
      E.left({ _tag: 'CurrentPasswordIncorrect' }),
    );
    rightOf(await h.service.changePassword(h.userId, { currentPassword: 'first password', newPassword: 'second password' }));
    expect(await h.service.logIn({ contact: PHONE, password: 'first password' })).toEqual(E.left({ _tag: 'InvalidCredentials' }));
    expect(await h.service.logIn({ contact: PHONE, password: 'second password' })).toEqual(E.right({ userId: h.userId, roles: [] }));
  });

  it('refuses a weak new password', async () => {
    const h = await registered();
    expect(await h.service.changePassword(h.userId, { currentPassword: 'first password', newPassword: 'short' })).toMatchObject(E.left({ _tag: 'WeakPassword' }));
  });
});

describe('password reset', () => {
  it('sends a code to the contact, sets the new password with it, and lifts a lock', async () => {
    const h = await registered();
    for (let i = 0; i < 5; i++) await h.service.logIn({ contact: PHONE, password: `guess ${i} xx` });
    expect(await h.service.logIn({ contact: PHONE, password: 'first password' })).toMatchObject(E.left({ _tag: 'AccountLocked' }));
    rightOf(await h.service.requestPasswordReset({ contact: '13800138000' }));
    expect(h.outbox.sent).toEqual([{ to: PHONE, channel: 'sms', template: 'reset-password', params: { code: expect.stringMatching(/^\d{6}$/) as unknown, validMinutes: '15' } }]);
    expect(rightOf(await h.service.resetPassword({ contact: PHONE, code: h.codeSentTo(PHONE), newPassword: 'brand new password' }))).toEqual({ userId: h.userId });
    expect(await h.service.logIn({ contact: PHONE, password: 'brand new password' })).toEqual(E.right({ userId: h.userId, roles: [] }));
    expect((await h.service.readAccount(h.userId))?.contact?.verified).toBe(true);
  });

  it('answers a wrong code with the attempts left and keeps the old password', async () => {
    const h = await registered();
    rightOf(await h.service.requestPasswordReset({ contact: PHONE }));
    const wrong = h.codeSentTo(PHONE) === '111111' ? '222222' : '111111';
    expect(await h.service.resetPassword({ contact: PHONE, code: wrong, newPassword: 'brand new password' })).toEqual(
      E.left({ _tag: 'IncorrectCode', purpose: 'reset-password', attemptsLeft: 4 }),
    );
    expect(await h.service.logIn({ contact: PHONE, password: 'first password' })).toEqual(E.right({ userId: h.userId, roles: [] }));
  });

  it('tells nothing about unknown contacts', async () => {
    const h = await registered();
    expect(await h.service.requestPasswordReset({ contact: '+8613900139000' })).toEqual(E.right(undefined));
    expect(h.outbox.sent).toEqual([]);
    expect(await h.service.resetPassword({ contact: '+8613900139000', code: '123456', newPassword: 'brand new password' })).toEqual(
      E.left({ _tag: 'NoCodePending', purpose: 'reset-password' }),
    );
    expect(await h.service.resetPassword({ contact: PHONE, code: '123456', newPassword: 'brand new password' })).toEqual(
      E.left({ _tag: 'NoCodePending', purpose: 'reset-password' }),
    );
  });

  it('does not send a second code within a minute, silently', async () => {
    const h = await registered();
    rightOf(await h.service.requestPasswordReset({ contact: PHONE }));
    rightOf(await h.service.requestPasswordReset({ contact: PHONE }));
    expect(h.outbox.sent).toHaveLength(1);
  });
});

describe('what the events hold', () => {
  it('never a password, nor a code', async () => {
    const h = await registered();
    rightOf(await h.service.changePassword(h.userId, { currentPassword: 'first password', newPassword: 'second password' }));
    rightOf(await h.service.requestPasswordReset({ contact: PHONE }));
    const code = h.codeSentTo(PHONE);
    rightOf(await h.service.resetPassword({ contact: PHONE, code, newPassword: 'third password' }));
    const stored = JSON.stringify(await h.store.readAll());
    for (const secret of ['first password', 'second password', 'third password']) expect(stored).not.toContain(secret);
    // Six digits could turn up inside a hash by chance; as a value of its own the code must not.
    expect(stored).not.toContain(`"${code}"`);
  });
});
