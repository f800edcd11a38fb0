import fc from 'fast-check';
import { evolveUser, initialUserState, userStream } from '@shopstream/commerce/identity';
import type { UserEvent } from '@shopstream/commerce/identity';
import { toEvent } from '@shopstream/kernel';
import { describe, expect, it } from 'vitest';
import { shopHistory } from '../orders/testing/histories.js';
import { readModelHarness } from '../testing/harness.js';
import type { ProfileDocument } from './documents.js';
import { accountsProjections } from './index.js';

describe('accounts read model, against the domain', () => {
  it('holds each profile as the user aggregate folds it, without payment tokens', async () => {
    await fc.assert(
      fc.asyncProperty(shopHistory, async (history) => {
        const harness = await readModelHarness(accountsProjections);
        for (const step of history) await harness.append(step);
        for (const userId of ['c-1', 'c-2']) {
          const events = (await harness.eventStore.readStream(userStream(userId))).map((e) => toEvent<UserEvent>(e));
          const state = events.reduce(evolveUser, initialUserState());
          const doc = await harness.runtime.collection<ProfileDocument>('accounts', 'profiles').get(userId);
          const touchesProfile = events.some((e) => !['PasswordChanged', 'PasswordReset', 'LoginLockedOut'].includes(e.type));
          if (!touchesProfile) {
            expect(doc).toBeNull();
            continue;
          }
          expect(doc && [doc.status, doc.registeredAt, doc.defaultAddressId, doc.closedAt, doc.erasedAt, doc.contact?.verified ?? null]).toEqual([
            state.status,
            state.registeredAt,
            state.defaultAddressId,
            state.closedAt,
            state.erasedAt,
            state.contact?.verified ?? null,
          ]);
          expect(doc?.addresses.map((a) => a.addressId)).toEqual(state.addresses.map((a) => a.addressId));
          expect(doc?.paymentMethods.map((m) => [m.paymentMethodId, m.brand, m.last4])).toEqual(state.paymentMethods.map((m) => [m.paymentMethodId, m.brand, m.last4]));
          expect(doc?.consents).toEqual(state.consents);
        }
        expect(JSON.stringify(await harness.dump())).not.toContain('tok_');
        await harness.stop();
      }),
      { numRuns: 30 },
    );
  });
});
