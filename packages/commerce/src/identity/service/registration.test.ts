import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { identityHarness } from '../testing/harness.js';
import { contactStream, userStream } from '../streams.js';

const PHONE = '+8613800138000';
const rightOf = <L, R>(e: E.Either<L, R>): R => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
};
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe('register', () => {
  it('registers by phone typed any way, texts a code to the E.164 number, and verifies with it', async () => {
    const h = identityHarness();
    const { userId, contactKind, codeSent } = rightOf(await h.service.register({ contact: '138 0013 8000', password: 'long enough' }));
    expect(contactKind).toBe('phone');
    expect(codeSent).toBe(true);
    expect(h.outbox.sent).toEqual([{ to: PHONE, channel: 'sms', template: 'verify-contact', params: { code: expect.stringMatching(/^\d{6}$/) as unknown, validMinutes: '15' } }]);
    expect((await h.service.readAccount(userId))?.contact).toEqual({ kind: 'phone', value: PHONE, verified: false });
    expect(rightOf(await h.service.verifyContact(userId, h.codeSentTo(PHONE)))).toBeUndefined();
    expect((await h.service.readAccount(userId))?.contact).toEqual({ kind: 'phone', value: PHONE, verified: true });
  });

  it('registers by email, sending the code by email', async () => {
    const h = identityHarness();
    rightOf(await h.service.register({ contact: ' Alice@Example.com ', password: 'long enough' }));
    expect(h.outbox.sent[0]).toMatchObject({ to: 'alice@example.com', channel: 'email', template: 'verify-contact' });
  });

  it('refuses a contact another user holds, however it is written, and stores nothing for the loser', async () => {
    const h = identityHarness();
    rightOf(await h.service.register({ contact: '+86-138-0013-8000', password: 'long enough' }));
    expect(await h.service.register({ contact: '１３８００１３８０００', password: 'other password' })).toEqual(
      E.left({ _tag: 'ContactAlreadyRegistered', kind: 'phone' }),
    );
    const users = await h.store.readAll({ filter: { streamCategories: ['user'] } });
    expect(new Set(users.map((e) => e.stream)).size).toBe(1);
  });

  it('lets exactly one of several simultaneous registrations of a contact win', async () => {
    const h = identityHarness();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => h.service.register({ contact: `alice@example.com`, password: `password ${i}` })),
    );
    expect(results.filter(E.isRight)).toHaveLength(1);
    expect(results.filter(E.isLeft).map((r) => r.left)).toEqual(Array(4).fill({ _tag: 'ContactAlreadyRegistered', kind: 'email' }));
  });

  it('refuses an invalid contact and a weak password before storing anything', async () => {
    const h = identityHarness();
    expect(await h.service.register({ contact: '12345', password: 'long enough' })).toEqual(
      E.left({ _tag: 'InvalidContact', kind: 'phone', reason: 'E.164 numbers have 8 to 15 digits' }),
    );
    expect(await h.service.register({ contact: 'alice@example.com', password: 'short' })).toEqual(
      E.left({ _tag: 'WeakPassword', minLength: 8, maxLength: 256 }),
    );
    expect(await h.store.headPosition()).toBe(0);
  });

  it('still registers when the notifier fails, saying the code was not sent, and resends later', async () => {
    let failing = true;
    const sent: string[] = [];
    const h = identityHarness({
      notifier: {
        send: async (n) => {
          if (failing) throw new Error('SMS gateway down');
          sent.push(n.params.code ?? '');
        },
      },
    });
    const { userId, codeSent } = rightOf(await h.service.register({ contact: PHONE, password: 'long enough' }));
    expect(codeSent).toBe(false);
    failing = false;
    expect(await h.service.sendVerificationCode(userId)).toEqual(E.left({ _tag: 'CodeRequestedTooSoon', purpose: 'verify-contact', retryAfter: '2026-01-01T00:01:00.000Z' }));
    h.clock.advance(MIN);
    rightOf(await h.service.sendVerificationCode(userId));
    rightOf(await h.service.verifyContact(userId, sent[0] ?? ''));
  });
});

describe('verifyContact', () => {
  it('answers a wrong code with the attempts left, and stops accepting after five', async () => {
    const h = identityHarness();
    const { userId } = rightOf(await h.service.register({ contact: PHONE, password: 'long enough' }));
    const right = h.codeSentTo(PHONE);
    const wrong = right === '000000' ? '000001' : '000000';
    expect(await h.service.verifyContact(userId, wrong)).toEqual(E.left({ _tag: 'IncorrectCode', purpose: 'verify-contact', attemptsLeft: 4 }));
    for (let i = 0; i < 4; i++) await h.service.verifyContact(userId, wrong);
    expect(await h.service.verifyContact(userId, right)).toEqual(E.left({ _tag: 'CodeAttemptsExhausted', purpose: 'verify-contact' }));
  });

  it('refuses an expired code', async () => {
    const h = identityHarness();
    const { userId } = rightOf(await h.service.register({ contact: PHONE, password: 'long enough' }));
    h.clock.advance(16 * MIN);
    expect(await h.service.verifyContact(userId, h.codeSentTo(PHONE))).toMatchObject(E.left({ _tag: 'CodeExpired' }));
  });
});

describe('claims left behind', () => {
  it('takes over a claim whose registration never happened, once the grace time has passed', async () => {
    const h = identityHarness();
    const contactHash = h.config.contacts.hash('phone', PHONE);
    // A registration that crashed between its claim and its user.
    await h.store.append(contactStream(contactHash), [
      { type: 'ContactClaimed', data: { contactHash, kind: 'phone', userId: 'ghost', at: h.clock.now().toISOString() } },
    ]);
    expect(await h.service.register({ contact: PHONE, password: 'long enough' })).toEqual(E.left({ _tag: 'ContactAlreadyRegistered', kind: 'phone' }));
    h.clock.advance(11 * MIN);
    const { userId } = rightOf(await h.service.register({ contact: PHONE, password: 'long enough' }));
    const claim = await h.store.readStream(contactStream(contactHash));
    expect(claim.map((e) => [e.type, (e.data as { userId: string }).userId])).toEqual([
      ['ContactClaimed', 'ghost'],
      ['ContactReleased', 'ghost'],
      ['ContactClaimed', userId],
    ]);
  });

  it('gives a contact never verified in a week to someone who registers it, closing the squatter', async () => {
    const h = identityHarness();
    const squatter = rightOf(await h.service.register({ contact: 'victim@example.com', password: 'long enough' }));
    h.clock.advance(6 * DAY);
    expect(await h.service.register({ contact: 'victim@example.com', password: 'the real owner' })).toMatchObject(E.left({ _tag: 'ContactAlreadyRegistered' }));
    h.clock.advance(2 * DAY);
    const owner = rightOf(await h.service.register({ contact: 'victim@example.com', password: 'the real owner' }));
    expect((await h.service.readAccount(squatter.userId))?.status).toBe('closed');
    expect(rightOf(await h.service.logIn({ contact: 'victim@example.com', password: 'the real owner' }))).toEqual({ userId: owner.userId, roles: [] });
  });

  it('never takes a verified contact', async () => {
    const h = identityHarness();
    const { userId } = rightOf(await h.service.register({ contact: PHONE, password: 'long enough' }));
    rightOf(await h.service.verifyContact(userId, h.codeSentTo(PHONE)));
    h.clock.advance(365 * DAY);
    expect(await h.service.register({ contact: PHONE, password: 'long enough' })).toMatchObject(E.left({ _tag: 'ContactAlreadyRegistered' }));
  });

  it('frees the contact of a closed account for a new registration', async () => {
    const h = identityHarness();
    const first = rightOf(await h.service.register({ contact: PHONE, password: 'long enough' }));
    rightOf(await h.service.closeAccount(first.userId, { by: 'customer' }));
    const second = rightOf(await h.service.register({ contact: PHONE, password: 'another one' }));
    expect(second.userId).not.toBe(first.userId);
    expect(rightOf(await h.service.logIn({ contact: PHONE, password: 'another one' }))).toEqual({ userId: second.userId, roles: [] });
    expect((await h.store.readStream(userStream(first.userId))).at(-1)?.type).toBe('AccountClosed');
  });

  it('finishes a release that a crash interrupted when the account is closed again', async () => {
    const h = identityHarness();
    const { userId } = rightOf(await h.service.register({ contact: PHONE, password: 'long enough' }));
    await h.store.append(userStream(userId), [{ type: 'AccountClosed', data: { at: h.clock.now().toISOString(), reason: 'customer-request' } }]);
    rightOf(await h.service.closeAccount(userId, { by: 'customer' }));
    const claim = await h.store.readStream(contactStream(h.config.contacts.hash('phone', PHONE)));
    expect(claim.at(-1)).toMatchObject({ type: 'ContactReleased', data: { userId, reason: 'account-closed' } });
  });
});
