import { createHmac } from 'node:crypto';

/** The kinds of contact a user can be reached and found by. */
export type ContactKind = 'email' | 'phone';

/**
 * Keyed hashes of normalised contacts: the one form of an email or phone kept in clear, for lookups and
 * uniqueness. Keyed with a shop secret (a pepper kept outside the event store), so that a leaked log cannot be
 * reversed by hashing every phone number, which a plain hash of an 11-digit number would allow in minutes.
 */
export interface ContactHasher {
  /** Lower-case hex HMAC-SHA256 of a contact that is already normalised. */
  hash(kind: ContactKind, normalised: string): string;
}

export const MIN_PEPPER_BYTES = 32;

export const contactHasher = (pepper: Uint8Array): ContactHasher => {
  if (pepper.byteLength < MIN_PEPPER_BYTES) {
    throw new RangeError(`the contact pepper must be at least ${MIN_PEPPER_BYTES} random bytes`);
  }
  const secret = Buffer.from(pepper);
  return {
    // The kind is part of the message so that an email and a phone can never share a hash.
    hash: (kind, normalised) => createHmac('sha256', secret).update(`${kind}\u0000${normalised}`, 'utf8').digest('hex'),
  };
};
