import { describe, it } from 'vitest';
import { deciderSpecification } from '@shopstream/kernel/testing';
import type { UserCommand } from './commands.js';
import { userDecider } from './decider.js';
import type { UserEvent } from './events.js';
import { defaultIdentityPolicy } from './policy.js';
import { fakeAddress, fakeSealed } from './testing/fixtures.js';
import { NOW, addressAdded, card, closed, defaultSet, registered } from './testing/userHistory.js';

const spec = deciderSpecification(userDecider());

describe('UpdateProfile', () => {
  const data = { name: fakeSealed('Alice'), nickname: fakeSealed('ali'), birthday: null };
  it('records the new profile', () => {
    spec.given([registered]).when({ type: 'UpdateProfile', data }).then([{ type: 'ProfileUpdated', data }]);
  });
  it('refuses a closed account', () => {
    spec.given([registered, closed]).when({ type: 'UpdateProfile', data }).thenFails('AccountIsClosed');
  });
  it('refuses a value sealed under another data subject', () => {
    spec
      .given([registered])
      .when({ type: 'UpdateProfile', data: { ...data, nickname: fakeSealed('ali', 'u2') } })
      .then({ _tag: 'InvalidInput', field: 'nickname', reason: 'sealed for another data subject' });
  });
});

describe('AddAddress', () => {
  const add = (addressId: string, makeDefault = false): UserCommand => ({
    type: 'AddAddress',
    data: { addressId, address: fakeAddress(addressId), makeDefault },
  });
  it('makes the first address the default', () => {
    spec.given([registered]).when(add('a1')).then([addressAdded('a1'), defaultSet('a1')]);
  });
  it('adds a further address without moving the default', () => {
    spec.given([registered, addressAdded('a1'), defaultSet('a1')]).when(add('a2')).then([addressAdded('a2')]);
  });
  it('moves the default when asked', () => {
    spec.given([registered, addressAdded('a1'), defaultSet('a1')]).when(add('a2', true)).then([addressAdded('a2'), defaultSet('a2')]);
  });
  it('refuses an id already in use', () => {
    spec.given([registered, addressAdded('a1'), defaultSet('a1')]).when(add('a1')).then({ _tag: 'AddressAlreadyExists', addressId: 'a1' });
  });
  it('refuses past the address book limit', () => {
    const full = Array.from({ length: defaultIdentityPolicy.maxAddresses }, (_, i) => addressAdded(`a${i}`));
    spec.given([registered, ...full, defaultSet('a0')]).when(add('extra')).then({ _tag: 'AddressBookFull', limit: defaultIdentityPolicy.maxAddresses });
  });
  it('refuses a closed account', () => {
    spec.given([registered, closed]).when(add('a1')).thenFails('AccountIsClosed');
  });
  it('refuses address fields sealed under another data subject', () => {
    spec
      .given([registered])
      .when({ type: 'AddAddress', data: { addressId: 'a1', address: { ...fakeAddress('a1'), lines: fakeSealed('x', 'u2') }, makeDefault: false } })
      .then({ _tag: 'InvalidInput', field: 'lines', reason: 'sealed for another data subject' });
  });
});

describe('UpdateAddress', () => {
  it('records the new details', () => {
    spec
      .given([registered, addressAdded('a1'), defaultSet('a1')])
      .when({ type: 'UpdateAddress', data: { addressId: 'a1', address: fakeAddress('moved') } })
      .then([{ type: 'AddressUpdated', data: { addressId: 'a1', address: fakeAddress('moved') } }]);
  });
  it('refuses address fields sealed under another data subject', () => {
    spec
      .given([registered, addressAdded('a1'), defaultSet('a1')])
      .when({ type: 'UpdateAddress', data: { addressId: 'a1', address: fakeAddress('moved', 'u2') } })
      .then({ _tag: 'InvalidInput', field: 'recipientName', reason: 'sealed for another data subject' });
  });
  it('refuses an unknown address', () => {
    spec.given([registered]).when({ type: 'UpdateAddress', data: { addressId: 'nope', address: fakeAddress('x') } }).then({ _tag: 'AddressNotFound', addressId: 'nope' });
  });
});

describe('RemoveAddress', () => {
  const book = [registered, addressAdded('a1'), addressAdded('a2'), addressAdded('a3'), defaultSet('a2')];
  it('removes an address that is not the default', () => {
    spec.given(book).when({ type: 'RemoveAddress', data: { addressId: 'a1' } }).then([{ type: 'AddressRemoved', data: { addressId: 'a1' } }]);
  });
  it('makes the most recently added other address the default when the default goes', () => {
    spec
      .given(book)
      .when({ type: 'RemoveAddress', data: { addressId: 'a2' } })
      .then([{ type: 'AddressRemoved', data: { addressId: 'a2' } }, defaultSet('a3')]);
  });
  it('leaves no default when the last address goes', () => {
    spec
      .given([registered, addressAdded('a1'), defaultSet('a1')])
      .when({ type: 'RemoveAddress', data: { addressId: 'a1' } })
      .then([{ type: 'AddressRemoved', data: { addressId: 'a1' } }]);
  });
  it('refuses an unknown address', () => {
    spec.given(book).when({ type: 'RemoveAddress', data: { addressId: 'nope' } }).then({ _tag: 'AddressNotFound', addressId: 'nope' });
  });
});

describe('SetDefaultAddress', () => {
  const book = [registered, addressAdded('a1'), defaultSet('a1'), addressAdded('a2')];
  it('moves the default', () => {
    spec.given(book).when({ type: 'SetDefaultAddress', data: { addressId: 'a2' } }).then([defaultSet('a2')]);
  });
  it('records nothing when the address already is the default', () => {
    spec.given(book).when({ type: 'SetDefaultAddress', data: { addressId: 'a1' } }).then([]);
  });
  it('refuses an unknown address', () => {
    spec.given(book).when({ type: 'SetDefaultAddress', data: { addressId: 'nope' } }).then({ _tag: 'AddressNotFound', addressId: 'nope' });
  });
});

describe('SavePaymentMethod', () => {
  const save = (overrides: Partial<typeof card> = {}): UserCommand => ({ type: 'SavePaymentMethod', data: { ...card, ...overrides } });
  it('saves the provider token, brand and last four digits', () => {
    spec.given([registered]).when(save()).then([{ type: 'PaymentMethodSaved', data: card }]);
  });
  it('refuses a token that holds a full card number', () => {
    spec.given([registered]).when(save({ providerToken: '4111 1111 1111 1111' })).thenFails('CardDataRefused', { field: 'providerToken' });
    spec.given([registered]).when(save({ providerToken: 'tok-4242424242424242' })).thenFails('CardDataRefused', { field: 'providerToken' });
  });
  it('refuses a brand or provider with digits in it', () => {
    spec.given([registered]).when(save({ brand: '4111111111111111' })).thenFails('CardDataRefused', { field: 'brand' });
    spec.given([registered]).when(save({ provider: '5500000000000004' })).thenFails('CardDataRefused', { field: 'provider' });
  });
  it('refuses anything but four digits as the last four', () => {
    spec.given([registered]).when(save({ last4: '42424' })).then({ _tag: 'InvalidInput', field: 'last4', reason: 'exactly four digits' });
  });
  it('refuses the same token or id twice', () => {
    const saved: UserEvent = { type: 'PaymentMethodSaved', data: card };
    spec.given([registered, saved]).when(save({ paymentMethodId: 'pm-2' })).then({ _tag: 'PaymentMethodAlreadySaved', paymentMethodId: 'pm-1' });
    spec.given([registered, saved]).when(save({ providerToken: 'pm_other' })).then({ _tag: 'PaymentMethodAlreadySaved', paymentMethodId: 'pm-1' });
  });
  it('refuses past the limit', () => {
    const many = Array.from(
      { length: defaultIdentityPolicy.maxPaymentMethods },
      (_, i): UserEvent => ({ type: 'PaymentMethodSaved', data: { ...card, paymentMethodId: `pm-${i + 10}`, providerToken: `pm_${i}` } }),
    );
    spec.given([registered, ...many]).when(save()).then({ _tag: 'PaymentMethodsFull', limit: defaultIdentityPolicy.maxPaymentMethods });
  });
});

describe('RemovePaymentMethod', () => {
  it('removes a saved method', () => {
    spec
      .given([registered, { type: 'PaymentMethodSaved', data: card }])
      .when({ type: 'RemovePaymentMethod', data: { paymentMethodId: 'pm-1' } })
      .then([{ type: 'PaymentMethodRemoved', data: { paymentMethodId: 'pm-1' } }]);
  });
  it('refuses an unknown one', () => {
    spec.given([registered]).when({ type: 'RemovePaymentMethod', data: { paymentMethodId: 'pm-1' } }).then({ _tag: 'PaymentMethodNotFound', paymentMethodId: 'pm-1' });
  });
});

describe('SetPreferences', () => {
  const command: UserCommand = { type: 'SetPreferences', data: { language: 'zh-CN', currency: 'CNY' } };
  it('records new preferences', () => {
    spec.given([registered]).when(command).then([{ type: 'PreferencesChanged', data: { language: 'zh-CN', currency: 'CNY' } }]);
  });
  it('records nothing when they are unchanged', () => {
    spec.given([registered, { type: 'PreferencesChanged', data: { language: 'zh-CN', currency: 'CNY' } }]).when(command).then([]);
  });
  it('refuses a language that is not a language tag', () => {
    spec.given([registered]).when({ type: 'SetPreferences', data: { language: 'Chinese!', currency: 'CNY' } }).thenFails('InvalidInput', { field: 'language' });
  });
});

describe('GiveConsent and WithdrawConsent', () => {
  const given: UserEvent = { type: 'ConsentGiven', data: { purpose: 'marketing', at: '2025-12-31T23:10:00.000Z' } };
  it('records consent with its time', () => {
    spec.given([registered]).when({ type: 'GiveConsent', data: { purpose: 'marketing' } }).then([{ type: 'ConsentGiven', data: { purpose: 'marketing', at: NOW } }]);
  });
  it('records nothing when consent is already given', () => {
    spec.given([registered, given]).when({ type: 'GiveConsent', data: { purpose: 'marketing' } }).then([]);
  });
  it('records a withdrawal with its time', () => {
    spec
      .given([registered, given])
      .when({ type: 'WithdrawConsent', data: { purpose: 'marketing' } })
      .then([{ type: 'ConsentWithdrawn', data: { purpose: 'marketing', at: NOW } }]);
  });
  it('records nothing when withdrawing what was never given, purposes being separate', () => {
    spec.given([registered, given]).when({ type: 'WithdrawConsent', data: { purpose: 'personalisation' } }).then([]);
  });
  it('refuses a closed account', () => {
    spec.given([registered, closed]).when({ type: 'GiveConsent', data: { purpose: 'marketing' } }).thenFails('AccountIsClosed');
  });
});

