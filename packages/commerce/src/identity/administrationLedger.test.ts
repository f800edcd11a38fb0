import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { fold } from '@shopstream/kernel';
import { deciderSpecification } from '@shopstream/kernel/testing';
import { administrationLedger, ledgerAdministrators } from './administrationLedger.js';
import type { AdministrationCommand } from './administrationLedger.js';
import type { AdministrationChange, AdministrationEvent } from './events.js';

const AT = '2026-01-01T00:00:00.000Z';
const spec = deciderSpecification(administrationLedger);
const carried = (...ids: string[]): AdministrationEvent => ({ type: 'AdministratorsCarriedOver', data: { administrators: ids.map((userId) => ({ userId, revision: 3 })), at: AT } });
const revoke: AdministrationChange = { type: 'RevokeRole', data: { role: 'admin', revokedBy: 'u9' } };
const close: AdministrationChange = { type: 'CloseAccount', data: { reason: 'customer-request' } };
const reserve = (userId: string, configuredAdministrators: string[] = [], change: AdministrationChange = revoke): AdministrationCommand => ({
  type: 'ReserveAdministrationChange',
  userId,
  userRevision: 3,
  change,
  configuredAdministrators,
});
const reserved = (userId: string, change: AdministrationChange = revoke): AdministrationEvent => ({ type: 'AdministrationChangeReserved', data: { userId, userRevision: 3, change, at: AT } });

describe('the administration ledger', () => {
  it('carries over what the log grants once; every other command waits for it', () => {
    spec.given([]).when({ type: 'CarryOverAdministrators', administrators: [{ userId: 'ada', revision: 3 }] }).then([carried('ada')]);
    spec.given([carried('ada')]).when({ type: 'CarryOverAdministrators', administrators: [{ userId: 'bob', revision: 1 }] }).then([]);
    spec.given([]).when(reserve('ada', ['cy'])).thenFails('AdministrationNotCarriedOver');
    spec.given([]).when({ type: 'RecordAdministratorStanding', userId: 'ada', revision: 1, administrator: true }).thenFails('AdministrationNotCarriedOver');
  });

  it('reserves a change when another administrator remains, by the log or by the configuration, and refuses the last', () => {
    spec.given([carried('ada', 'bob')]).when(reserve('ada')).then([reserved('ada')]);
    spec.given([carried('ada')]).when(reserve('ada')).then({ _tag: 'LastAdministrator', userId: 'ada' });
    spec.given([carried('ada')]).when(reserve('ada', ['cy'], close)).then([reserved('ada', close)]);
    // The user's own configured standing does not count for them.
    spec.given([carried('ada')]).when(reserve('ada', ['ada'])).then({ _tag: 'LastAdministrator', userId: 'ada' });
  });

  it('does not count a user whose change is reserved, and lets a retry of a reserved change through without a second reservation', () => {
    spec.given([carried('ada', 'bob'), reserved('bob')]).when(reserve('ada')).then({ _tag: 'LastAdministrator', userId: 'ada' });
    spec.given([carried('ada', 'bob'), reserved('cy')]).when(reserve('ada', ['cy'])).then([reserved('ada')]);
    spec.given([carried('ada', 'bob'), reserved('ada')]).when(reserve('ada')).then([]);
  });

  it('settles only the reservation held at that revision, and takes the standing it saw', () => {
    const settle = (userRevision: number): AdministrationCommand => ({ type: 'SettleAdministrationChange', userId: 'bob', userRevision, outcome: 'completed', revision: 4, administrator: false });
    spec.given([carried('ada', 'bob'), reserved('bob')]).when(settle(3)).then([{ type: 'AdministrationChangeSettled', data: { userId: 'bob', userRevision: 3, outcome: 'completed', revision: 4, administrator: false, at: AT } }]);
    spec.given([carried('ada', 'bob'), reserved('bob')]).when(settle(2)).then([]);
    spec.given([carried('ada', 'bob')]).when(settle(3)).then([]);
    const after = fold(administrationLedger, [carried('ada', 'bob'), reserved('bob'), { type: 'AdministrationChangeSettled', data: { userId: 'bob', userRevision: 3, outcome: 'completed', revision: 4, administrator: false, at: AT } }]);
    expect(after.reservations).toEqual({});
    expect(ledgerAdministrators(after)).toEqual(['ada']);
  });

  it('for any records in any order, a standing only moves to a higher revision, and ends as the first one read at the highest', () => {
    const record = fc.record({ userId: fc.constantFrom('ada', 'bob'), revision: fc.integer({ min: -1, max: 12 }), administrator: fc.boolean() });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), (records) => {
        let state = fold(administrationLedger, [carried()]);
        for (const r of records) {
          const before = state.standings[r.userId];
          const decided = administrationLedger.decide({ type: 'RecordAdministratorStanding', ...r }, state, { now: new Date(AT) });
          if (E.isRight(decided)) state = fold(administrationLedger, decided.right, state);
          const after = state.standings[r.userId];
          if (before !== undefined) expect(after?.revision).toBe(Math.max(before.revision, r.revision));
        }
        for (const userId of ['ada', 'bob']) {
          const mine = records.filter((r) => r.userId === userId);
          // Until someone is first seen as an administrator the ledger has nothing to say about them.
          const since = mine.slice(Math.max(0, mine.findIndex((r) => r.administrator)));
          if (!mine.some((r) => r.administrator)) {
            expect(state.standings[userId]).toBeUndefined();
            continue;
          }
          const highest = Math.max(...since.map((r) => r.revision));
          const winner = since.find((r) => r.revision === highest);
          expect(state.standings[userId]).toEqual({ revision: highest, administrator: winner?.administrator });
          expect(ledgerAdministrators(state).includes(userId)).toBe(winner?.administrator);
        }
      }),
      { numRuns: 300 },
    );
  });
});
