import type { InboxEventType } from '@shopstream/commerce/inbox';
import { afterEach, describe, expect, it } from 'vitest';
import { readModelHarness } from '../testing/harness.js';
import type { ReadModelHarness } from '../testing/harness.js';
import { at, customer, fakeSealed, orderPlaced, staff, step, system } from '../orders/testing/events.js';
import { orderLife } from '../orders/testing/flow.js';
import type { HistoryStep } from '../testing/harness.js';
import type { NotificationDocument, ProfileDocument } from './documents.js';
import { accountsProjections } from './index.js';

let harness: ReadModelHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

const project = async (steps: readonly HistoryStep[]) => {
  harness = await readModelHarness(accountsProjections);
  for (const s of steps) await harness.append(s);
  const h = harness;
  return {
    profile: (id: string) => h.runtime.collection<ProfileDocument>('accounts', 'profiles').get(id),
    inbox: (customerId: string | null) => h.runtime.collection<NotificationDocument>('accounts', 'notifications').find({ customerId }, { sort: { position: 1 } }),
  };
};

const address = (userId: string, addressId: string) => ({
  type: 'AddressAdded' as const,
  data: {
    addressId,
    address: {
      recipientName: fakeSealed(userId, 'name'),
      phone: fakeSealed(userId, 'phone'),
      lines: fakeSealed(userId, 'lines'),
      region: { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区' },
      postalCode: '310000',
    },
  },
});

const account: readonly HistoryStep[] = [
  step(
    'user-u-1',
    [
      {
        type: 'UserRegistered',
        data: { userId: 'u-1', contact: { kind: 'email', hash: 'b'.repeat(64), value: fakeSealed('u-1', 'email') }, passwordHash: 'scrypt$'.padEnd(20, 'x'), registeredAt: at(0) },
      },
      { type: 'ContactVerified', data: { kind: 'email', hash: 'b'.repeat(64), verifiedAt: at(1) } },
    ],
    at(0),
    customer('u-1'),
  ),
  step('user-u-1', [address('u-1', 'home'), { type: 'DefaultAddressSet', data: { addressId: 'home' } }, address('u-1', 'work')], at(2), customer('u-1')),
  step(
    'user-u-1',
    [
      {
        type: 'PaymentMethodSaved',
        data: { paymentMethodId: 'pm-1', provider: 'card', providerToken: 'tok_card_very_secret', brand: 'visa', last4: '4242', expires: { month: 12, year: 2030 } },
      },
      { type: 'PaymentMethodSaved', data: { paymentMethodId: 'pm-2', provider: 'card', providerToken: 'tok_other', brand: 'mastercard', last4: '5454', expires: null } },
      { type: 'PaymentMethodRemoved', data: { paymentMethodId: 'pm-2' } },
    ],
    at(3),
    customer('u-1'),
  ),
  step('user-u-1', [{ type: 'AddressRemoved', data: { addressId: 'home' } }, { type: 'ConsentGiven', data: { purpose: 'marketing', at: at(4) } }], at(4), customer('u-1')),
];

describe('accounts projection: profiles', () => {
  it('keeps the profile, address book and cards, with personal data sealed as in the log', async () => {
    const { profile } = await project(account);
    const p = await profile('u-1');
    expect(p).toMatchObject({ status: 'active', registeredAt: at(0), contact: { kind: 'email', verified: true, value: fakeSealed('u-1', 'email') } });
    expect(p?.addresses.map((a) => a.addressId)).toEqual(['work']);
    // The default was removed with its address, as in the user aggregate.
    expect(p?.defaultAddressId).toBeNull();
    expect(p?.consents.marketing).toEqual({ granted: true, at: at(4) });
  });

  it('keeps only brand, last four and expiry of a saved card', async () => {
    const { profile } = await project(account);
    const p = await profile('u-1');
    expect(p?.paymentMethods).toEqual([{ paymentMethodId: 'pm-1', brand: 'visa', last4: '4242', expires: { month: 12, year: 2030 }, savedAt: at(3) }]);
    expect(JSON.stringify(p)).not.toContain('tok_');
  });

  it('records closure and erasure', async () => {
    const { profile } = await project([
      ...account,
      step('user-u-1', [{ type: 'AccountClosed', data: { at: at(9), reason: 'customer-request' } }, { type: 'PersonalDataErased', data: { at: at(10) } }], at(10), staff('dpo')),
    ]);
    expect(await profile('u-1')).toMatchObject({ status: 'closed', closedAt: at(9), erasedAt: at(10) });
  });
});

describe('accounts projection: notifications', () => {
  it('derives a customer’s inbox from the order, payment, shipping and case events that matter to them', async () => {
    const { inbox } = await project(orderLife);
    const c1 = await inbox('c-1');
    expect(c1.map((n) => n.kind)).toEqual([
      'order_placed',
      'order_paid',
      'order_under_review',
      'order_shipped',
      'order_delivered',
      'case_decided',
      'case_refund_issued',
      'refund_issued',
    ]);
    expect(c1.every((n) => n.orderId === 'o-1')).toBe(true);
    expect(c1.find((n) => n.kind === 'case_decided')).toMatchObject({ caseId: 'k-1', details: { outcome: 'approved' } });
    // A hold tells the customer nothing of the score or the reason.
    expect(c1.find((n) => n.kind === 'order_under_review')?.details).toEqual({});
    expect((await inbox('c-2')).map((n) => [n.kind, n.details['reason'] ?? null])).toEqual([
      ['order_placed', null],
      ['order_paid', null],
      ['order_cancelled', 'risk_rejected'],
    ]);
  });

  it('tells a customer about a failed payment and security changes', async () => {
    const { inbox } = await project([
      step('order-o-7', [orderPlaced('o-7', 'u-1', at(0))], at(0), customer('u-1')),
      step(
        'payment-o-7',
        [{ type: 'PaymentDeclined', data: { orderId: 'o-7', attemptId: 'a-1', providerReference: 'p', code: 'insufficient_funds', source: { kind: 'response' }, declinedAt: at(1) } }],
        at(1),
        system,
      ),
      step('user-u-1', [{ type: 'PasswordChanged', data: { passwordHash: 'scrypt$'.padEnd(20, 'z'), at: at(2) } }], at(2), customer('u-1')),
    ]);
    expect((await inbox('u-1')).map((n) => [n.kind, n.details['code'] ?? null])).toEqual([
      ['order_placed', null],
      ['payment_failed', 'insufficient_funds'],
      ['password_changed', null],
    ]);
  });

  it('gives notifications heard of before their order to its customer once it is placed', async () => {
    const { inbox } = await project([
      step('order-o-8', [{ type: 'OrderPaid', data: { orderId: 'o-8', paymentId: 'a-1', amount: { amount: 1, currency: 'CNY' }, paidAt: at(0) } }], at(0)),
      step('order-o-8', [orderPlaced('o-8', 'u-2', at(1))], at(1)),
    ]);
    expect(await inbox(null)).toEqual([]);
    expect((await inbox('u-2')).map((n) => n.kind)).toEqual(['order_paid', 'order_placed']);
  });
});

describe('accounts projection: read state', () => {
  const changed = (userId: string, minute: number) =>
    step(`user-${userId}`, [{ type: 'PasswordChanged', data: { passwordHash: 'scrypt$'.padEnd(20, 'z'), at: at(minute) } }], at(minute), customer(userId));
  const mark = (type: InboxEventType, customerId: string, n: NotificationDocument, minute: number): HistoryStep => ({
    stream: `inbox-${customerId}`,
    events: [{ type, data: { customerId, notificationId: n._id, position: n.position, at: at(minute) }, occurredAt: at(minute), metadata: { actor: customer(customerId) } }],
  });

  it('keeps every notification unread until its customer marks it, one or everything up to one', async () => {
    const { inbox } = await project([changed('u-1', 1), changed('u-2', 2), changed('u-1', 3), changed('u-1', 4)]);
    const [first, second, third] = await inbox('u-1');
    const [bobs] = await inbox('u-2');
    expect([first, second, third, bobs].map((n) => n?.readAt)).toEqual([null, null, null, null]);
    if (!first || !second || !third || !bobs || !harness) throw new Error('four notifications expected');

    await harness.append(mark('NotificationRead', 'u-1', second, 10));
    expect((await inbox('u-1')).map((n) => n.readAt)).toEqual([null, at(10), null]);

    await harness.append(mark('NotificationsReadUpTo', 'u-1', third, 20));
    // The one already read keeps when it was read; Bob's, older than the mark, is not Alice's to mark.
    expect((await inbox('u-1')).map((n) => n.readAt)).toEqual([at(20), at(10), at(20)]);
    expect((await inbox('u-2')).map((n) => n.readAt)).toEqual([null]);

    await harness.append(changed('u-1', 30));
    expect((await inbox('u-1')).map((n) => n.readAt)).toEqual([at(20), at(10), at(20), null]);
  });

  it('ignores a mark naming a notification of someone else', async () => {
    const { inbox } = await project([changed('u-2', 1)]);
    const [bobs] = await inbox('u-2');
    if (!bobs || !harness) throw new Error('a notification expected');
    await harness.append(mark('NotificationRead', 'u-1', bobs, 2));
    await harness.append(mark('NotificationsReadUpTo', 'u-1', bobs, 3));
    expect((await inbox('u-2')).map((n) => n.readAt)).toEqual([null]);
  });
});
