import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Sealed } from '../shared/sealed.js';
import type { DataKey, KeyStore } from '@shopstream/kernel';

/**
 * Seals and opens personal data with its subject's own key. After `erase`, every value sealed for that
 * subject, wherever it was copied (events, snapshots, read models, backups), opens to null.
 */
export interface PersonalDataVault {
  /** Encrypts with the subject's current key, creating one on first use. Throws `KeyStoreError` for an erased subject. */
  seal(subject: string, plaintext: string): Promise<Sealed>;
  /** The plaintext, or null when the subject's key was erased. Throws `VaultError` when the envelope was tampered with. */
  open(sealed: Sealed): Promise<string | null>;
  /** Deletes the subject's keys: crypto-shredding. Idempotent. */
  erase(subject: string): Promise<void>;
}

export type VaultErrorDetail =
  | { readonly _tag: 'SealedValueCorrupt'; readonly subject: string; readonly keyId: string }
  | { readonly _tag: 'UnsupportedEnvelope'; readonly version: number };

/** A sealed value that cannot be opened although its key exists: a fault (tampering, corruption), not an erasure. */
export class VaultError extends Error {
  override readonly name = 'VaultError';
  constructor(readonly detail: VaultErrorDetail) {
    super(
      detail._tag === 'SealedValueCorrupt'
        ? `a value sealed for ${detail.subject} with key ${detail.keyId} fails authentication`
        : `sealed envelope version ${detail.version} is not supported`,
    );
  }
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
// Fixed, so that a truncated tag (which GCM would otherwise accept) fails authentication.
const TAG_BYTES = 16;

/**
 * The envelope's header is authenticated with the ciphertext, so a value cannot be relabelled as another
 * subject's (and so survive that subject's erasure, or be opened in their name).
 */
const associatedData = (subject: string, keyId: string): Buffer => Buffer.from(JSON.stringify(['shopstream-sealed', 1, subject, keyId]), 'utf8');

const encrypt = (subject: string, key: DataKey, plaintext: string): Sealed => {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(subject, key.keyId));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    v: 1,
    subject,
    keyId: key.keyId,
    iv: iv.toString('base64'),
    data: data.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
};

const decrypt = (sealed: Sealed, key: DataKey): string => {
  try {
    const decipher = createDecipheriv(ALGORITHM, key.key, Buffer.from(sealed.iv, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(sealed.subject, sealed.keyId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new VaultError({ _tag: 'SealedValueCorrupt', subject: sealed.subject, keyId: sealed.keyId });
  }
};

export const personalDataVault = (keys: KeyStore): PersonalDataVault => ({
  seal: async (subject, plaintext) => {
    const key = (await keys.current(subject)) ?? (await keys.create(subject));
    return encrypt(subject, key, plaintext);
  },
  open: async (sealed) => {
    // The schema allows only version 1, but a value may arrive from outside the schema (a raw read).
    if ((sealed.v as number) !== 1) throw new VaultError({ _tag: 'UnsupportedEnvelope', version: sealed.v });
    const key = await keys.get(sealed.subject, sealed.keyId);
    return key === null ? null : decrypt(sealed, key);
  },
  erase: (subject) => keys.delete(subject),
});
