import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PersistentKeyStoreError, isPersistentKeyStoreError } from './errors.js';

export const MASTER_KEY_BYTES = 32;
export const MASTER_KEY_FILE = 'master.key';

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

/**
 * The embedded default's master key: read from `<dataDir>/master.key`, or generated into it once with mode
 * 0600. Two processes starting together agree on one key, since the file appears atomically (link of a
 * complete temporary file) and the loser reads the winner's. A file others can read is refused.
 */
export const loadOrCreateMasterKey = (dataDir: string): Buffer => {
  const path = join(dataDir, MASTER_KEY_FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    return readMasterKey(dataDir);
  } catch (error) {
    if (!isPersistentKeyStoreError(error, 'MasterKeyFileNotFound')) throw error;
  }
  const temporary = join(dataDir, `.${MASTER_KEY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}`);
  writeFileSync(temporary, `${generateMasterKey()}\n`, { mode: 0o600, flag: 'wx' });
  // The umask can only remove bits, but be explicit in case the file system ignored the mode.
  chmodSync(temporary, 0o600);
  try {
    linkSync(temporary, path);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readMasterKeyFile(path);
};

/**
 * The embedded default's master key from `<dataDir>/master.key`, read only, as `loadOrCreateMasterKey` reads it:
 * `MasterKeyFileNotFound` where there is none, `InsecureMasterKeyFile` where others can read it.
 */
export const readMasterKey = (dataDir: string): Buffer => {
  const path = join(dataDir, MASTER_KEY_FILE);
  try {
    return readMasterKeyFile(path);
  } catch (error) {
    if (isMissing(error)) throw new PersistentKeyStoreError({ _tag: 'MasterKeyFileNotFound', path });
    throw error;
  }
};

const readMasterKeyFile = (path: string): Buffer => {
  const mode = statSync(path).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new PersistentKeyStoreError({ _tag: 'InsecureMasterKeyFile', path, mode: mode.toString(8).padStart(4, '0') });
  }
  return parseMasterKey(readFileSync(path, 'utf8'));
};

const isMissing = (error: unknown): boolean => error instanceof Error && 'code' in error && error.code === 'ENOENT';

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
