import Database from 'better-sqlite3';
import type { Database as Connection } from 'better-sqlite3';
import { migrate } from './schema.js';

/**
 * How hard a commit tries to reach the disk, in WAL mode:
 * - `normal` (synchronous=NORMAL): a committed append survives the process crashing or being killed; after a
 *   power loss or OS crash the last few commits may be gone, but the file is never corrupt.
 * - `full` (synchronous=FULL): every commit is fsynced before `append` resolves, so it survives power loss too.
 */
export type Durability = 'normal' | 'full';

export interface ConnectionOptions {
  readonly path: string;
  readonly durability: Durability;
  readonly busyTimeoutMs: number;
  /** Sees every statement the connection runs; for tests that count reads. */
  readonly verbose?: (sql: string) => void;
}

/** What the connection really runs with, read back from SQLite rather than echoed from the options. */
export interface ConnectionSettings {
  readonly journalMode: string;
  readonly synchronous: 'off' | 'normal' | 'full' | 'extra';
  readonly busyTimeoutMs: number;
  readonly schemaVersion: number;
}

const SYNCHRONOUS = ['off', 'normal', 'full', 'extra'] as const;

export const openConnection = (options: ConnectionOptions): Connection => {
  if (options.durability !== 'normal' && options.durability !== 'full') {
    throw new TypeError(`durability must be 'normal' or 'full', not ${JSON.stringify(options.durability)}`);
  }
  if (!Number.isSafeInteger(options.busyTimeoutMs) || options.busyTimeoutMs < 0) {
    throw new TypeError('busyTimeoutMs must be an integer >= 0');
  }
  const verbose = options.verbose;
  const db = new Database(options.path, { timeout: options.busyTimeoutMs, ...(verbose ? { verbose: (sql?: unknown) => verbose(String(sql)) } : {}) });
  try {
    // WAL lets readers (subscriptions, other processes) run while one writer appends. An in-memory database
    // has no WAL and keeps its 'memory' journal.
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
};

export const connectionSettings = (db: Connection): ConnectionSettings => {
  const level = db.pragma('synchronous', { simple: true }) as number;
  const synchronous = SYNCHRONOUS[level];
  if (synchronous === undefined) throw new Error(`SQLite reported an unknown synchronous level ${level}`);
  return {
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous,
    busyTimeoutMs: db.pragma('busy_timeout', { simple: true }) as number,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
  };
};
