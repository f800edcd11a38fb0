import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { EventFilter } from '@shopstream/kernel';
import { rowQueries } from './rowQueries.js';
import type { StreamRowsRead } from './rowQueries.js';
import type { StoredEventRow } from './rows.js';
import { SCHEMA_VERSION } from './schema.js';

/** Why an event store file cannot be read. */
export type EventFileErrorDetail =
  | { readonly _tag: 'EventFileNotFound'; readonly path: string }
  /** The file is a SQLite database without the store's tables (or not a database at all). */
  | { readonly _tag: 'NotAnEventFile'; readonly path: string; readonly reason: string }
  /** Written by a newer release, whose layout this one would only guess at. */
  | { readonly _tag: 'NewerEventFileSchema'; readonly path: string; readonly schemaVersion: number; readonly understood: number }
  | { readonly _tag: 'EventFileClosed'; readonly path: string };

const describe = (detail: EventFileErrorDetail): string => {
  switch (detail._tag) {
    case 'EventFileNotFound':
      return `no event store file at ${detail.path}`;
    case 'NotAnEventFile':
      return `${detail.path} is not an event store file: ${detail.reason}`;
    case 'NewerEventFileSchema':
      return `the event store file ${detail.path} has schema version ${detail.schemaVersion}, newer than the ${detail.understood} this release of @shopstream/store-sqlite understands`;
    case 'EventFileClosed':
      return `the event store file ${detail.path} was closed`;
  }
};

export class EventFileError extends Error {
  override readonly name = 'EventFileError';
  constructor(readonly detail: EventFileErrorDetail) {
    super(describe(detail));
  }
}

export const isEventFileError = (error: unknown): error is EventFileError => error instanceof EventFileError;

/**
 * An event store file opened read-only: its raw rows, through the very queries the store reads with. Decode them
 * with `toRecorded` (strict, as the store does) or `decodeRow` (tolerant: a malformed row is a value, not a throw).
 */
export interface EventFile {
  readonly path: string;
  /** A stream's rows from a revision, in either direction (a read normalised by the kernel's `normaliseStreamRead`). */
  streamRows(stream: string, read: StreamRowsRead): readonly StoredEventRow[];
  /** The first `maxCount` rows after a position that the filter matches, in log order. */
  rowsAfter(after: number, maxCount: number, filter?: EventFilter): readonly StoredEventRow[];
  /** The stream's last revision, -1 when it has no events. */
  streamRevision(stream: string): number;
  /** The position of the last row, 0 for an empty log. */
  headPosition(): number;
  /**
   * The highest position the file ever assigned (SQLite's AUTOINCREMENT counter, which stays put when rows are
   * deleted), so a reader can tell that rows were removed from the end of the log.
   */
  lastAssignedPosition(): number;
  /** SQLite's `data_version`: changes whenever another connection (the running shop) commits. */
  dataVersion(): number;
  /** Runs `read` in one read transaction, so all of its reads see the file as it stood at one commit. */
  inSnapshot<T>(read: () => T): T;
  close(): void;
}

export interface EventFileOptions {
  /** The event store's file; a shop's is `<dataDir>/events.sqlite`. */
  readonly path: string;
}

/**
 * Opens an event store file to read, and never to write: SQLite's read-only flag refuses every write on the
 * connection, so nothing is created, migrated or locked for writing, and a running shop may keep appending.
 */
export const openEventFile = (options: EventFileOptions): EventFile => {
  const { path } = options;
  // better-sqlite3 reports a missing read-only file as a generic SQLITE_CANTOPEN; say it plainly.
  if (!existsSync(path)) throw new EventFileError({ _tag: 'EventFileNotFound', path });
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const schemaVersion = readSchemaVersion(db, path);
    if (schemaVersion > SCHEMA_VERSION) throw new EventFileError({ _tag: 'NewerEventFileSchema', path, schemaVersion, understood: SCHEMA_VERSION });
    if (schemaVersion < 1) throw new EventFileError({ _tag: 'NotAnEventFile', path, reason: 'it has no events table (schema version 0)' });
  } catch (error) {
    db.close();
    throw error;
  }
  const queries = rowQueries(db);
  const revision = db.prepare<[string], number>('SELECT coalesce(max(revision), -1) FROM events WHERE stream = ?').pluck();
  const sequence = db.prepare<[], number>("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)").pluck();
  const open = () => {
    if (!db.open) throw new EventFileError({ _tag: 'EventFileClosed', path });
  };
  return {
    path,
    streamRows: (stream, read) => {
      open();
      return queries.streamRows(stream, read);
    },
    rowsAfter: (after, maxCount, filter) => {
      open();
      return queries.rowsAfter(after, maxCount, filter);
    },
    streamRevision: (stream) => {
      open();
      return revision.get(stream) ?? -1;
    },
    headPosition: () => {
      open();
      return queries.headPosition();
    },
    lastAssignedPosition: () => {
      open();
      return sequence.get() ?? 0;
    },
    dataVersion: () => {
      open();
      return queries.dataVersion();
    },
    inSnapshot: (read) => {
      open();
      return db.transaction(read)();
    },
    close: () => {
      if (db.open) db.close();
    },
  };
};

/** `PRAGMA user_version`, which the store's migrations set; reading it also tells a SQLite file from anything else. */
const readSchemaVersion = (db: Database.Database, path: string): number => {
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    throw new EventFileError({ _tag: 'NotAnEventFile', path, reason: error instanceof Error ? error.message : String(error) });
  }
};
