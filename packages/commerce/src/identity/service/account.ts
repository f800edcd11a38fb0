import * as E from 'fp-ts/lib/Either.js';
import type { Sealed } from '../../shared/sealed.js';
import type { ConsentPurpose, Region, StaffRole } from '../events.js';
import type { AddressInput, ProfileInput } from '../inputs.js';
import { checkAddress, checkProfile } from '../inputs.js';
import type { Consent } from '../state.js';
import type { RequestMetadata, Runtime, ServiceResult } from './runtime.js';

const done = E.map(() => undefined);

/** A user's account as they see it on "my account": personal data opened, null where it was erased. */
export interface AccountView {
  readonly userId: string;
  readonly status: 'active' | 'closed';
  readonly contact: { readonly kind: 'email' | 'phone'; readonly value: string | null; readonly verified: boolean } | null;
  readonly profile: { readonly name: string | null; readonly nickname: string | null; readonly birthday: string | null };
  readonly addresses: readonly {
    readonly addressId: string;
    readonly isDefault: boolean;
    readonly recipientName: string | null;
    readonly phone: string | null;
    readonly region: Region;
    readonly lines: string | null;
    readonly postalCode: string | null;
  }[];
  readonly paymentMethods: readonly { readonly paymentMethodId: string; readonly provider: string; readonly brand: string; readonly last4: string }[];
  readonly preferences: { readonly language: string; readonly currency: string } | null;
  readonly consents: Readonly<Record<ConsentPurpose, Consent | null>>;
  readonly lockedUntil: string | null;
  readonly erased: boolean;
  /** Staff roles held, besides being a customer. */
  readonly roles: readonly StaffRole[];
}

export const account = (rt: Runtime) => {
  const { vault } = rt.config;
  const sealOrNull = (userId: string, value: string | null): Promise<Sealed | null> =>
    value === null ? Promise.resolve(null) : vault.seal(userId, value);
  const openOrNull = (value: Sealed | null): Promise<string | null> => (value === null ? Promise.resolve(null) : vault.open(value));

  const sealAddress = async (userId: string, input: AddressInput) => {
    const checked = checkAddress(input, rt.phone);
    if (E.isLeft(checked)) return checked;
    const { recipientName, phone, region, lines, postalCode } = checked.right;
    const [sealedName, sealedPhone, sealedLines] = await Promise.all([
      vault.seal(userId, recipientName),
      vault.seal(userId, phone),
      vault.seal(userId, lines),
    ]);
    return E.right({ recipientName: sealedName, phone: sealedPhone, region, lines: sealedLines, postalCode });
  };

  const updateProfile = async (userId: string, input: ProfileInput, metadata?: RequestMetadata): Promise<ServiceResult<void>> => {
    const checked = checkProfile(input, rt.config.clock.now());
    if (E.isLeft(checked)) return checked;
    const [name, nickname, birthday] = await Promise.all([
      sealOrNull(userId, checked.right.name),
      sealOrNull(userId, checked.right.nickname),
      sealOrNull(userId, checked.right.birthday),
    ]);
    return done(await rt.user(userId, { type: 'UpdateProfile', data: { name, nickname, birthday } }, metadata));
  };

  const addAddress = async (
    userId: string,
    input: AddressInput & { readonly makeDefault?: boolean },
    metadata?: RequestMetadata,
  ): Promise<ServiceResult<{ readonly addressId: string }>> => {
    const { makeDefault, ...fields } = input;
    const address = await sealAddress(userId, fields);
    if (E.isLeft(address)) return address;
    const addressId = rt.config.ids.next();
    const result = await rt.user(userId, { type: 'AddAddress', data: { addressId, address: address.right, makeDefault: makeDefault ?? false } }, metadata);
    return E.map(() => ({ addressId }))(result);
  };

  const updateAddress = async (userId: string, addressId: string, input: AddressInput, metadata?: RequestMetadata): Promise<ServiceResult<void>> => {
    const address = await sealAddress(userId, input);
    if (E.isLeft(address)) return address;
    return done(await rt.user(userId, { type: 'UpdateAddress', data: { addressId, address: address.right } }, metadata));
  };

  const removeAddress = async (userId: string, addressId: string, metadata?: RequestMetadata): Promise<ServiceResult<void>> =>
    done(await rt.user(userId, { type: 'RemoveAddress', data: { addressId } }, metadata));

  const setDefaultAddress = async (userId: string, addressId: string, metadata?: RequestMetadata): Promise<ServiceResult<void>> =>
    done(await rt.user(userId, { type: 'SetDefaultAddress', data: { addressId } }, metadata));

  /** Saves what a payment provider gave back after tokenising a card: never the card number itself. */
  const savePaymentMethod = async (
    userId: string,
    input: {
      readonly provider: string;
      readonly providerToken: string;
      readonly brand: string;
      readonly last4: string;
      readonly expires?: { readonly month: number; readonly year: number } | null;
    },
    metadata?: RequestMetadata,
  ): Promise<ServiceResult<{ readonly paymentMethodId: string }>> => {
    const paymentMethodId = rt.config.ids.next();
    const result = await rt.user(
      userId,
      {
        type: 'SavePaymentMethod',
        data: {
          paymentMethodId,
          provider: input.provider,
          providerToken: input.providerToken,
          brand: input.brand,
          last4: input.last4,
          expires: input.expires ?? null,
        },
      },
      metadata,
    );
    return E.map(() => ({ paymentMethodId }))(result);
  };

  const removePaymentMethod = async (userId: string, paymentMethodId: string, metadata?: RequestMetadata): Promise<ServiceResult<void>> =>
    done(await rt.user(userId, { type: 'RemovePaymentMethod', data: { paymentMethodId } }, metadata));

  const setPreferences = async (
    userId: string,
    input: { readonly language: string; readonly currency: string },
    metadata?: RequestMetadata,
  ): Promise<ServiceResult<void>> => {
    if (!/^[A-Z]{3}$/.test(input.currency)) return E.left({ _tag: 'InvalidInput', field: 'currency', reason: 'an ISO 4217 code such as CNY' });
    return done(await rt.user(userId, { type: 'SetPreferences', data: { language: input.language, currency: input.currency } }, metadata));
  };

  const setConsent = async (userId: string, purpose: ConsentPurpose, granted: boolean, metadata?: RequestMetadata): Promise<ServiceResult<void>> =>
    done(await rt.user(userId, { type: granted ? 'GiveConsent' : 'WithdrawConsent', data: { purpose } }, metadata));

  /** The account with its personal data opened. Null for a user who never registered. */
  const readAccount = async (userId: string): Promise<AccountView | null> => {
    const state = await rt.loadUser(userId);
    if (state.status === 'unregistered') return null;
    const [contact, name, nickname, birthday] = await Promise.all([
      openOrNull(state.contact?.value ?? null),
      openOrNull(state.profile.name),
      openOrNull(state.profile.nickname),
      openOrNull(state.profile.birthday),
    ]);
    const addresses = await Promise.all(
      state.addresses.map(async ({ addressId, address }) => {
        const [recipientName, phone, lines] = await Promise.all([vault.open(address.recipientName), vault.open(address.phone), vault.open(address.lines)]);
        return { addressId, isDefault: state.defaultAddressId === addressId, recipientName, phone, region: address.region, lines, postalCode: address.postalCode };
      }),
    );
    return {
      userId,
      status: state.status,
      contact: state.contact ? { kind: state.contact.kind, value: contact, verified: state.contact.verified } : null,
      profile: { name, nickname, birthday },
      addresses,
      paymentMethods: state.paymentMethods.map(({ paymentMethodId, provider, brand, last4 }) => ({ paymentMethodId, provider, brand, last4 })),
      preferences: state.preferences,
      consents: state.consents,
      lockedUntil: state.login.lockedUntil,
      erased: state.erasedAt !== null,
      roles: state.roles,
    };
  };

  return {
    updateProfile,
    addAddress,
    updateAddress,
    removeAddress,
    setDefaultAddress,
    savePaymentMethod,
    removePaymentMethod,
    setPreferences,
    giveConsent: (userId: string, purpose: ConsentPurpose, metadata?: RequestMetadata) => setConsent(userId, purpose, true, metadata),
    withdrawConsent: (userId: string, purpose: ConsentPurpose, metadata?: RequestMetadata) => setConsent(userId, purpose, false, metadata),
    readAccount,
  };
};
