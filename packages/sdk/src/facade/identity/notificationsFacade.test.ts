import * as E from 'fp-ts/lib/Either.js';
import { inboxStream } from '@shopstream/commerce/inbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Shop } from '../shop.js';
import { MINUTE, right, signedUp, testShop } from '../../shop/testing.js';
import type { ManualClock } from '@shopstream/kernel';

let shop: Shop;
let clock: ManualClock;
let alice = '';
let bob = '';

const passwords = new Map<string, string>();

/** A password change tells its customer: one notification each time. */
const notify = async (userId: string, times: number): Promise<void> => {
  for (let i = 0; i < times; i += 1) {
    clock.advance(MINUTE);
    const currentPassword = passwords.get(userId) ?? 'a long passphrase';
    const newPassword = `${currentPassword} again`;
    right(await shop.identity.changePassword(userId, { currentPassword, newPassword }), 'changePassword');
    passwords.set(userId, newPassword);
  }
};

const ids = async (userId: string, unread?: boolean) =>
  right(await shop.accounts.notifications(userId, { limit: 100, ...(unread === undefined ? {} : { unread }) })).items.map((n) => n.notificationId);

beforeAll(async () => {
  ({ shop, clock } = await testShop());
  alice = await signedUp(shop, 'alice@example.com');
  bob = await signedUp(shop, 'bob@example.com');
  await notify(alice, 4);
  await notify(bob, 1);
}, 60_000);
afterAll(async () => shop.stop());

describe('the inbox through the facade', () => {
  it('marks one notification, then everything up to one, recording each as the customer’s event', async () => {
    const [newest, second, third, oldest] = await ids(alice);
    if (!newest || !second || !third || !oldest) throw new Error('four notifications expected');
    expect(await shop.accounts.unreadNotifications(alice)).toBe(4);

    expect(await shop.accounts.markNotificationsRead(alice, { notificationId: second })).toEqual(E.right({ unread: 3 }));
    expect(await ids(alice, true)).toEqual([newest, third, oldest]);
    expect(await shop.accounts.markNotificationsRead(alice, { upTo: third })).toEqual(E.right({ unread: 1 }));
    expect(await ids(alice, true)).toEqual([newest]);

    // Again: already read, so nothing more is recorded.
    const before = await shop.eventStore.streamRevision(inboxStream(alice));
    expect(await shop.accounts.markNotificationsRead(alice, { notificationId: second })).toEqual(E.right({ unread: 1 }));
    expect(await shop.accounts.markNotificationsRead(alice, { upTo: oldest })).toEqual(E.right({ unread: 1 }));
    expect(await shop.eventStore.streamRevision(inboxStream(alice))).toBe(before);
    expect((await shop.eventStore.readStream(inboxStream(alice))).map((e) => [e.type, e.data])).toEqual([
      ['NotificationRead', expect.objectContaining({ customerId: alice, notificationId: second })],
      ['NotificationsReadUpTo', expect.objectContaining({ customerId: alice, notificationId: third })],
    ]);
  });

  it('answers NotFound for another customer’s notification, as for one that does not exist, and marks nothing', async () => {
    const [bobs] = await ids(bob);
    if (!bobs) throw new Error('a notification expected');
    expect(await shop.accounts.markNotificationsRead(alice, { notificationId: bobs })).toEqual(E.left({ _tag: 'NotFound', entity: 'notification', id: bobs }));
    expect(await shop.accounts.markNotificationsRead(alice, { upTo: bobs })).toEqual(E.left({ _tag: 'NotFound', entity: 'notification', id: bobs }));
    expect(await shop.accounts.markNotificationsRead(alice, { upTo: 'no-such-notification' })).toEqual(
      E.left({ _tag: 'NotFound', entity: 'notification', id: 'no-such-notification' }),
    );
    expect(await shop.accounts.unreadNotifications(bob)).toBe(1);
  });
});
