import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { commandHandler, idOf } from '@shopstream/kernel';
import type { EventStore } from '@shopstream/kernel';
import { ADMINISTRATION_STREAM, ledgerAdministrators } from '../administrationLedger.js';
import { isAdministrator } from '../administrators.js';
import { userDecider } from '../decider.js';
import type { StaffRole } from '../events.js';
import { userStream } from '../streams.js';
import { dyingAfterReservation, identityHarness } from '../testing/harness.js';
import { identityService } from './index.js';

const rightOf = <L, R>(e: E.Either<L, R>): R => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
};
const phone = (i: number) => `+86138001380${String(i).padStart(2, '0')}`;


const shopOf = async (n: number, admins: number) => {
  const h = identityHarness();
  const users: string[] = [];
  for (let i = 0; i < n; i += 1) users.push(rightOf(await h.service.register({ contact: phone(i), password: 'first password' })).userId);
  for (let i = 0; i < admins; i += 1) rightOf(await h.service.grantRole(users[i] ?? '', 'admin', 'bootstrap'));
  /** Another process of the same shop, which dies between a reservation and its change. */
  const doomed = () => identityService({ ...h.config, store: dyingAfterReservation(h.store) });
  const ledger = () => h.service.administration.ledger();
  return { h, users, doomed, ledger };
};

/** How the guard found the administrators before the ledger: every RoleGranted user, folded. */
const scannedAdministrators = async (store: EventStore): Promise<string[]> => {
  const handler = commandHandler({ store, decider: userDecider() });
  const grants = await store.readAll({ filter: { eventTypes: ['RoleGranted'], streamCategories: ['user'] } });
  const found: string[] = [];
  for (const id of new Set(grants.map((g) => idOf(g.stream)))) if (isAdministrator((await handler.current(userStream(id))).state, [])) found.push(id);
  return found.sort();
};

describe('the administration ledger, kept by the identity service', () => {
  it('starts, in a shop with history, from exactly the administrators the log grants', async () => {
    const step = fc.record({ kind: fc.constantFrom('grant' as const, 'revoke' as const, 'close' as const), role: fc.constantFrom<StaffRole>('admin', 'auditor'), target: fc.nat({ max: 3 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 12 }), async (steps) => {
        const h = identityHarness();
        const users: string[] = [];
        for (let i = 0; i < 4; i += 1) users.push(rightOf(await h.service.register({ contact: phone(i), password: 'first password' })).userId);
        // History written before the ledger existed: straight to the users' streams.
        const older = commandHandler({ store: h.store, decider: userDecider(), clock: h.clock });
        for (const { kind, role, target } of steps) {
          const stream = userStream(users[target] ?? '');
          if (kind === 'grant') await older(stream, { type: 'GrantRole', data: { role, grantedBy: 'bootstrap' } });
          else if (kind === 'revoke') await older(stream, { type: 'RevokeRole', data: { role, revokedBy: 'u9' } });
          else await older(stream, { type: 'CloseAccount', data: { reason: 'customer-request' } });
        }
        const scanned = await scannedAdministrators(h.store);
        expect(await h.store.streamRevision(ADMINISTRATION_STREAM)).toBe(-1);
        expect(ledgerAdministrators(await h.service.administration.ledger())).toEqual(scanned);
        const [carried] = await h.store.readStream(ADMINISTRATION_STREAM);
        expect(carried?.type).toBe('AdministratorsCarriedOver');
        // Carried over once: the next look reads the ledger, not the log.
        await h.service.administration.ledger();
        expect(await h.store.streamRevision(ADMINISTRATION_STREAM)).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it('records a new admin before the grant answers, and the reservation and settlement of each change that ends one', async () => {
    const { h, users, ledger } = await shopOf(2, 1);
    const [ada = '', bob = ''] = users;
    rightOf(await h.service.grantRole(bob, 'admin', ada));
    expect(ledgerAdministrators(await ledger())).toEqual([ada, bob].sort());
    rightOf(await h.service.revokeRole(bob, 'admin', ada, { actor: { kind: 'staff', id: ada } }));
    const trail = (await h.store.readStream(ADMINISTRATION_STREAM)).map((e) => e.type);
    expect(trail.slice(-2)).toEqual(['AdministrationChangeReserved', 'AdministrationChangeSettled']);
    expect(ledgerAdministrators(await ledger())).toEqual([ada]);
    // The change was appended as the reservation's requester asked, and caused by it.
    const [reservation] = (await h.store.readStream(ADMINISTRATION_STREAM, { direction: 'backwards', maxCount: 2 })).reverse();
    const [revoked] = await h.store.readStream(userStream(bob), { direction: 'backwards', maxCount: 1 });
    expect(revoked?.type).toBe('RoleRevoked');
    expect(revoked?.metadata).toMatchObject({ actor: { kind: 'staff', id: ada }, causationId: reservation?.id });
    // Revoking auditor, or closing a customer's account, never touches the ledger.
    const before = await h.store.streamRevision(ADMINISTRATION_STREAM);
    rightOf(await h.service.closeAccount(bob, { by: 'customer' }));
    expect(await h.store.streamRevision(ADMINISTRATION_STREAM)).toBe(before);
  });

  it('a change whose process died after its reservation is completed by a retry, as first requested', async () => {
    const { h, users, doomed, ledger } = await shopOf(2, 2);
    const [ada = '', bob = ''] = users;
    await expect(doomed().revokeRole(bob, 'admin', ada, { actor: { kind: 'staff', id: ada } })).rejects.toThrow('process died');
    expect(Object.keys((await ledger()).reservations)).toEqual([bob]);
    // Held, bob no longer counts: ada cannot go meanwhile, and is refused only after bob's change is finished.
    expect(await h.service.revokeRole(ada, 'admin', bob)).toEqual(E.left({ _tag: 'LastAdministrator', userId: ada }));
    expect((await h.service.user(bob)).roles).toEqual([]);
    expect((await ledger()).reservations).toEqual({});
    // The retry finds the change done.
    expect(rightOf(await h.service.revokeRole(bob, 'admin', ada))).toEqual([]);
    const revocations = (await h.store.readStream(userStream(bob))).filter((e) => e.type === 'RoleRevoked');
    expect(revocations).toHaveLength(1);
    expect(revocations[0]?.metadata.actor).toEqual({ kind: 'staff', id: ada });
  });

  it('a change whose user moved on before it was appended is released, and the user counts again', async () => {
    const { h, users, doomed, ledger } = await shopOf(3, 3);
    const [ada = '', bob = '', cy = ''] = users;
    await expect(doomed().closeAccount(bob, { by: 'staff', staffId: ada })).rejects.toThrow('process died');
    // Bob signs in meanwhile: the closure, reserved at the revision before, can never be appended now.
    rightOf(await h.service.logIn({ contact: phone(1), password: 'first password' }));
    rightOf(await h.service.revokeRole(ada, 'admin', cy));
    // Only bob's held closure stood in cy's way: finished, it is released, and bob administers still.
    rightOf(await h.service.revokeRole(cy, 'admin', bob));
    expect((await h.service.user(bob)).status).toBe('active');
    const settled = (await h.store.readStream(ADMINISTRATION_STREAM)).find((e) => e.type === 'AdministrationChangeSettled' && (e.data as { userId: string }).userId === bob);
    expect(settled?.data).toMatchObject({ outcome: 'released', administrator: true });
    expect(ledgerAdministrators(await ledger())).toEqual([bob]);
    expect(await h.service.closeAccount(bob, { by: 'customer' })).toEqual(E.left({ _tag: 'LastAdministrator', userId: bob }));
  });

  it('finishes a held reservation on request, once', async () => {
    const { h, users, doomed } = await shopOf(2, 2);
    const [ada = '', bob = ''] = users;
    await expect(doomed().closeAccount(ada, { by: 'customer' })).rejects.toThrow('process died');
    const revision = await h.store.streamRevision(userStream(ada));
    expect(await h.service.administration.finishReservation(ada, revision - 1)).toEqual({ outcome: 'not-held' });
    expect(await h.service.administration.finishReservation(ada, revision)).toMatchObject({ outcome: 'completed', state: { status: 'closed' } });
    expect(await h.service.administration.finishReservation(ada, revision)).toEqual({ outcome: 'not-held' });
    expect(ledgerAdministrators(await h.service.administration.ledger())).toEqual([bob]);
  });
});
