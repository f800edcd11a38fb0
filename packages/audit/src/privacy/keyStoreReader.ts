import { join } from 'node:path';
import type { DataKey, KeyStore } from '@shopstream/commerce/privacy';
import type { KeyReader } from '@shopstream/kernel';
import { KEY_STORE_FILE, isPersistentKeyStoreError, readMasterKey, sqliteKeyReader } from '@shopstream/sdk';
import type { PersistentKeyStoreErrorDetail } from '@shopstream/sdk';
import { AuditError } from '../errors.js';
import type { AuditErrorDetail } from '../errors.js';

export interface KeyStoreReaderOptions {
  /** The shop's data folder: keys in `<dataDir>/keys.db` unless `path` says otherwise. */
  readonly dataDir: string;
  /** The key database, when not `<dataDir>/keys.db` (its erasure log beside it, `<path>.erasures`). */
  readonly path?: string;
  /** The master key as base64; default: the one the embedded shop generated into `<dataDir>/master.key`. */
  readonly masterKey?: string;
}

/**
 * A shop's key store opened read-only, wherever it is (`keys.db`, MongoDB): it opens sealed values and can neither
 * create nor delete a key. Its refusals are `AuditError`s.
 */
export interface KeyStoreReader extends KeyStore {
  /** The subjects the key store has erased, in erasure order: a subject whose key is gone and is not listed was never given one. */
  erasedSubjects(): Promise<readonly string[]>;
  close(): Promise<void>;
}

/** The key store's refusals, as the audit tells them. */
const auditDetail = (detail: PersistentKeyStoreErrorDetail, message: string): AuditErrorDetail => {
  switch (detail._tag) {
    case 'InvalidMasterKey':
    case 'InsecureMasterKeyFile':
      return { _tag: 'MasterKeyUnavailable', reason: message };
    case 'MasterKeyFileNotFound':
      return { _tag: 'MasterKeyUnavailable', reason: `no master key was given and ${detail.path} does not exist` };
    case 'KeyStoreNotFound':
      return { _tag: 'KeyStoreNotFound', path: detail.path };
    case 'WrongMasterKey':
      return { _tag: 'WrongMasterKey', path: detail.path };
    case 'WrappedKeyCorrupt':
      return { _tag: 'DataKeyCorrupt', subject: detail.subject, keyId: detail.keyId };
  }
};

/** A key store's refusal as the audit's; anything else as it was. */
export const auditRefusal = (error: unknown): unknown => (isPersistentKeyStoreError(error) ? new AuditError(auditDetail(error.detail, error.message)) : error);

export const told = <T>(read: () => T): T => {
  try {
    return read();
  } catch (error) {
    throw auditRefusal(error);
  }
};

const toldAsync = async <T>(read: () => Promise<T>): Promise<T> => {
  try {
    return await read();
  } catch (error) {
    throw auditRefusal(error);
  }
};

/** Any store's `KeyReader` as the audit uses it: the key store's refusals told as the audit's, writes refused. */
export const auditKeyReader = (reader: KeyReader): KeyStoreReader => ({
  current: (subject): Promise<DataKey | null> => toldAsync(() => reader.current(subject)),
  get: (subject, keyId): Promise<DataKey | null> => toldAsync(() => reader.get(subject, keyId)),
  create: async () => {
    throw new AuditError({ _tag: 'ReadOnly', operation: 'creating a data key' });
  },
  delete: async () => {
    throw new AuditError({ _tag: 'ReadOnly', operation: 'erasing a data subject' });
  },
  erasedSubjects: () => toldAsync(() => reader.erasedSubjects()),
  close: () => reader.close(),
});

/**
 * Opens the embedded shop's key database through the SDK's read-only `sqliteKeyReader`, which unwraps with the key
 * store's own code. The key store itself is not opened: that creates its tables and applies pending erasures, and
 * an audit must not write. Subjects in the erasure log count as erased even where a restored backup still holds keys.
 */
export const keyStoreReader = (options: KeyStoreReaderOptions): KeyStoreReader =>
  auditKeyReader(
    told(() =>
      sqliteKeyReader({
        path: options.path ?? join(options.dataDir, KEY_STORE_FILE),
        // Read from the shop's file when not given, never generated.
        masterKey: options.masterKey ?? readMasterKey(options.dataDir),
      }),
    ),
  );
