import { createHash } from 'node:crypto';
import type { AddressSnapshot } from '@shopstream/commerce/ordering';

/** The identities orders are counted by. */
export const SIGNAL_KINDS = ['account', 'device', 'ip', 'address', 'card'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** The `_id` of a key's document: its kind and value. */
export const keyId = (kind: SignalKind, value: string): string => `${kind}:${value}`;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * A card's fingerprint: a hash of the provider's token, so the read model keeps no card data (not even the token,
 * which a provider could accept for a charge). Two tokens for one card (providers that tokenise per customer or
 * per attempt) look like two cards: the shared-card rule only sees what the provider's tokens repeat.
 */
export const cardFingerprint = (providerToken: string): string => sha256(`card\u0000${providerToken}`).slice(0, 32);

/**
 * An address's identity, as far as a snapshot allows: the street lines, recipient and phone are sealed per
 * customer (random IV, the customer's key), so two customers' copies of one address never compare equal. What
 * stays comparable is province, city and district, and the length of the sealed street lines (AES-GCM keeps the
 * plaintext's length). Same district and same length of street lines is a coarse key: it merges different
 * addresses of equal length in a district (more "shared address" than there is) and splits one address typed
 * two ways. The rules built on it weigh it lightly.
 */
export const addressKey = (address: Pick<AddressSnapshot, 'province' | 'city' | 'district' | 'addressLines'>): string =>
  sha256(`address\u0000${address.province}\u0000${address.city}\u0000${address.district}\u0000${address.addressLines.data.length}`).slice(0, 32);
