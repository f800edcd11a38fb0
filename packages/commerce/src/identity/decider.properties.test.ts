import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { fold } from '@shopstream/kernel';
import type { Sealed } from '../shared/sealed.js';
import type { UserCommand } from './commands.js';
import { userDecider } from './decider.js';
import type { UserEvent } from './events.js';
import { defaultIdentityPolicy } from './policy.js';
import type { UserState } from './state.js';
import { fakeAddress, fakeHash, fakePasswordHash } from './testing/fixtures.js';

const decider = userDecider();
const START = Date.parse('2026-01-01T00:00:00.000Z');

// Sealed values that no key opens any more: random subjects, key ids and bytes, as after an erasure.
const sealed: fc.Arbitrary<Sealed> = fc.record({
  v: fc.constant(1 as const),
  subject: fc.constantFrom('u1', 'u2', 'erased-user'),
  keyId: fc.uuid(),
  iv: fc.base64String({ minLength: 4, maxLength: 16 }),
  data: fc.base64String({ maxLength: 40 }),
  tag: fc.base64String({ minLength: 4, maxLength: 24 }),
});
const instant = fc.integer({ min: 0, max: 30 * 24 * 3_600_000 }).map((ms) => new Date(START + ms).toISOString());
const hash = fc.constantFrom('a', 'b', 'c').map(fakeHash);
const addressId = fc.constantFrom('a1', 'a2', 'a3', 'a4');
const purpose = fc.constantFrom('marketing' as const, 'personalisation' as const);
const small = fc.integer({ min: 0, max: 6 });
const address = fc.record({
  recipientName: sealed,
  phone: sealed,
  region: fc.constant(fakeAddress('x').region),
  lines: sealed,
  postalCode: fc.option(fc.constant('200120'), { nil: null }),
});

/** Any event of the union, with any payload its schema allows, in any order. */
const anyEvent: fc.Arbitrary<UserEvent> = fc.oneof(
  fc.record({ userId: fc.constantFrom('u1', 'u2'), contact: fc.record({ kind: fc.constantFrom('email' as const, 'phone' as const), hash, value: sealed }), passwordHash: fc.constant(fakePasswordHash('p')), registeredAt: instant }).map((data) => ({ type: 'UserRegistered' as const, data })),
  fc.record({ codeHash: hash, issuedAt: instant, expiresAt: instant, attempts: fc.integer({ min: 1, max: 5 }) }).map((data) => ({ type: 'ContactVerificationCodeIssued' as const, data })),
  fc.record({ attemptsLeft: small, at: instant }).map((data) => ({ type: 'ContactVerificationFailed' as const, data })),
  fc.record({ kind: fc.constantFrom('email' as const, 'phone' as const), hash, verifiedAt: instant }).map((data) => ({ type: 'ContactVerified' as const, data })),
  fc.record({ at: instant }).map((data) => ({ type: 'LoginSucceeded' as const, data })),
  fc.record({ at: instant, consecutiveFailures: fc.integer({ min: 1, max: 9 }) }).map((data) => ({ type: 'LoginFailed' as const, data })),
  fc.record({ at: instant, until: instant, lockout: fc.integer({ min: 1, max: 9 }) }).map((data) => ({ type: 'LoginLockedOut' as const, data })),
  fc.record({ passwordHash: fc.constant(fakePasswordHash('q')), at: instant }).map((data) => ({ type: 'PasswordChanged' as const, data })),
  fc.record({ codeHash: hash, issuedAt: instant, expiresAt: instant, attempts: fc.integer({ min: 1, max: 5 }) }).map((data) => ({ type: 'PasswordResetRequested' as const, data })),
  fc.record({ attemptsLeft: small, at: instant }).map((data) => ({ type: 'PasswordResetFailed' as const, data })),
  fc.record({ passwordHash: fc.constant(fakePasswordHash('r')), at: instant }).map((data) => ({ type: 'PasswordReset' as const, data })),
  fc.record({ name: fc.option(sealed, { nil: null }), nickname: fc.option(sealed, { nil: null }), birthday: fc.option(sealed, { nil: null }) }).map((data) => ({ type: 'ProfileUpdated' as const, data })),
  fc.record({ addressId, address }).map((data) => ({ type: 'AddressAdded' as const, data })),
  fc.record({ addressId, address }).map((data) => ({ type: 'AddressUpdated' as const, data })),
  fc.record({ addressId }).map((data) => ({ type: 'AddressRemoved' as const, data })),
  fc.record({ addressId }).map((data) => ({ type: 'DefaultAddressSet' as const, data })),
  fc.record({ paymentMethodId: fc.constantFrom('p1', 'p2'), provider: fc.constant('stripe'), providerToken: fc.constantFrom('pm_1', 'pm_2'), brand: fc.constant('Visa'), last4: fc.constant('4242'), expires: fc.constant(null) }).map((data) => ({ type: 'PaymentMethodSaved' as const, data })),
  fc.record({ paymentMethodId: fc.constantFrom('p1', 'p2') }).map((data) => ({ type: 'PaymentMethodRemoved' as const, data })),
  fc.record({ language: fc.constantFrom('zh-CN', 'en'), currency: fc.constantFrom('CNY', 'USD') }).map((data) => ({ type: 'PreferencesChanged' as const, data })),
  fc.record({ purpose, at: instant }).map((data) => ({ type: 'ConsentGiven' as const, data })),
  fc.record({ purpose, at: instant }).map((data) => ({ type: 'ConsentWithdrawn' as const, data })),
  fc.record({ at: instant, reason: fc.constantFrom('customer-request' as const, 'abandoned-unverified' as const) }).map((data) => ({ type: 'AccountClosed' as const, data })),
  // A staff decision stored before `closedBy` existed names no one; one stored since names the staff member.
  fc.record({ at: instant, reason: fc.constant('staff-decision' as const), closedBy: fc.option(fc.constantFrom('u9', 'u8'), { nil: undefined }) }, { requiredKeys: ['at', 'reason'] }).map((data) => ({ type: 'AccountClosed' as const, data })),
  fc.record({ at: instant }).map((data) => ({ type: 'PersonalDataErased' as const, data })),
  fc.record({ userId: fc.constantFrom('u1', 'u2'), role: fc.constantFrom('admin' as const, 'auditor' as const), grantedBy: fc.constantFrom('u9', 'bootstrap'), at: instant }).map((data) => ({ type: 'RoleGranted' as const, data })),
  fc.record({ userId: fc.constantFrom('u1', 'u2'), role: fc.constantFrom('admin' as const, 'auditor' as const), revokedBy: fc.constant('u9'), at: instant }).map((data) => ({ type: 'RoleRevoked' as const, data })),
);

const RUNS = { numRuns: 100 };

describe('evolve', () => {
  it('never throws, on any sequence of valid events, sealed payloads that cannot be opened included, and folds to plain JSON', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 40, size: 'max' }), (events) => {
        const state = fold(decider, events);
        expect(JSON.parse(JSON.stringify(state))).toEqual(state);
      }),
      RUNS,
    );
  });

  it('folds the same history to the same state, also when resumed from a JSON snapshot', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 40, size: 'max' }), fc.nat(), (events, cut) => {
        const at = events.length === 0 ? 0 : cut % (events.length + 1);
        const snapshot = JSON.parse(JSON.stringify(fold(decider, events.slice(0, at)))) as UserState;
        expect(fold(decider, events.slice(at), snapshot)).toEqual(fold(decider, events));
        expect(fold(decider, events)).toEqual(fold(decider, structuredClone(events)));
      }),
      RUNS,
    );
  });
});

const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u1', contact: { kind: 'phone', hash: fakeHash('phone'), value: fakeAddress('x').phone }, passwordHash: fakePasswordHash('p'), registeredAt: new Date(START).toISOString() },
};

interface Step {
  readonly command: UserCommand;
  readonly advanceMs: number;
}

/** Runs commands through decide and evolve as the command handler would, checking `check` after each one. */
const run = (
  steps: readonly Step[],
  check: (state: UserState, now: Date, accepted: readonly UserEvent[], command: UserCommand) => void,
  using = decider,
) => {
  let state = fold(using, [registered]);
  let now = START;
  for (const { command, advanceMs } of steps) {
    now += advanceMs;
    const decision = using.decide(command, state, { now: new Date(now) });
    const events = E.isRight(decision) ? decision.right : [];
    state = fold(using, events, state);
    check(state, new Date(now), events, command);
  }
};

describe('login lockout', () => {
  // A tight bound, so that runs of a few dozen failures reach it: locks of 1, 2, then 3 (not 4) minutes.
  const policy = { ...defaultIdentityPolicy, firstLockMs: 60_000, maxLockMs: 3 * 60_000 };
  const tight = userDecider(policy);
  const loginStep: fc.Arbitrary<Step> = fc.record({
    command: fc.oneof(
      { weight: 30, arbitrary: fc.constant<UserCommand>({ type: 'LogIn', data: { passwordMatched: false } }) },
      { weight: 1, arbitrary: fc.constant<UserCommand>({ type: 'LogIn', data: { passwordMatched: true } }) },
      { weight: 1, arbitrary: fc.constant<UserCommand>({ type: 'RequestPasswordReset', data: { codeHash: fakeHash('reset') } }) },
      { weight: 1, arbitrary: fc.constant<UserCommand>({ type: 'ResetPassword', data: { codeHash: fakeHash('reset'), newPasswordHash: fakePasswordHash('n') } }) },
    ),
    advanceMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 * 60_000 })),
  });

  it('never locks for longer than the bound, and a lock refuses every login until it passes', () => {
    fc.assert(
      fc.property(fc.array(loginStep, { minLength: 20, maxLength: 120, size: 'max' }), (steps) => {
        run(
          steps,
          (state, now, accepted, command) => {
            const until = state.login.lockedUntil;
            if (until !== null) expect(Date.parse(until) - now.getTime()).toBeLessThanOrEqual(policy.maxLockMs);
            for (const e of accepted) {
              if (e.type === 'LoginLockedOut') expect(Date.parse(e.data.until) - Date.parse(e.data.at)).toBeLessThanOrEqual(policy.maxLockMs);
            }
            const refused = command.type === 'LogIn' && accepted.length === 0;
            if (refused) expect(until !== null && now.getTime() < Date.parse(until)).toBe(true);
          },
          tight,
        );
      }),
      RUNS,
    );
  });

  it('lets the right password in as soon as any lock has passed', () => {
    fc.assert(
      fc.property(fc.array(loginStep, { minLength: 20, maxLength: 120, size: 'max' }), (steps) => {
        let state = fold(tight, [registered]);
        let now = START;
        for (const { command, advanceMs } of steps) {
          now += advanceMs;
          const decision = tight.decide(command, state, { now: new Date(now) });
          if (E.isRight(decision)) state = fold(tight, decision.right, state);
        }
        const after = Math.max(now, Date.parse(state.login.lockedUntil ?? new Date(now).toISOString()));
        expect(after - now).toBeLessThanOrEqual(policy.maxLockMs);
        const login = tight.decide({ type: 'LogIn', data: { passwordMatched: true } }, state, { now: new Date(after) });
        expect(login).toEqual(E.right([{ type: 'LoginSucceeded', data: { at: new Date(after).toISOString() } }]));
      }),
      RUNS,
    );
  });
});

describe('address book', () => {
  const addressStep: fc.Arbitrary<Step> = fc.record({
    command: fc.oneof(
      fc.record({ addressId, makeDefault: fc.boolean() }).map(({ addressId: id, makeDefault }): UserCommand => ({ type: 'AddAddress', data: { addressId: id, address: fakeAddress(id), makeDefault } })),
      addressId.map((id): UserCommand => ({ type: 'RemoveAddress', data: { addressId: id } })),
      addressId.map((id): UserCommand => ({ type: 'SetDefaultAddress', data: { addressId: id } })),
      addressId.map((id): UserCommand => ({ type: 'UpdateAddress', data: { addressId: id, address: fakeAddress(`${id}-new`) } })),
    ),
    advanceMs: fc.constant(1000),
  });

  it('has exactly one default whenever it has any address, and none when empty', () => {
    fc.assert(
      fc.property(fc.array(addressStep, { maxLength: 60, size: 'max' }), (steps) => {
        run(steps, (state) => {
          const ids = state.addresses.map((a) => a.addressId);
          expect(new Set(ids).size).toBe(ids.length);
          if (ids.length === 0) expect(state.defaultAddressId).toBeNull();
          else expect(ids).toContain(state.defaultAddressId);
        });
      }),
      RUNS,
    );
  });
});

describe('one-time codes', () => {
  const codeStep: fc.Arbitrary<Step> = fc.record({
    command: fc.oneof(
      fc.constant<UserCommand>({ type: 'IssueContactVerificationCode', data: { codeHash: fakeHash('right') } }),
      fc.constantFrom('right', 'wrong').map((c): UserCommand => ({ type: 'VerifyContact', data: { codeHash: fakeHash(c) } })),
      { weight: 4, arbitrary: fc.constant<UserCommand>({ type: 'VerifyContact', data: { codeHash: fakeHash('wrong') } }) },
    ),
    advanceMs: fc.integer({ min: 0, max: 5 * 60_000 }),
  });

  it('verifies only with the right, unexpired code, after no more wrong guesses than the policy allows', () => {
    fc.assert(
      fc.property(fc.array(codeStep, { maxLength: 50, size: 'max' }), (steps) => {
        let wrongSinceIssue = 0;
        let issuedAt: number | null = null;
        run(steps, (_state, now, accepted, command) => {
          for (const e of accepted) {
            if (e.type === 'ContactVerificationCodeIssued') {
              wrongSinceIssue = 0;
              issuedAt = now.getTime();
            }
            if (e.type === 'ContactVerificationFailed') wrongSinceIssue += 1;
            if (e.type === 'ContactVerified') {
              expect(command.type === 'VerifyContact' && command.data.codeHash).toBe(fakeHash('right'));
              expect(issuedAt).not.toBeNull();
              expect(now.getTime() - (issuedAt ?? 0)).toBeLessThan(defaultIdentityPolicy.codeTtlMs);
            }
          }
          expect(wrongSinceIssue).toBeLessThanOrEqual(defaultIdentityPolicy.codeAttempts);
        });
      }),
      RUNS,
    );
  });
});

describe('staff roles', () => {
  const role = fc.constantFrom('admin' as const, 'auditor' as const);
  const roleStep: fc.Arbitrary<Step> = fc.record({
    command: fc.oneof(
      role.map((r): UserCommand => ({ type: 'GrantRole', data: { role: r, grantedBy: 'u9' } })),
      role.map((r): UserCommand => ({ type: 'RevokeRole', data: { role: r, revokedBy: 'u9' } })),
      { weight: 1, arbitrary: fc.constant<UserCommand>({ type: 'CloseAccount', data: { reason: 'staff-decision', closedBy: 'u-admin' } }) },
    ),
    advanceMs: fc.constant(1000),
  });

  it('holds exactly the roles granted and not revoked since, records only real changes, and keeps revoking possible after closing', () => {
    fc.assert(
      fc.property(fc.array(roleStep, { maxLength: 40, size: 'max' }), (steps) => {
        const model = new Set<string>();
        let open = true;
        run(steps, (state, now, accepted, command) => {
          const before = new Set(model);
          if (command.type === 'GrantRole' && open) model.add(command.data.role);
          if (command.type === 'RevokeRole') model.delete(command.data.role);
          if (command.type === 'CloseAccount') open = false;
          expect(state.roles).toEqual([...model].sort());
          const changes = accepted.filter((e) => e.type === 'RoleGranted' || e.type === 'RoleRevoked');
          const changed = before.size !== model.size;
          expect(changes).toHaveLength(changed ? 1 : 0);
          for (const e of changes) {
            expect(e.data).toMatchObject({ userId: 'u1', at: now.toISOString() });
            expect(e.type === 'RoleGranted' ? e.data.grantedBy : e.data.revokedBy).toBe('u9');
          }
        });
      }),
      RUNS,
    );
  });
});

describe('closing an account', () => {
  const closer = fc.oneof(
    fc.constant({ reason: 'customer-request' as const }),
    fc.constant({ reason: 'abandoned-unverified' as const }),
    fc.stringMatching(/^u-[a-z0-9]{1,12}$/).map((closedBy) => ({ reason: 'staff-decision' as const, closedBy })),
  );

  it('records who decided: a staff decision names the staff member, and nothing else names anyone', () => {
    fc.assert(
      fc.property(closer, fc.array(anyEvent, { maxLength: 12 }), (data, history) => {
        const state = fold(decider, [registered, ...history]);
        const decision = decider.decide({ type: 'CloseAccount', data }, state, { now: new Date(START) });
        if (state.status !== 'active') {
          expect(E.isLeft(decision)).toBe(true);
          return;
        }
        const events = E.isRight(decision) ? decision.right : [];
        expect(events).toEqual([{ type: 'AccountClosed', data: { at: new Date(START).toISOString(), ...data } }]);
        const closed = events[0];
        if (closed?.type !== 'AccountClosed') throw new Error('expected AccountClosed');
        expect(closed.data.closedBy !== undefined).toBe(closed.data.reason === 'staff-decision');
        expect(fold(decider, events, state).status).toBe('closed');
      }),
      RUNS,
    );
  });
});
