import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PersistentKeyStoreError, generateMasterKey, isPersistentKeyStoreError, parseMasterKey } from '@shopstream/kernel';

/** The embedded default's master key file in a shop's data folder (the wrapping itself is the kernel's). */
export const MASTER_KEY_FILE = 'master.key';

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
