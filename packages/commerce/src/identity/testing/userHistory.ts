import type { UserEvent } from '../events.js';
import { fakeAddress, fakeHash, fakePasswordHash, fakeSealed } from './fixtures.js';

/** A user's history in pieces, for the decider's given/when/then specs. Decisions are taken at NOW. */
export const NOW = '2026-01-01T00:00:00.000Z';
export const at = (iso: string) => ({ now: new Date(iso) });
export const plus = (ms: number, from = NOW) => new Date(new Date(from).getTime() + ms).toISOString();
export const MIN = 60_000;

export const contact = { kind: 'email' as const, hash: fakeHash('alice@example.com'), value: fakeSealed('alice@example.com') };
export const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u1', contact, passwordHash: fakePasswordHash('first'), registeredAt: '2025-12-31T23:00:00.000Z' },
};
export const codeIssued = (issuedAt: string, codeHash = fakeHash('code-1')): UserEvent => ({
  type: 'ContactVerificationCodeIssued',
  data: { codeHash, issuedAt, expiresAt: plus(15 * MIN, issuedAt), attempts: 5 },
});
export const verified: UserEvent = { type: 'ContactVerified', data: { kind: 'email', hash: contact.hash, verifiedAt: '2025-12-31T23:05:00.000Z' } };
export const resetRequested = (issuedAt: string, codeHash = fakeHash('reset-1')): UserEvent => ({
  type: 'PasswordResetRequested',
  data: { codeHash, issuedAt, expiresAt: plus(15 * MIN, issuedAt), attempts: 5 },
});
export const closed: UserEvent = { type: 'AccountClosed', data: { at: '2025-12-31T23:30:00.000Z', reason: 'customer-request' } };
export const addressAdded = (addressId: string): UserEvent => ({ type: 'AddressAdded', data: { addressId, address: fakeAddress(addressId) } });
export const defaultSet = (addressId: string): UserEvent => ({ type: 'DefaultAddressSet', data: { addressId } });
export const failures = (n: number, from = '2025-12-31T23:40:00.000Z'): UserEvent[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'LoginFailed', data: { at: from, consecutiveFailures: i + 1 } }) as const);
export const card = {
  paymentMethodId: 'pm-1',
  provider: 'stripe',
  providerToken: 'pm_1NqUeX2eZvKYlo2C',
  brand: 'Visa',
  last4: '4242',
  expires: { month: 12, year: 2030 },
};

