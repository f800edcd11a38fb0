import type { ProjectionContext, ProjectionHandlers, RecordedEvent } from '@shopstream/kernel';
import { idOf } from '@shopstream/kernel';
import type { UserEvent } from '@shopstream/commerce/identity';
import type { AddressDocument, ProfileDocument } from './documents.js';

export type AccountsCollection = 'profiles' | 'notifications' | 'orderOwners';
export type AccountsContext = ProjectionContext<AccountsCollection>;

const emptyProfile = (userId: string, at: string): ProfileDocument => ({
  _id: userId,
  userId,
  status: 'unregistered',
  registeredAt: null,
  contact: null,
  name: null,
  nickname: null,
  birthday: null,
  addresses: [],
  defaultAddressId: null,
  paymentMethods: [],
  preferences: null,
  consents: { marketing: null, personalisation: null },
  closedAt: null,
  erasedAt: null,
  updatedAt: at,
});

/** The user stream is `user-<userId>`; most user events do not repeat the id in their payload. */
export const userIdOf = (event: RecordedEvent): string => idOf(event.stream);

/** One read-modify-write of the user's profile, folded as the user aggregate folds its events (`evolveUser`). */
const onProfile =
  <E extends RecordedEvent>(change: (profile: ProfileDocument, event: E) => ProfileDocument) =>
  async (event: E, ctx: AccountsContext): Promise<void> => {
    const profiles = ctx.collection<ProfileDocument>('profiles');
    const userId = userIdOf(event);
    const current = (await profiles.get(userId)) ?? emptyProfile(userId, event.occurredAt);
    await profiles.replaceOne({ ...change(current, event), updatedAt: event.occurredAt });
  };

export const profileHandlers: ProjectionHandlers<UserEvent, AccountsCollection> = {
  UserRegistered: onProfile((p, { data }) => ({
    ...p,
    status: 'active',
    registeredAt: data.registeredAt,
    contact: { kind: data.contact.kind, hash: data.contact.hash, value: data.contact.value, verified: false },
  })),
  ContactVerified: onProfile((p, { data }) => ({
    ...p,
    contact: p.contact !== null && p.contact.hash === data.hash ? { ...p.contact, verified: true } : p.contact,
  })),
  ProfileUpdated: onProfile((p, { data }) => ({ ...p, name: data.name, nickname: data.nickname, birthday: data.birthday })),
  AddressAdded: onProfile((p, event) => saveAddress(p, event.data, event.occurredAt)),
  AddressUpdated: onProfile((p, event) => saveAddress(p, event.data, event.occurredAt)),
  AddressRemoved: onProfile((p, { data }) => ({
    ...p,
    addresses: p.addresses.filter((a) => a.addressId !== data.addressId),
    defaultAddressId: p.defaultAddressId === data.addressId ? null : p.defaultAddressId,
  })),
  DefaultAddressSet: onProfile((p, { data }) => ({
    ...p,
    // Only an address the user has can be the default.
    defaultAddressId: p.addresses.some((a) => a.addressId === data.addressId) ? data.addressId : p.defaultAddressId,
  })),
  PaymentMethodSaved: onProfile((p, event) => ({
    ...p,
    paymentMethods: [
      ...p.paymentMethods.filter((m) => m.paymentMethodId !== event.data.paymentMethodId),
      // Brand and last four only: the provider's token stays in the log.
      { paymentMethodId: event.data.paymentMethodId, brand: event.data.brand, last4: event.data.last4, expires: event.data.expires, savedAt: event.occurredAt },
    ],
  })),
  PaymentMethodRemoved: onProfile((p, { data }) => ({ ...p, paymentMethods: p.paymentMethods.filter((m) => m.paymentMethodId !== data.paymentMethodId) })),
  PreferencesChanged: onProfile((p, { data }) => ({ ...p, preferences: { language: data.language, currency: data.currency } })),
  ConsentGiven: onProfile((p, { data }) => ({ ...p, consents: { ...p.consents, [data.purpose]: { granted: true, at: data.at } } })),
  ConsentWithdrawn: onProfile((p, { data }) => ({ ...p, consents: { ...p.consents, [data.purpose]: { granted: false, at: data.at } } })),
  AccountClosed: onProfile((p, { data }) => ({ ...p, status: 'closed', closedAt: data.at })),
  PersonalDataErased: onProfile((p, { data }) => ({ ...p, erasedAt: data.at })),
};

const saveAddress = (
  profile: ProfileDocument,
  data: { readonly addressId: string; readonly address: { readonly recipientName: AddressDocument['recipientName']; readonly phone: AddressDocument['phone']; readonly lines: AddressDocument['lines']; readonly region: AddressDocument['region']; readonly postalCode: string | null } },
  at: string,
): ProfileDocument => {
  const known = profile.addresses.find((a) => a.addressId === data.addressId);
  const saved: AddressDocument = {
    addressId: data.addressId,
    recipientName: data.address.recipientName,
    phone: data.address.phone,
    lines: data.address.lines,
    region: data.address.region,
    postalCode: data.address.postalCode,
    addedAt: known?.addedAt ?? at,
    updatedAt: at,
  };
  return {
    ...profile,
    addresses: known ? profile.addresses.map((a) => (a.addressId === data.addressId ? saved : a)) : [...profile.addresses, saved],
  };
};
