import { createDecipheriv } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DataKey, KeyStore } from '@shopstream/commerce/privacy';
import { AuditError } from '../errors.js';

export interface KeyStoreReaderOptions {
  /** The shop's data folder: keys in `<dataDir>/keys.db`. */
  readonly dataDir: string;
  /** The master key as base64; default: the one the embedded shop generated into `<dataDir>/master.key`. */
  readonly masterKey?: string;
}

/** The shop's key store opened read-only: it opens sealed values and can neither create nor delete a key. */
export interface KeyStoreReader extends KeyStore {
  /** The subjects the key store has erased (its tombstones). */
  erasedSubjects(): readonly string[];
  close(): void;
}

// The wrapping of the SDK's embedded key store (packages/sdk/src/keys): AES-256-GCM, iv | tag | ciphertext, with a
// label naming the subject and key id as associated data. Read here rather than through the SDK's store, which
// creates its tables and check value and applies pending erasures when it opens: an audit must not write.
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CHECK_LABEL = 'shopstream-key-store-check';
const keyLabel = (subject: string, keyId: string): string => JSON.stringify(['shopstream-data-key', 1, subject, keyId]);

const unwrap = (masterKey: Buffer, label: string, wrapped: Buffer): Buffer | null => {
  if (wrapped.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, wrapped.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(label, 'utf8'));
    decipher.setAuthTag(wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
};

const readMasterKey = (options: KeyStoreReaderOptions): Buffer => {
  let text = options.masterKey;
  if (text === undefined) {
    const path = join(options.dataDir, 'master.key');
    if (!existsSync(path)) throw new AuditError({ _tag: 'MasterKeyUnavailable', reason: `no master key was given and ${path} does not exist` });
    text = readFileSync(path, 'utf8');
  }
  const bytes = Buffer.from(text.trim(), 'base64');
  if (bytes.length !== 32 || bytes.toString('base64') !== text.trim()) {
    throw new AuditError({ _tag: 'MasterKeyUnavailable', reason: 'a master key is 32 bytes in canonical base64' });
  }
  return bytes;
};

interface KeyRow {
  readonly key_id: string;
  readonly wrapped: Buffer;
}

export const keyStoreReader = (options: KeyStoreReaderOptions): KeyStoreReader => {
  const path = join(options.dataDir, 'keys.db');
  if (!existsSync(path)) throw new AuditError({ _tag: 'KeyStoreNotFound', path });
  const masterKey = readMasterKey(options);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const check = db.prepare<[string], { value: Buffer }>('SELECT value FROM key_store_meta WHERE name = ?').get('check');
    if (check === undefined || unwrap(masterKey, CHECK_LABEL, check.value) === null) throw new AuditError({ _tag: 'WrongMasterKey', path });
  } catch (error) {
    db.close();
    throw error;
  }
  const newest = db.prepare<[string], KeyRow>('SELECT key_id, wrapped FROM data_keys WHERE subject = ? ORDER BY seq DESC LIMIT 1');
  const byId = db.prepare<[string, string], KeyRow>('SELECT key_id, wrapped FROM data_keys WHERE subject = ? AND key_id = ?');
  const erased = db.prepare<[], string>('SELECT subject FROM erased_subjects ORDER BY seq').pluck();
  const toDataKey = (subject: string, row: KeyRow | undefined): DataKey | null => {
    if (row === undefined) return null;
    const key = unwrap(masterKey, keyLabel(subject, row.key_id), row.wrapped);
    if (key === null) throw new AuditError({ _tag: 'DataKeyCorrupt', subject, keyId: row.key_id });
    return { keyId: row.key_id, key: new Uint8Array(key) };
  };
  return {
    current: async (subject) => toDataKey(subject, newest.get(subject)),
    get: async (subject, keyId) => toDataKey(subject, byId.get(subject, keyId)),
    create: async () => {
      throw new AuditError({ _tag: 'ReadOnly', operation: 'creating a data key' });
    },
    delete: async () => {
      throw new AuditError({ _tag: 'ReadOnly', operation: 'erasing a data subject' });
    },
    erasedSubjects: () => erased.all(),
    close: () => {
      if (db.open) db.close();
    },
  };
};
