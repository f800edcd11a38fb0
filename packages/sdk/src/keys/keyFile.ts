import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PersistentKeyStoreError, checkMasterKey, parseMasterKey, unwrapDataKey } from '@shopstream/kernel';
import type { DataKey, KeyReader } from '@shopstream/kernel';
import { erasureLog } from './erasureLog.js';
import { readMasterKey } from './masterKey.js';
import type { EmbeddedKeyStoreOptions } from './sqliteKeyStore.js';

/** The embedded default's key database in a shop's data folder. */
export const KEY_STORE_FILE = 'keys.db';

interface KeyRow {
  readonly key_id: string;
  readonly wrapped: Buffer;
}

/** The reads of a key database, shared by the key store and the read-only `openKeyFile`: one unwrap for both. */
export interface KeyReads {
  /** The subject's newest data key, or null. */
  current(subject: string): DataKey | null;
  get(subject: string, keyId: string): DataKey | null;
  /** Every subject the database has tombstoned, in erasure order. */
  erasedSubjects(): string[];
}

/** Prepares the reads on a connection, read-only or not; `WrappedKeyCorrupt` for a key the master key does not open. */
export const keyReads = (db: Database.Database, masterKey: Buffer): KeyReads => {
  const newest = db.prepare<[string], KeyRow>('SELECT key_id, wrapped FROM data_keys WHERE subject = ? ORDER BY seq DESC LIMIT 1');
  const byId = db.prepare<[string, string], KeyRow>('SELECT key_id, wrapped FROM data_keys WHERE subject = ? AND key_id = ?');
  const erased = db.prepare<[], string>('SELECT subject FROM erased_subjects ORDER BY seq').pluck();
  const toDataKey = (subject: string, row: KeyRow | undefined): DataKey | null => (row === undefined ? null : unwrapDataKey(masterKey, subject, row.key_id, row.wrapped));
  return {
    current: (subject) => toDataKey(subject, newest.get(subject)),
    get: (subject, keyId) => toDataKey(subject, byId.get(subject, keyId)),
    erasedSubjects: () => erased.all(),
  };
};

/** `WrongMasterKey` unless the master key opens the database's check value (the kernel's check, as every store makes). */
export const checkDatabaseMasterKey = (db: Database.Database, masterKey: Buffer, path: string): void => {
  const row = db.prepare<[string], { value: Buffer }>('SELECT value FROM key_store_meta WHERE name = ?').get('check');
  checkMasterKey(masterKey, row?.value, path);
};

export interface KeyFileOptions {
  /** The key database a key store wrote (`<dataDir>/keys.db` for the embedded default). */
  readonly path: string;
  /** The master key it was created with, as base64 text or 32 bytes. */
  readonly masterKey: string | Uint8Array;
  /** The store's erasure log; `<path>.erasures` unless given, as for `sqliteKeyStore`. */
  readonly erasureLogPath?: string;
}

/** A key database opened read-only: it unwraps data keys and can neither create, erase nor migrate anything. */
export interface KeyFile extends KeyReads {
  readonly path: string;
  close(): void;
}

/**
 * Opens a key database to read, never to write (SQLite's read-only flag), for tools such as an audit that must
 * leave a running shop's files as they are. Subjects in the erasure log whose erasure the database has not
 * applied yet (it was restored from an older backup) count as erased: their keys are not handed out, as the key
 * store itself would erase them when it next opens.
 */
export const openKeyFile = (options: KeyFileOptions): KeyFile => {
  const { path } = options;
  const masterKey = parseMasterKey(options.masterKey);
  if (!existsSync(path)) throw new PersistentKeyStoreError({ _tag: 'KeyStoreNotFound', path });
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    checkDatabaseMasterKey(db, masterKey, path);
  } catch (error) {
    db.close();
    throw error;
  }
  const reads = keyReads(db, masterKey);
  // Read once: an erasure made after this opens deletes the database's rows too, which the reads then see.
  const logged = new Set(erasureLog(options.erasureLogPath ?? `${path}.erasures`).read());
  return {
    path,
    current: (subject) => (logged.has(subject) ? null : reads.current(subject)),
    get: (subject, keyId) => (logged.has(subject) ? null : reads.get(subject, keyId)),
    erasedSubjects: () => [...new Set([...reads.erasedSubjects(), ...logged])],
    close: () => {
      if (db.open) db.close();
    },
  };
};

/**
 * `openKeyFile` on the embedded default's files, as `embeddedKeyStore` names them; the master key, when not given,
 * is read from `<dataDir>/master.key` and never generated (`MasterKeyFileNotFound`).
 */
export const openEmbeddedKeyFile = (options: EmbeddedKeyStoreOptions): KeyFile =>
  openKeyFile({ path: join(options.dataDir, KEY_STORE_FILE), masterKey: options.masterKey ?? readMasterKey(options.dataDir) });

/**
 * A key database as the kernel's read-only port, `KeyReader`: what `mongoKeyReader` of `@shopstream/store-mongodb`
 * is for a key store on MongoDB, so that a tool reads either through one interface. Opens as `openKeyFile` does.
 */
export const sqliteKeyReader = (options: KeyFileOptions): KeyReader => {
  const file = openKeyFile(options);
  return {
    current: async (subject) => file.current(subject),
    get: async (subject, keyId) => file.get(subject, keyId),
    erasedSubjects: async () => file.erasedSubjects(),
    close: async () => file.close(),
  };
};
