import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { fold, memoryReadStore, projectionRuntime, toEvent } from '@shopstream/kernel';
import { inbox, inboxStream, isRead } from '@shopstream/commerce/inbox';
import type { InboxEvent } from '@shopstream/commerce/inbox';
import { memoryKeyStore, personalDataVault } from '@shopstream/commerce/privacy';
import { describe, expect, it } from 'vitest';
import { at, customer, step } from '../orders/testing/events.js';
import { shopHistory } from '../orders/testing/histories.js';
import { dumpOf, readModelHarness } from '../testing/harness.js';
import type { HistoryStep, ReadModelHarness } from '../testing/harness.js';
import { ordersProjections } from '../orders/index.js';
import type { NotificationDocument } from './documents.js';
import { accountsProjections, accountsQueries } from './index.js';

const customers = ['c-1', 'c-2'] as const;
const now = new Date('2026-04-01T00:00:00.000Z');

/** A customer marking read a notification picked from the whole inbox collection: often theirs, sometimes not. */
type Mark = { readonly kind: 'mark'; readonly customerId: string; readonly scope: 'one' | 'upTo'; readonly pick: number };
type Action = { readonly kind: 'shop'; readonly steps: readonly HistoryStep[] } | Mark;

const mark: fc.Arbitrary<Mark> = fc.record({
  kind: fc.constant('mark' as const),
  customerId: fc.constantFrom(...customers),
  scope: fc.constantFrom('one' as const, 'upTo' as const),
  pick: fc.nat(),
});
/** A password change: a notification addressed to its customer at once, so that both inboxes fill up. */
const security: fc.Arbitrary<Action> = fc.tuple(fc.constantFrom(...customers), fc.nat({ max: 1000 })).map(([customerId, minute]) => ({
  kind: 'shop',
  steps: [step(`user-${customerId}`, [{ type: 'PasswordChanged', data: { passwordHash: 'scrypt$'.padEnd(20, 'z'), at: at(minute) } }], at(minute), customer(customerId))],
}));
const actions: fc.Arbitrary<readonly Action[]> = fc.array(
  fc.oneof(
    shopHistory.map((steps): Action => ({ kind: 'shop', steps })),
    security,
    security,
    mark,
    mark,
  ),
  { minLength: 1, maxLength: 16 },
);

const inboxState = async (h: ReadModelHarness, customerId: string) =>
  fold(inbox, (await h.eventStore.readStream(inboxStream(customerId))).map((e) => toEvent<InboxEvent>(e)));

/** Decides the mark on what the read model says of the notification, as the SDK does, and appends what it decided. */
const markRead = async (h: ReadModelHarness, customerId: string, scope: 'one' | 'upTo', notificationId: string): Promise<boolean> => {
  const queries = accountsQueries(h.runtime, { vault: personalDataVault(memoryKeyStore()) });
  const command = { type: 'MarkNotificationsRead' as const, customerId, scope, notificationId, notification: await queries.notificationFacts(notificationId) };
  const decision = inbox.decide(command, await inboxState(h, customerId), { now });
  if (E.isRight(decision) && decision.right.length > 0) {
    const events = decision.right.map((e) => ({ type: e.type, data: e.data, occurredAt: now.toISOString(), metadata: { actor: customer(customerId) } }));
    await h.append({ stream: inboxStream(customerId), events });
  }
  return E.isRight(decision);
};

describe('accounts projection, read state properties', () => {
  it('marks only the customer’s own notifications, counts unread as the documents say, agrees with the inbox, and rebuilds the same', async () => {
    await fc.assert(
      fc.asyncProperty(actions, async (script) => {
        // The account queries read orders too, so the orders read model runs beside.
        const h = await readModelHarness([...accountsProjections, ...ordersProjections]);
        const queries = accountsQueries(h.runtime, { vault: personalDataVault(memoryKeyStore()) });
        const notifications = h.runtime.collection<NotificationDocument>('accounts', 'notifications');
        for (const action of script) {
          if (action.kind === 'shop') {
            for (const s of action.steps) await h.append(s);
            continue;
          }
          const all = await notifications.find({}, { sort: { position: 1 } });
          const target = all[action.pick % Math.max(1, all.length)];
          if (target === undefined) continue;
          const accepted = await markRead(h, action.customerId, action.scope, target._id);
          expect(accepted).toBe(target.customerId === action.customerId);
        }

        for (const customerId of customers) {
          const docs = await notifications.find({ customerId });
          const count = await queries.unreadCount(customerId);
          expect(count).toBeGreaterThanOrEqual(0);
          expect(count).toBe(docs.filter((d) => d.readAt === null).length);
          const unreadList = E.getOrElseW(() => null)(await queries.notifications(customerId, { unread: true, limit: 100 }));
          expect(unreadList?.items.map((n) => n.notificationId).sort()).toEqual(docs.filter((d) => d.readAt === null).map((d) => d._id).sort());
          // Nothing reads as read that the customer's inbox does not hold read.
          const state = await inboxState(h, customerId);
          for (const d of docs) if (d.readAt !== null) expect(isRead(state, d.position)).toBe(true);
        }
        // Notifications not addressed to anyone yet stay unread: nobody could have marked them.
        expect((await notifications.find({ customerId: null })).every((d) => d.readAt === null)).toBe(true);
        // Every mark names its own customer's notifications: none is read by anyone else's stream.
        for (const customerId of customers) {
          for (const e of await h.eventStore.readStream(inboxStream(customerId))) {
            expect((await notifications.get((e.data as { notificationId: string }).notificationId))?.customerId).toBe(customerId);
          }
        }

        const scratch = projectionRuntime({ eventStore: h.eventStore, readStore: memoryReadStore(), projections: accountsProjections });
        await scratch.start();
        await scratch.waitFor(await h.eventStore.headPosition());
        expect(await dumpOf(scratch, accountsProjections)).toEqual(await dumpOf(h.runtime, accountsProjections));
        await scratch.stop();

        // "Mark all read" up to the newest leaves nothing unread, whatever came before.
        for (const customerId of customers) {
          const newest = await notifications.findOne({ customerId }, { sort: { position: -1 } });
          if (newest !== null) expect(await markRead(h, customerId, 'upTo', newest._id)).toBe(true);
          expect(await queries.unreadCount(customerId)).toBe(0);
        }
        await h.stop();
      }),
      { numRuns: 25 },
    );
  });
});
