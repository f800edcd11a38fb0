import * as E from 'fp-ts/lib/Either.js';
import { memoryKeyStore, personalDataVault } from '@shopstream/commerce/privacy';
import type { PersonalDataVault } from '@shopstream/commerce/privacy';
import { afterEach, describe, expect, it } from 'vitest';
import { ordersProjections } from '../orders/index.js';
import { at, customer, fakeSealed, orderPlaced, step } from '../orders/testing/events.js';
import { orderLife } from '../orders/testing/flow.js';
import { readModelHarness } from '../testing/harness.js';
import type { HistoryStep, ReadModelHarness } from '../testing/harness.js';
import { accountsProjections, accountsQueries } from './index.js';

let harness: ReadModelHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

const right = <L, R>(either: E.Either<L, R>): R => {
  if (E.isLeft(either)) throw new Error(`expected a right, got ${JSON.stringify(either.left)}`);
  return either.right;
};

/** Alice (u-1) with her data sealed by a real vault; Bob (u-2) registered beside her. */
const setUp = async () => {
  const vault: PersonalDataVault = personalDataVault(memoryKeyStore());
  const seal = (subject: string, text: string) => vault.seal(subject, text);
  const register = async (userId: string, email: string): Promise<HistoryStep> =>
    step(
      `user-${userId}`,
      [
        {
          type: 'UserRegistered',
          data: { userId, contact: { kind: 'email', hash: userId === 'u-1' ? 'a'.repeat(64) : 'c'.repeat(64), value: await seal(userId, email) }, passwordHash: 'scrypt$'.padEnd(20, 'x'), registeredAt: at(0) },
        },
      ],
      at(0),
      customer(userId),
    );
  const history: HistoryStep[] = [
    await register('u-1', 'alice@example.com'),
    await register('u-2', 'bob@example.com'),
    step('user-u-1', [{ type: 'ProfileUpdated', data: { name: await seal('u-1', '张丽'), nickname: await seal('u-1', 'Li'), birthday: null } }], at(1), customer('u-1')),
    step(
      'user-u-1',
      [
        {
          type: 'AddressAdded',
          data: {
            addressId: 'home',
            address: {
              recipientName: await seal('u-1', '张丽'),
              phone: await seal('u-1', '+8613800138000'),
              lines: await seal('u-1', '文三路 90 号 3 幢 501'),
              region: { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区' },
              postalCode: '310000',
            },
          },
        },
        { type: 'DefaultAddressSet', data: { addressId: 'home' } },
        {
          type: 'PaymentMethodSaved',
          data: { paymentMethodId: 'pm-1', provider: 'card', providerToken: 'tok_alice_card', brand: 'visa', last4: '4242', expires: { month: 12, year: 2030 } },
        },
      ],
      at(2),
      customer('u-1'),
    ),
  ];
  harness = await readModelHarness([...accountsProjections, ...ordersProjections]);
  for (const s of history) await harness.append(s);
  return { vault, harness, queries: accountsQueries(harness.runtime, { vault }) };
};

describe('accounts queries', () => {
  it('opens the profile and address book for their owner', async () => {
    const { queries } = await setUp();
    expect(await queries.profile('u-1')).toMatchObject({
      userId: 'u-1',
      status: 'active',
      contact: { kind: 'email', value: 'alice@example.com', verified: false },
      name: '张丽',
      nickname: 'Li',
      birthday: null,
      erased: false,
    });
    expect(await queries.addresses('u-1')).toEqual([
      expect.objectContaining({ addressId: 'home', isDefault: true, recipientName: '张丽', phone: '+8613800138000', lines: '文三路 90 号 3 幢 501', postalCode: '310000' }),
    ]);
    expect(await queries.profile('nobody')).toBeNull();
    expect(await queries.addresses('u-2')).toEqual([]);
  });

  it('shows saved cards masked: brand and last four only', async () => {
    const { queries } = await setUp();
    const cards = await queries.paymentMethods('u-1');
    expect(cards).toEqual([{ paymentMethodId: 'pm-1', brand: 'visa', last4: '4242', masked: 'visa •••• 4242', expires: { month: 12, year: 2030 }, savedAt: at(2) }]);
    expect(JSON.stringify(cards)).not.toContain('tok_');
    expect(await queries.paymentMethods('u-2')).toEqual([]);
  });

  it('never opens a value sealed for someone else, even on the owner’s profile', async () => {
    const { queries, harness: h, vault } = await setUp();
    await h.append(step('user-u-2', [{ type: 'ProfileUpdated', data: { name: await vault.seal('u-1', '张丽'), nickname: null, birthday: null } }], at(3)));
    expect((await queries.profile('u-2'))?.name).toBeNull();
  });

  it('reads as erased after erasure, while other customers still read', async () => {
    const { queries, harness: h, vault } = await setUp();
    await vault.erase('u-1');
    // The key alone is enough: every sealed value opens to nothing, before the event is even projected.
    expect(await queries.profile('u-1')).toMatchObject({ contact: { value: null }, name: null, nickname: null, erased: false });
    await h.append(step('user-u-1', [{ type: 'AccountClosed', data: { at: at(8), reason: 'customer-request' } }, { type: 'PersonalDataErased', data: { at: at(9) } }], at(9)));
    expect(await queries.profile('u-1')).toMatchObject({ status: 'closed', contact: { value: null }, name: null, erased: true, erasedAt: at(9) });
    expect((await queries.addresses('u-1')).map((a) => [a.recipientName, a.phone, a.lines, a.region.city])).toEqual([[null, null, null, '杭州市']]);
    expect((await queries.profile('u-2'))?.contact?.value).toBe('bob@example.com');
  });

  it('pages the inbox newest first, each customer only their own', async () => {
    const { queries, harness: h } = await setUp();
    for (const s of orderLife) await h.append(s);
    const first = right(await queries.notifications('c-1', { limit: 3 }));
    expect(first.items.map((n) => n.kind)).toEqual(['refund_issued', 'case_refund_issued', 'case_decided']);
    const rest = right(await queries.notifications('c-1', { limit: 10, after: first.nextCursor }));
    expect(rest.items.map((n) => n.kind)).toEqual(['order_delivered', 'order_shipped', 'order_under_review', 'order_paid', 'order_placed']);
    expect(rest.nextCursor).toBeNull();
    expect(right(await queries.notifications('c-2')).items.every((n) => n.orderId === 'o-2')).toBe(true);
    expect(right(await queries.notifications('u-2')).items).toEqual([]);
    expect(await queries.notifications('c-1', { after: 'forged' })).toEqual(E.left({ _tag: 'InvalidCursor' }));
  });

  it('lists the customer’s own orders, payments and cases, and none of another’s', async () => {
    const { queries, harness: h } = await setUp();
    for (const s of orderLife) await h.append(s);
    await h.append(step('order-o-9', [orderPlaced('o-9', 'u-1', at(500), (label) => fakeSealed('u-1', label))], at(500), customer('u-1')));
    expect(right(await queries.orders('u-1')).items.map((o) => o.orderId)).toEqual(['o-9']);
    expect(right(await queries.orders('c-1')).items.map((o) => [o.orderId, o.status])).toEqual([['o-1', 'delivered']]);
    expect(right(await queries.payments('c-1')).items.map((p) => p.card)).toEqual([{ brand: 'visa', last4: '4242' }]);
    expect(right(await queries.cases('c-1')).items.map((c) => c.caseId)).toEqual(['k-1']);
    expect(await queries.order('o-1', { customerId: 'u-1' })).toBeNull();
    expect(await queries.case('k-1', { customerId: 'u-1' })).toBeNull();
    expect(right(await queries.payments('u-1')).items).toEqual([]);
  });

  it('lists only the unread on request, counts them for the badge, and tells the inbox whose a notification is', async () => {
    const { queries, harness: h } = await setUp();
    for (const s of orderLife) await h.append(s);
    const all = right(await queries.notifications('c-1', { limit: 100 })).items;
    expect(all.every((n) => n.readAt === null)).toBe(true);
    expect(await queries.unreadCount('c-1')).toBe(all.length);
    const [newest, , third] = all;
    if (!newest || !third) throw new Error('an inbox of several notifications expected');
    const facts = await queries.notificationFacts(third.notificationId);
    expect([facts?.notificationId, facts?.customerId, Number.isSafeInteger(facts?.position)]).toEqual([third.notificationId, 'c-1', true]);
    expect(await queries.notificationFacts('no-such-notification')).toBeNull();

    if (facts === null) throw new Error('facts expected');
    await h.append({
      stream: 'inbox-c-1',
      events: [{ type: 'NotificationsReadUpTo', data: { ...facts, customerId: 'c-1', at: at(900) }, occurredAt: at(900), metadata: { actor: customer('c-1') } }],
    });
    const unread = right(await queries.notifications('c-1', { unread: true, limit: 100 })).items;
    expect(unread.map((n) => n.notificationId)).toEqual(all.slice(0, 2).map((n) => n.notificationId));
    expect(await queries.unreadCount('c-1')).toBe(2);
    expect(right(await queries.notifications('c-1', { limit: 100 })).items.map((n) => n.readAt)).toEqual(all.map((_, i) => (i < 2 ? null : at(900))));
    // Pages of the unread list follow one another like the full list's.
    const page = right(await queries.notifications('c-1', { unread: true, limit: 1 }));
    expect(right(await queries.notifications('c-1', { unread: true, limit: 1, after: page.nextCursor })).items.map((n) => n.notificationId)).toEqual([all[1]?.notificationId]);
    expect(await queries.unreadCount('c-2')).toBe(right(await queries.notifications('c-2', { limit: 100 })).items.length);
    expect(await queries.unreadCount('nobody')).toBe(0);
  });
});
