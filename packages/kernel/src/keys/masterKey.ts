import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PersistentKeyStoreError } from './errors.js';
import type { DataKey } from './keyStore.js';

/**
 * The master-key wrapping every persistent key store shares, so that a key wrapped by one (the SQLite file, a
 * MongoDB collection) is laid out, bound and checked exactly as by the others: AES-256-GCM, a 12-byte IV and a
 * 16-byte tag before the ciphertext, with a label as associated data.
 */

export const MASTER_KEY_BYTES = 32;

/** A master key from its base64 text or its bytes; exactly 32 bytes, or `InvalidMasterKey`. */
export const parseMasterKey = (masterKey: string | Uint8Array): Buffer => {
  const bytes = typeof masterKey === 'string' ? Buffer.from(masterKey.trim(), 'base64') : Buffer.from(masterKey);
  if (typeof masterKey === 'string' && bytes.toString('base64') !== masterKey.trim()) {
    throw new PersistentKeyStoreError({ _tag: 'InvalidMasterKey', reason: 'it is not canonical base64' });
  }
  if (bytes.length !== MASTER_KEY_BYTES) {
    throw new PersistentKeyStoreError({ _tag: 'InvalidMasterKey', reason: `it has ${bytes.length} bytes, not ${MASTER_KEY_BYTES}` });
  }
  return bytes;
};

/** A new random master key as base64, for a shop's secret store. */
export const generateMasterKey = (): string => randomBytes(MASTER_KEY_BYTES).toString('base64');

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts `plaintext` under the master key, bound to `label` (authenticated, not stored), so a wrapped key
 * copied to another subject's row fails to unwrap instead of opening that subject's data.
 */
export const wrap = (masterKey: Buffer, label: string, plaintext: Uint8Array): Buffer => {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, masterKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(label, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]);
};

/** The plaintext, or null when the wrapped bytes fail authentication (wrong master key, wrong label, corruption). */
export const unwrap = (masterKey: Buffer, label: string, wrapped: Uint8Array): Buffer | null => {
  const bytes = Buffer.from(wrapped);
  if (bytes.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv(ALGORITHM, masterKey, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(label, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
};

/** The label the check value is wrapped under: it proves a master key is the one the store was created with. */
export const CHECK_LABEL = 'shopstream-key-store-check';

/** A data key is wrapped bound to its subject and id, so a wrapped key copied to another row fails to unwrap. */
export const keyLabel = (subject: string, keyId: string): string => JSON.stringify(['shopstream-data-key', 1, subject, keyId]);

/** A store's check value for a new store: random bytes wrapped by its master key, kept beside the keys. */
export const newCheckValue = (masterKey: Buffer): Buffer => wrap(masterKey, CHECK_LABEL, randomBytes(16));

/**
 * `WrongMasterKey` unless the master key opens the store's check value (`store` names the store in the error: a
 * file's path, or where in a database it lives). A store opened with another key fails at once and clearly,
 * rather than on the first sealed value someone tries to read.
 */
export const checkMasterKey = (masterKey: Buffer, checkValue: Uint8Array | undefined, store: string): void => {
  if (checkValue === undefined || unwrap(masterKey, CHECK_LABEL, checkValue) === null) throw new PersistentKeyStoreError({ _tag: 'WrongMasterKey', path: store });
};

/** A data key wrapped for storage, bound to its subject and id. */
export const wrapDataKey = (masterKey: Buffer, subject: string, key: DataKey): Buffer => wrap(masterKey, keyLabel(subject, key.keyId), key.key);

/** A stored data key unwrapped; `WrappedKeyCorrupt` when the master key does not open it under this subject and id. */
export const unwrapDataKey = (masterKey: Buffer, subject: string, keyId: string, wrapped: Uint8Array): DataKey => {
  const key = unwrap(masterKey, keyLabel(subject, keyId), wrapped);
  if (key === null) throw new PersistentKeyStoreError({ _tag: 'WrappedKeyCorrupt', subject, keyId });
  return { keyId, key: new Uint8Array(key) };
};
