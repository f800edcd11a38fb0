import { match } from 'ts-pattern';
import type { Sealed } from '../shared/sealed.js';
import type { ContactKind } from '../privacy/contactHasher.js';
import type { AddressDetails, ConsentPurpose, StaffRole, UserEvent } from './events.js';

/** A one-time code waiting to be entered. */
export interface PendingCode {
  readonly codeHash: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly attemptsLeft: number;
}

export interface SavedAddress {
  readonly addressId: string;
  readonly address: AddressDetails;
}

export interface SavedPaymentMethod {
  readonly paymentMethodId: string;
  readonly provider: string;
  readonly providerToken: string;
  readonly brand: string;
  readonly last4: string;
  readonly expires: { readonly month: number; readonly year: number } | null;
}

export interface Consent {
  readonly granted: boolean;
  readonly at: string;
}

/**
 * A user as the decider sees it: plain JSON, so the kernel can snapshot it, and holding personal data only as
 * Sealed values it never opens, so erasure cannot break a fold.
 */
export interface UserState {
  readonly status: 'unregistered' | 'active' | 'closed';
  readonly userId: string | null;
  readonly registeredAt: string | null;
  readonly contact: { readonly kind: ContactKind; readonly hash: string; readonly value: Sealed; readonly verified: boolean } | null;
  readonly passwordHash: string | null;
  readonly verification: PendingCode | null;
  readonly reset: PendingCode | null;
  readonly login: {
    readonly consecutiveFailures: number;
    /** Locks in a row since the last successful login; sets the next lock's length. */
    readonly lockouts: number;
    readonly lockedUntil: string | null;
    readonly lastLoginAt: string | null;
  };
  readonly profile: { readonly name: Sealed | null; readonly nickname: Sealed | null; readonly birthday: Sealed | null };
  /** In the order they were added. */
  readonly addresses: readonly SavedAddress[];
  readonly defaultAddressId: string | null;
  readonly paymentMethods: readonly SavedPaymentMethod[];
  readonly preferences: { readonly language: string; readonly currency: string } | null;
  readonly consents: Readonly<Record<ConsentPurpose, Consent | null>>;
  readonly closedAt: string | null;
  readonly erasedAt: string | null;
  /** Staff roles held now, sorted. */
  readonly roles: readonly StaffRole[];
}

export const initialUserState = (): UserState => ({
  status: 'unregistered',
  userId: null,
  registeredAt: null,
  contact: null,
  passwordHash: null,
  verification: null,
  reset: null,
  login: { consecutiveFailures: 0, lockouts: 0, lockedUntil: null, lastLoginAt: null },
  profile: { name: null, nickname: null, birthday: null },
  addresses: [],
  defaultAddressId: null,
  paymentMethods: [],
  preferences: null,
  consents: { marketing: null, personalisation: null },
  closedAt: null,
  erasedAt: null,
  roles: [],
});

const pending = (code: { codeHash: string; issuedAt: string; expiresAt: string; attempts: number }): PendingCode => ({
  codeHash: code.codeHash,
  issuedAt: code.issuedAt,
  expiresAt: code.expiresAt,
  attemptsLeft: code.attempts,
});

const afterFailedAttempt = (code: PendingCode | null, attemptsLeft: number): PendingCode | null =>
  code === null ? null : { ...code, attemptsLeft };

/**
 * Folds one event into the state. Total: every event of the union is handled, whatever the state, and nothing
 * here opens a Sealed value, so events whose subject was erased fold exactly as before.
 */
export const evolveUser = (state: UserState, event: UserEvent): UserState =>
  match(event)
    .with({ type: 'UserRegistered' }, ({ data }) => ({
      ...state,
      status: 'active' as const,
      userId: data.userId,
      registeredAt: data.registeredAt,
      contact: { ...data.contact, verified: false },
      passwordHash: data.passwordHash,
    }))
    .with({ type: 'ContactVerificationCodeIssued' }, ({ data }) => ({ ...state, verification: pending(data) }))
    .with({ type: 'ContactVerificationFailed' }, ({ data }) => ({
      ...state,
      verification: afterFailedAttempt(state.verification, data.attemptsLeft),
    }))
    .with({ type: 'ContactVerified' }, ({ data }) => ({
      ...state,
      contact: state.contact && state.contact.hash === data.hash ? { ...state.contact, verified: true } : state.contact,
      verification: null,
    }))
    .with({ type: 'LoginSucceeded' }, ({ data }) => ({
      ...state,
      login: { consecutiveFailures: 0, lockouts: 0, lockedUntil: null, lastLoginAt: data.at },
    }))
    .with({ type: 'LoginFailed' }, ({ data }) => ({
      ...state,
      login: { ...state.login, consecutiveFailures: data.consecutiveFailures },
    }))
    .with({ type: 'LoginLockedOut' }, ({ data }) => ({
      ...state,
      login: { ...state.login, consecutiveFailures: 0, lockouts: data.lockout, lockedUntil: data.until },
    }))
    .with({ type: 'PasswordChanged' }, ({ data }) => ({ ...state, passwordHash: data.passwordHash }))
    .with({ type: 'PasswordResetRequested' }, ({ data }) => ({ ...state, reset: pending(data) }))
    .with({ type: 'PasswordResetFailed' }, ({ data }) => ({ ...state, reset: afterFailedAttempt(state.reset, data.attemptsLeft) }))
    .with({ type: 'PasswordReset' }, ({ data }) => ({
      ...state,
      passwordHash: data.passwordHash,
      reset: null,
      // Whoever holds the contact may get back in: a reset lifts any lock.
      login: { ...state.login, consecutiveFailures: 0, lockouts: 0, lockedUntil: null },
    }))
    .with({ type: 'ProfileUpdated' }, ({ data }) => ({ ...state, profile: { ...data } }))
    .with({ type: 'AddressAdded' }, { type: 'AddressUpdated' }, ({ data }) => {
      const saved: SavedAddress = { addressId: data.addressId, address: data.address };
      const known = state.addresses.some((a) => a.addressId === data.addressId);
      return {
        ...state,
        addresses: known ? state.addresses.map((a) => (a.addressId === data.addressId ? saved : a)) : [...state.addresses, saved],
      };
    })
    .with({ type: 'AddressRemoved' }, ({ data }) => ({
      ...state,
      addresses: state.addresses.filter((a) => a.addressId !== data.addressId),
      defaultAddressId: state.defaultAddressId === data.addressId ? null : state.defaultAddressId,
    }))
    .with({ type: 'DefaultAddressSet' }, ({ data }) => ({
      ...state,
      // Only an address the user has can be the default.
      defaultAddressId: state.addresses.some((a) => a.addressId === data.addressId) ? data.addressId : state.defaultAddressId,
    }))
    .with({ type: 'PaymentMethodSaved' }, ({ data }) => ({
      ...state,
      paymentMethods: [...state.paymentMethods.filter((p) => p.paymentMethodId !== data.paymentMethodId), { ...data }],
    }))
    .with({ type: 'PaymentMethodRemoved' }, ({ data }) => ({
      ...state,
      paymentMethods: state.paymentMethods.filter((p) => p.paymentMethodId !== data.paymentMethodId),
    }))
    .with({ type: 'PreferencesChanged' }, ({ data }) => ({ ...state, preferences: { ...data } }))
    .with({ type: 'ConsentGiven' }, ({ data }) => ({
      ...state,
      consents: { ...state.consents, [data.purpose]: { granted: true, at: data.at } },
    }))
    .with({ type: 'ConsentWithdrawn' }, ({ data }) => ({
      ...state,
      consents: { ...state.consents, [data.purpose]: { granted: false, at: data.at } },
    }))
    .with({ type: 'AccountClosed' }, ({ data }) => ({
      ...state,
      status: 'closed' as const,
      closedAt: data.at,
      verification: null,
      reset: null,
    }))
    .with({ type: 'PersonalDataErased' }, ({ data }) => ({ ...state, erasedAt: data.at }))
    .with({ type: 'RoleGranted' }, ({ data }) => ({ ...state, roles: [...new Set([...state.roles, data.role])].sort() }))
    .with({ type: 'RoleRevoked' }, ({ data }) => ({ ...state, roles: state.roles.filter((role) => role !== data.role) }))
    .exhaustive();
