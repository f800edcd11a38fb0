import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { identityHarness } from '../testing/harness.js';
import { identityService } from './index.js';

const rightOf = <L, R>(e: E.Either<L, R>): R => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
};
const region = { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区' };
const home = { recipientName: '张三', phone: '139 0013 9000', region, lines: '文三路 100 号 2 幢 301 室', postalCode: '310012' };
const office = { recipientName: '张三', phone: '+86 139 0013 9000', region: { ...region, district: '滨江区' }, lines: '网商路 699 号', postalCode: null };

const registered = async () => {
  const h = identityHarness();
  const { userId } = rightOf(await h.service.register({ contact: 'zhang@example.com', password: 'long enough' }));
  return { ...h, userId };
};

describe('profile', () => {
  it('seals and opens name, nickname and birthday', async () => {
    const h = await registered();
    rightOf(await h.service.updateProfile(h.userId, { name: '张三', nickname: '小张', birthday: '1990-05-17' }));
    expect((await h.service.readAccount(h.userId))?.profile).toEqual({ name: '张三', nickname: '小张', birthday: '1990-05-17' });
    rightOf(await h.service.updateProfile(h.userId, { name: '张三', nickname: null, birthday: null }));
    expect((await h.service.readAccount(h.userId))?.profile).toEqual({ name: '张三', nickname: null, birthday: null });
  });

  it('refuses a birthday in the future and an empty name', async () => {
    const h = await registered();
    expect(await h.service.updateProfile(h.userId, { name: null, nickname: null, birthday: '2030-01-01' })).toMatchObject(
      E.left({ _tag: 'InvalidInput', field: 'birthday' }),
    );
    expect(await h.service.updateProfile(h.userId, { name: '  ', nickname: null, birthday: null })).toMatchObject(E.left({ _tag: 'InvalidInput', field: 'name' }));
  });
});

describe('addresses', () => {
  it('keeps one default: the first address, moved on request, passed on when removed', async () => {
    const h = await registered();
    const a = rightOf(await h.service.addAddress(h.userId, home));
    const b = rightOf(await h.service.addAddress(h.userId, office));
    let view = await h.service.readAccount(h.userId);
    expect(view?.addresses).toEqual([
      { addressId: a.addressId, isDefault: true, recipientName: '张三', phone: '+8613900139000', region, lines: home.lines, postalCode: '310012' },
      { addressId: b.addressId, isDefault: false, recipientName: '张三', phone: '+8613900139000', region: office.region, lines: office.lines, postalCode: null },
    ]);
    rightOf(await h.service.setDefaultAddress(h.userId, b.addressId));
    rightOf(await h.service.removeAddress(h.userId, b.addressId));
    view = await h.service.readAccount(h.userId);
    expect(view?.addresses.map((x) => [x.addressId, x.isDefault])).toEqual([[a.addressId, true]]);
    rightOf(await h.service.updateAddress(h.userId, a.addressId, { ...home, lines: '文三路 200 号' }));
    expect((await h.service.readAccount(h.userId))?.addresses[0]?.lines).toBe('文三路 200 号');
  });

  it('makes a new address the default when asked', async () => {
    const h = await registered();
    rightOf(await h.service.addAddress(h.userId, home));
    const b = rightOf(await h.service.addAddress(h.userId, { ...office, makeDefault: true }));
    expect((await h.service.readAccount(h.userId))?.addresses.find((x) => x.isDefault)?.addressId).toBe(b.addressId);
  });

  it('refuses a bad recipient phone, empty lines and an unknown address', async () => {
    const h = await registered();
    expect(await h.service.addAddress(h.userId, { ...home, phone: '12' })).toMatchObject(E.left({ _tag: 'InvalidInput', field: 'phone' }));
    expect(await h.service.addAddress(h.userId, { ...home, lines: '' })).toMatchObject(E.left({ _tag: 'InvalidInput', field: 'lines' }));
    expect(await h.service.removeAddress(h.userId, 'nope')).toEqual(E.left({ _tag: 'AddressNotFound', addressId: 'nope' }));
  });
});

describe('payment methods', () => {
  it('keeps the token, brand and last four, shows only brand and last four, and refuses card numbers', async () => {
    const h = await registered();
    const { paymentMethodId } = rightOf(
      await h.service.savePaymentMethod(h.userId, { provider: 'unionpay', providerToken: 'upt_8c1f0a', brand: 'UnionPay', last4: '0123' }),
    );
    expect((await h.service.readAccount(h.userId))?.paymentMethods).toEqual([{ paymentMethodId, provider: 'unionpay', brand: 'UnionPay', last4: '0123' }]);
    expect(await h.service.savePaymentMethod(h.userId, { provider: 'unionpay', providerToken: '6222 0212 3456 7890 128', brand: 'UnionPay', last4: '0128' })).toMatchObject(
      E.left({ _tag: 'CardDataRefused', field: 'providerToken' }),
    );
    rightOf(await h.service.removePaymentMethod(h.userId, paymentMethodId));
    expect((await h.service.readAccount(h.userId))?.paymentMethods).toEqual([]);
  });
});

describe('preferences and consents', () => {
  it('records preferences and consents with their times', async () => {
    const h = await registered();
    rightOf(await h.service.setPreferences(h.userId, { language: 'zh-CN', currency: 'CNY' }));
    rightOf(await h.service.giveConsent(h.userId, 'marketing'));
    h.clock.advance(60_000);
    rightOf(await h.service.withdrawConsent(h.userId, 'marketing'));
    rightOf(await h.service.giveConsent(h.userId, 'personalisation'));
    const view = await h.service.readAccount(h.userId);
    expect(view?.preferences).toEqual({ language: 'zh-CN', currency: 'CNY' });
    expect(view?.consents).toEqual({
      marketing: { granted: false, at: '2026-01-01T00:01:00.000Z' },
      personalisation: { granted: true, at: '2026-01-01T00:01:00.000Z' },
    });
    expect(await h.service.setPreferences(h.userId, { language: 'zh-CN', currency: 'yuan' })).toMatchObject(E.left({ _tag: 'InvalidInput', field: 'currency' }));
  });
});

describe('a closed account', () => {
  it('refuses everything, and cannot log in', async () => {
    const h = await registered();
    rightOf(await h.service.closeAccount(h.userId, { by: 'customer' }));
    const closedAt = '2026-01-01T00:00:00.000Z';
    expect(await h.service.addAddress(h.userId, home)).toEqual(E.left({ _tag: 'AccountIsClosed', closedAt }));
    expect(await h.service.giveConsent(h.userId, 'marketing')).toEqual(E.left({ _tag: 'AccountIsClosed', closedAt }));
    expect(await h.service.sendVerificationCode(h.userId)).toEqual(E.left({ _tag: 'AccountIsClosed', closedAt }));
    expect(await h.service.logIn({ contact: 'zhang@example.com', password: 'long enough' })).toEqual(E.left({ _tag: 'InvalidCredentials' }));
    expect((await h.service.readAccount(h.userId))?.status).toBe('closed');
  });

  it('is the only kind whose data can be erased', async () => {
    const h = await registered();
    expect(await h.service.erasePersonalData(h.userId)).toEqual(E.left({ _tag: 'AccountNotClosed' }));
    expect(await h.service.readAccount(h.userId)).toMatchObject({ contact: { value: 'zhang@example.com' } });
  });
});

describe('the user as the service decides on it', () => {
  it('answers from the cache after one head read, and from the stream again once another writer appended', async () => {
    const h = await registered();
    const { store } = h;
    let streamReads = 0;
    const counted: typeof store = Object.assign(Object.create(store) as typeof store, {
      readStream: (...args: Parameters<typeof store.readStream>) => {
        streamReads += 1;
        return store.readStream(...args);
      },
    });
    const service = identityService({ ...h.config, store: counted });
    rightOf(await service.addAddress(h.userId, home));
    const reads = streamReads;
    const user = await service.user(h.userId);
    expect(user.addresses).toHaveLength(1);
    expect(streamReads).toBe(reads);

    // Another service instance (another writer) adds an address: the head moved, so the state is loaded again.
    rightOf(await h.service.addAddress(h.userId, office));
    expect((await service.user(h.userId)).addresses).toHaveLength(2);
    expect(streamReads).toBe(reads + 1);
    expect(await service.user('nobody')).toMatchObject({ status: 'unregistered' });
  });
});
