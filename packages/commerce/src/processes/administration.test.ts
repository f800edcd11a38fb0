import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { ManualClock, commandHandler, memoryEventStore, memoryReadStore, sequentialIds, streamName } from '@shopstream/kernel';
import { commerceEventRegistry } from '../index.js';
import { identityService, ledgerAdministrators, userDecider, userStream } from '../identity/index.js';
import { dyingAfterReservation, identityHarness } from '../identity/testing/harness.js';
import { ADMINISTRATION_GRACE_MS, administrationTimeoutId } from './administration.js';
import { commerceProcesses } from './wiring.js';

const rightOf = <L, R>(e: E.Either<L, R>): R => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
};


const shop = async () => {
  const clock = new ManualClock('2026-03-02T09:00:00.000Z');
  const store = memoryEventStore({ registry: commerceEventRegistry(), now: () => clock.now() });
  const h = identityHarness({ store, clock });
  const processes = commerceProcesses({
    eventStore: store,
    readStore: memoryReadStore(),
    clock,
    ids: sequentialIds(1),
    providers: {},
    administration: h.service.administration,
    retry: { maxAttempts: 2 },
    sleep: async () => undefined,
  });
  await processes.start({ poll: false });
  const users: string[] = [];
  for (const contact of ['+8613800138001', '+8613800138002', '+8613800138003']) users.push(rightOf(await h.service.register({ contact, password: 'first password' })).userId);
  return { clock, store, h, processes, users };
};

describe('the administration process', () => {
  it('finishes a change whose process died after reserving it, once the grace has passed', async () => {
    const { clock, store, h, processes, users } = await shop();
    const [ada = '', bob = ''] = users;
    for (const id of [ada, bob]) rightOf(await h.service.grantRole(id, 'admin', 'bootstrap'));
    const doomed = identityService({ ...h.config, store: dyingAfterReservation(store) });
    await expect(doomed.closeAccount(bob, { by: 'staff', staffId: ada }, { actor: { kind: 'staff', id: ada } })).rejects.toThrow('process died');
    const revision = await store.streamRevision(userStream(bob));
    await processes.settle();
    expect(await store.streamRevision(streamName('timeout', administrationTimeoutId(bob, revision)))).toBe(0);
    expect((await h.service.user(bob)).status).toBe('active');
    expect(Object.keys((await h.service.administration.ledger()).reservations)).toEqual([bob]);

    clock.advance(ADMINISTRATION_GRACE_MS);
    await processes.settle();
    expect((await h.service.user(bob)).status).toBe('closed');
    const ledger = await h.service.administration.ledger();
    expect([ledger.reservations, ledgerAdministrators(ledger)]).toEqual([{}, [ada]]);
    const [closed] = await store.readStream(userStream(bob), { direction: 'backwards', maxCount: 1 });
    expect(closed).toMatchObject({ type: 'AccountClosed', data: { reason: 'staff-decision', closedBy: ada }, metadata: { actor: { kind: 'staff', id: ada } } });
    await processes.stop();
  });

  it('brings the ledger in step with roles granted and revoked around the identity service', async () => {
    const { store, h, processes, users } = await shop();
    const [ada = '', bob = ''] = users;
    rightOf(await h.service.grantRole(ada, 'admin', 'bootstrap'));
    const around = commandHandler({ store, decider: userDecider() });
    rightOf(await around(userStream(bob), { type: 'GrantRole', data: { role: 'admin', grantedBy: 'script' } }));
    await processes.settle();
    expect(ledgerAdministrators(await h.service.administration.ledger())).toEqual([ada, bob].sort());
    // Counted, bob lets ada go.
    rightOf(await h.service.revokeRole(ada, 'admin', bob));
    rightOf(await around(userStream(ada), { type: 'GrantRole', data: { role: 'admin', grantedBy: 'script' } }));
    rightOf(await around(userStream(bob), { type: 'CloseAccount', data: { reason: 'customer-request' } }));
    await processes.settle();
    expect(ledgerAdministrators(await h.service.administration.ledger())).toEqual([ada]);
    await processes.stop();
  });
});
