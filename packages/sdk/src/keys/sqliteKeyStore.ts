import { join } from 'node:path';
import Database from 'better-sqlite3';
import { KeyStoreError, newCheckValue, newDataKey, parseMasterKey, wrapDataKey } from '@shopstream/kernel';
import type { DataKey, PersistentKeyStore } from '@shopstream/kernel';
import { erasureLog } from './erasureLog.js';
import { KEY_STORE_FILE, checkDatabaseMasterKey, keyReads } from './keyFile.js';
import { loadOrCreateMasterKey } from './masterKey.js';

export interface SqliteKeyStoreOptions {
  /** The key database: its own file, never the event store's (a copy of the log must not carry the keys). */
  readonly path: string;
  /** 32 bytes, as base64 text or bytes, from the shop's secret store. Every data key is wrapped with it. */
  readonly masterKey: string | Uint8Array;
  /** The append-only list of erased subjects kept beside the database; `<path>.erasures` unless given. */
  readonly erasureLogPath?: string;
  readonly busyTimeoutMs?: number;
}

/**
 * Data keys in a SQLite file, each wrapped (AES-256-GCM) by the master key, bound to its subject and key id.
 * Erasing deletes the rows with `secure_delete` on (freed pages are zeroed) and checkpoints the WAL, so the
 * wrapped bytes do not linger in the file; the subject is tombstoned in the database and in the erasure log.
 */
export const sqliteKeyStore = (options: SqliteKeyStoreOptions): PersistentKeyStore => {
  const masterKey = parseMasterKey(options.masterKey);
  const log = erasureLog(options.erasureLogPath ?? `${options.path}.erasures`);
  const db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5_000 });
  try {
    db.pragma('journal_mode = WAL');
    // A created key must survive a power cut: data sealed with it may already be in the event log.
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.exec(`
      CREATE TABLE IF NOT EXISTS data_keys (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        subject TEXT NOT NULL,
        key_id TEXT NOT NULL,
        wrapped BLOB NOT NULL,
        UNIQUE (subject, key_id)
      ) STRICT;
      CREATE TABLE IF NOT EXISTS erased_subjects (seq INTEGER PRIMARY KEY AUTOINCREMENT, subject TEXT NOT NULL UNIQUE) STRICT;
      CREATE TABLE IF NOT EXISTS key_store_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) STRICT;`);
    // When two processes create the store at once, the first check value written rules for both.
    db.prepare('INSERT OR IGNORE INTO key_store_meta (name, value) VALUES (?, ?)').run('check', newCheckValue(masterKey));
    checkDatabaseMasterKey(db, masterKey, options.path);
  } catch (error) {
    db.close();
    throw error;
  }

  // The reads `openKeyFile` makes too, so a read-only reader unwraps exactly as the store does.
  const reads = keyReads(db, masterKey);
  const insert = db.prepare<[string, string, Buffer]>('INSERT INTO data_keys (subject, key_id, wrapped) VALUES (?, ?, ?)');
  const isErased = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM erased_subjects WHERE subject = ?');
  const deleteKeys = db.prepare<[string]>('DELETE FROM data_keys WHERE subject = ?');
  const tombstone = db.prepare<[string]>('INSERT OR IGNORE INTO erased_subjects (subject) VALUES (?)');

  const create = db.transaction((subject: string): DataKey => {
    if (isErased.get(subject)) throw new KeyStoreError({ _tag: 'SubjectErased', subject });
    const key = newDataKey();
    insert.run(subject, key.keyId, wrapDataKey(masterKey, subject, key));
    return key;
  });
  /** Deletes and tombstones; returns the subjects that still had keys. */
  const erase = db.transaction((subjects: readonly string[]): string[] => {
    const held: string[] = [];
    for (const subject of subjects) {
      if (deleteKeys.run(subject).changes > 0) held.push(subject);
      tombstone.run(subject);
    }
    return held;
  });
  /** Erases and tombstones in the log and the database; returns how many subjects still had keys. */
  const eraseEverywhere = (subjects: readonly string[]): number => {
    const all = [...new Set(subjects)];
    if (all.length === 0) return 0;
    const known = new Set(reads.erasedSubjects());
    // The log first: should the process die in between, the next open erases from the log anyway.
    log.append(all.filter((subject) => !known.has(subject)));
    // Subjects already tombstoned are erased again too: their rows may have come back with a restored backup.
    const held = erase.immediate(all);
    // secure_delete zeroes the freed pages, but the WAL may still hold older copies of them until it is
    // checkpointed back into the database and truncated.
    if (held.length > 0) db.pragma('wal_checkpoint(TRUNCATE)');
    return held.length;
  };

  // Tombstones in the log that the database lacks (it was restored from an older backup) are erased again.
  const logged = log.read();
  if (logged.length > 0) {
    const known = new Set(reads.erasedSubjects());
    const missing = [...new Set(logged)].filter((subject) => !known.has(subject));
    if (missing.length > 0) {
      erase.immediate(missing);
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
  }

  return {
    current: async (subject) => reads.current(subject),
    create: async (subject) => create.immediate(subject),
    get: async (subject, keyId) => reads.get(subject, keyId),
    delete: async (subject) => {
      eraseEverywhere([subject]);
    },
    reapplyErasures: async (subjects) => eraseEverywhere([...subjects]),
    erasedSubjects: async () => reads.erasedSubjects(),
    close: async () => {
      if (db.open) db.close();
    },
  };
};

export interface EmbeddedKeyStoreOptions {
  /** The shop's data folder: the key store is `<dataDir>/keys.db`, the generated master key `<dataDir>/master.key`. */
  readonly dataDir: string;
  /** The master key; when absent, one is generated once into `<dataDir>/master.key` (mode 0600). */
  readonly masterKey?: string | Uint8Array;
}

/** The embedded default's key store. Keep `master.key` out of the backups of `keys.db`, or the wrapping protects nothing. */
export const embeddedKeyStore = (options: EmbeddedKeyStoreOptions): PersistentKeyStore =>
  sqliteKeyStore({ path: join(options.dataDir, KEY_STORE_FILE), masterKey: options.masterKey ?? loadOrCreateMasterKey(options.dataDir) });
