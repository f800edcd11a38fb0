import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@shopstream/kernel';
import { identity } from '@shopstream/commerce';
import { SCRYPT_DEFAULTS, scryptPasswordHasher } from '@shopstream/commerce/identity';
import type { AdministrationLedger } from '@shopstream/commerce/identity';
import { createShop } from '@shopstream/sdk';
import { verifyLog } from '../verify/verify.js';
import { replayAggregate } from './replay.js';

const ok = <T>(result: E.Either<{ readonly _tag: string }, T>): T => {
  if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
  return result.right;
};

describe('auditing the administration ledger', () => {
  it('replays administration-shop step by step, and its chain verifies', async () => {
    const clock = new ManualClock('2026-05-04T08:00:00.000Z');
    const shop = await createShop({ storage: { kind: 'memory' }, clock, passwordHasher: scryptPasswordHasher({ ...SCRYPT_DEFAULTS, N: 2 ** 4 }) });
    await shop.start();
    try {
      const ada = ok(await shop.identity.register({ contact: 'ada@example.com', password: 'a long passphrase' })).userId;
      const bob = ok(await shop.identity.register({ contact: 'bob@example.com', password: 'a long passphrase' })).userId;
      ok(await shop.identity.grantRole(ada, 'admin', 'bootstrap'));
      ok(await shop.identity.grantRole(bob, 'admin', ada));
      ok(await shop.identity.revokeRole(ada, 'admin', bob));
      expect(await shop.identity.closeAccount(bob, { by: 'customer' })).toMatchObject({ _tag: 'Left', left: { _tag: 'LastAdministrator', userId: bob } });
      await shop.settle();

      const replay = await replayAggregate(shop.eventStore, identity.ADMINISTRATION_STREAM, { steps: true });
      // The first grant found the ledger missing: it carried ada over from the log, then recorded bob.
      expect(replay.steps.map((step) => step.type)).toEqual([
        'AdministratorsCarriedOver',
        'AdministratorStandingRecorded',
        'AdministrationChangeReserved',
        'AdministrationChangeSettled',
      ]);
      const ledger = replay.state as AdministrationLedger;
      expect(identity.ledgerAdministrators(ledger)).toEqual([bob]);
      expect(ledger.reservations).toEqual({});
      const report = await verifyLog(shop.eventStore, { scope: { kind: 'category', category: 'administration' } });
      expect([report.ok, report.streams, report.findings]).toEqual([true, 1, []]);
    } finally {
      await shop.stop();
    }
  });
});
