import { match } from 'ts-pattern';
import type { Sealed } from '../shared/sealed.js';
import { looksLikeCardNumber } from './cardData.js';
import type { UserCommand } from './commands.js';
import type { Decision } from './decision.js';
import { fail, ok } from './decision.js';
import type { UserDecisionError } from './errors.js';
import type { AddressDetails, UserEvent } from './events.js';
import type { IdentityPolicy } from './policy.js';
import type { UserState } from './state.js';

export const accountDataCommands = [
  'UpdateProfile',
  'AddAddress',
  'UpdateAddress',
  'RemoveAddress',
  'SetDefaultAddress',
  'SavePaymentMethod',
  'RemovePaymentMethod',
  'SetPreferences',
  'GiveConsent',
  'WithdrawConsent',
] as const;
export type AccountDataCommand = Extract<UserCommand, { type: (typeof accountDataCommands)[number] }>;

/**
 * Personal data must be sealed under its owner's key, or erasing the owner would leave it readable. Names the
 * first field sealed for someone else.
 */
const sealedForOther = (userId: string | null, fields: Readonly<Record<string, Sealed | null>>): UserDecisionError | null => {
  const foreign = Object.entries(fields).find(([, value]) => value !== null && value.subject !== userId);
  return foreign ? { _tag: 'InvalidInput', field: foreign[0], reason: 'sealed for another data subject' } : null;
};

const addressSealedForOther = (userId: string | null, address: AddressDetails): UserDecisionError | null =>
  sealedForOther(userId, { recipientName: address.recipientName, phone: address.phone, lines: address.lines });

const PROVIDER = /^[a-z][a-z0-9_-]{0,31}$/;
const BRAND = /^[A-Za-z][A-Za-z .-]{0,31}$/;
const LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** Only a provider's token, the brand and the last four digits may be kept: anything like a card number is refused. */
const paymentMethodProblem = (data: Extract<UserCommand, { type: 'SavePaymentMethod' }>['data']): UserDecisionError | null => {
  if (looksLikeCardNumber(data.providerToken)) {
    return { _tag: 'CardDataRefused', field: 'providerToken', reason: 'holds what looks like a full card number' };
  }
  if (looksLikeCardNumber(data.provider) || !PROVIDER.test(data.provider)) {
    return { _tag: 'CardDataRefused', field: 'provider', reason: 'a provider is a short lower-case name' };
  }
  if (!BRAND.test(data.brand)) return { _tag: 'CardDataRefused', field: 'brand', reason: 'a brand is a name without digits' };
  if (!/^\d{4}$/.test(data.last4)) return { _tag: 'InvalidInput', field: 'last4', reason: 'exactly four digits' };
  if (data.providerToken.length === 0 || data.providerToken.length > 256) {
    return { _tag: 'InvalidInput', field: 'providerToken', reason: '1 to 256 characters' };
  }
  return null;
};


/** Profile, address book, saved payment methods, preferences and consents, for an open account. */
export const decideAccountData = (command: AccountDataCommand, state: UserState, now: Date, policy: IdentityPolicy): Decision => {
  const at = now.toISOString();
  return match(command)
    .returnType<Decision>()
    .with({ type: 'UpdateProfile' }, ({ data }) => {
      const foreign = sealedForOther(state.userId, data);
      return foreign ? fail(foreign) : ok({ type: 'ProfileUpdated', data: { ...data } });
    })
    .with({ type: 'AddAddress' }, ({ data }) => {
      const foreign = addressSealedForOther(state.userId, data.address);
      if (foreign) return fail(foreign);
      if (state.addresses.some((a) => a.addressId === data.addressId)) return fail({ _tag: 'AddressAlreadyExists', addressId: data.addressId });
      if (state.addresses.length >= policy.maxAddresses) return fail({ _tag: 'AddressBookFull', limit: policy.maxAddresses });
      const added: UserEvent = { type: 'AddressAdded', data: { addressId: data.addressId, address: data.address } };
      // The first address is the default, so there is one whenever there are any.
      return data.makeDefault || state.defaultAddressId === null
        ? ok(added, { type: 'DefaultAddressSet', data: { addressId: data.addressId } })
        : ok(added);
    })
    .with({ type: 'UpdateAddress' }, ({ data }) => {
      if (!state.addresses.some((a) => a.addressId === data.addressId)) return fail({ _tag: 'AddressNotFound', addressId: data.addressId });
      const foreign = addressSealedForOther(state.userId, data.address);
      return foreign ? fail(foreign) : ok({ type: 'AddressUpdated', data: { addressId: data.addressId, address: data.address } });
    })
    .with({ type: 'RemoveAddress' }, ({ data }) => {
      if (!state.addresses.some((a) => a.addressId === data.addressId)) return fail({ _tag: 'AddressNotFound', addressId: data.addressId });
      const removed: UserEvent = { type: 'AddressRemoved', data: { addressId: data.addressId } };
      if (state.defaultAddressId !== data.addressId) return ok(removed);
      // The most recently added of the others becomes the default.
      const successor = state.addresses.filter((a) => a.addressId !== data.addressId).at(-1);
      return successor ? ok(removed, { type: 'DefaultAddressSet', data: { addressId: successor.addressId } }) : ok(removed);
    })
    .with({ type: 'SetDefaultAddress' }, ({ data }) => {
      if (!state.addresses.some((a) => a.addressId === data.addressId)) return fail({ _tag: 'AddressNotFound', addressId: data.addressId });
      return state.defaultAddressId === data.addressId ? ok() : ok({ type: 'DefaultAddressSet', data: { addressId: data.addressId } });
    })
    .with({ type: 'SavePaymentMethod' }, ({ data }) => {
      const problem = paymentMethodProblem(data);
      if (problem) return fail(problem);
      const existing = state.paymentMethods.find(
        (p) => p.paymentMethodId === data.paymentMethodId || (p.provider === data.provider && p.providerToken === data.providerToken),
      );
      if (existing) return fail({ _tag: 'PaymentMethodAlreadySaved', paymentMethodId: existing.paymentMethodId });
      if (state.paymentMethods.length >= policy.maxPaymentMethods) return fail({ _tag: 'PaymentMethodsFull', limit: policy.maxPaymentMethods });
      return ok({ type: 'PaymentMethodSaved', data: { ...data } });
    })
    .with({ type: 'RemovePaymentMethod' }, ({ data }) =>
      state.paymentMethods.some((p) => p.paymentMethodId === data.paymentMethodId)
        ? ok({ type: 'PaymentMethodRemoved', data: { paymentMethodId: data.paymentMethodId } })
        : fail({ _tag: 'PaymentMethodNotFound', paymentMethodId: data.paymentMethodId }),
    )
    .with({ type: 'SetPreferences' }, ({ data }) => {
      if (!LANGUAGE.test(data.language)) return fail({ _tag: 'InvalidInput', field: 'language', reason: 'a BCP 47 tag such as zh-CN' });
      const same = state.preferences?.language === data.language && state.preferences.currency === data.currency;
      return same ? ok() : ok({ type: 'PreferencesChanged', data: { language: data.language, currency: data.currency } });
    })
    .with({ type: 'GiveConsent' }, ({ data }) =>
      state.consents[data.purpose]?.granted ? ok() : ok({ type: 'ConsentGiven', data: { purpose: data.purpose, at } }),
    )
    .with({ type: 'WithdrawConsent' }, ({ data }) =>
      // Never given counts as withdrawn: nothing to record.
      state.consents[data.purpose]?.granted ? ok({ type: 'ConsentWithdrawn', data: { purpose: data.purpose, at } }) : ok(),
    )
    .exhaustive();
};
