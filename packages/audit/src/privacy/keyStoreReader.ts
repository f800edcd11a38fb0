import type { DataKey, KeyStore } from '@shopstream/commerce/privacy';
import { isPersistentKeyStoreError, openEmbeddedKeyFile } from '@shopstream/sdk';
import type { PersistentKeyStoreErrorDetail } from '@shopstream/sdk';
import { AuditError } from '../errors.js';
import type { AuditErrorDetail } from '../errors.js';

export interface KeyStoreReaderOptions {
  /** The shop's data folder: keys in `<dataDir>/keys.db`. */
  readonly dataDir: string;
  /** The master key as base64; default: the one the embedded shop generated into `<dataDir>/master.key`. */
  readonly masterKey?: string;
}

/** The shop's key store opened read-only: it opens sealed values and can neither create nor delete a key. */
export interface KeyStoreReader extends KeyStore {
  /** The subjects the key store has erased (its tombstones, and its erasure log). */
  erasedSubjects(): readonly string[];
  close(): void;
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

const told = <T>(read: () => T): T => {
  try {
    return read();
  } catch (error) {
    if (isPersistentKeyStoreError(error)) throw new AuditError(auditDetail(error.detail, error.message));
    throw error;
  }
};

/**
 * Opens the embedded shop's key store through the SDK's read-only `openKeyFile`, which unwraps with the key
 * store's own code. The key store itself is not opened: that creates its tables and applies pending erasures,
 * and an audit must not write.
 */
export const keyStoreReader = (options: KeyStoreReaderOptions): KeyStoreReader => {
  const file = told(() => openEmbeddedKeyFile(options));
  return {
    current: async (subject): Promise<DataKey | null> => told(() => file.current(subject)),
    get: async (subject, keyId): Promise<DataKey | null> => told(() => file.get(subject, keyId)),
    create: async () => {
      throw new AuditError({ _tag: 'ReadOnly', operation: 'creating a data key' });
    },
    delete: async () => {
      throw new AuditError({ _tag: 'ReadOnly', operation: 'erasing a data subject' });
    },
    erasedSubjects: () => file.erasedSubjects(),
    close: () => file.close(),
  };
};
