import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { catchUpSubscription, normaliseAllRead, normaliseStreamRead, upcastRecorded } from '@shopstream/kernel';
import type { EventFilter, EventMetadata, EventRegistry, EventStore, RecordedEvent, SubscribeOptions } from '@shopstream/kernel';
import { AuditError } from '../errors.js';

export interface SqliteLogOptions {
  /** The embedded event store's file (`<dataDir>/events.sqlite`). */
  readonly path: string;
  /** Reads upcast older schema versions with it, unless asked for the raw form. */
  readonly registry?: EventRegistry;
  /** How often a subscription looks for appends made by the running shop. Default 100 ms. */
  readonly pollIntervalMs?: number;
}

/** The log of an embedded shop, opened read-only: it never writes, migrates or locks the file for writing. */
export interface SqliteLog extends EventStore {
  /**
   * The last position stored and the highest position the file has ever assigned (SQLite's AUTOINCREMENT
   * counter, which stays put when rows are deleted), read together, so `verify` can tell that events were
   * removed from the end of the log even while the shop appends.
   */
  snapshot(): { readonly headPosition: number; readonly lastAssignedPosition: number };
}

interface EventRow {
  readonly position: number;
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly schema_version: number;
  readonly data: string;
  readonly metadata: string;
  readonly occurred_at: string;
  readonly hash: string;
}

const COLUMNS = 'position, id, stream, revision, type, schema_version, data, metadata, occurred_at, hash';
const ALL = Number.MAX_SAFE_INTEGER;
const sqlLimit = (maxCount: number): number => (maxCount >= ALL ? -1 : maxCount);

/**
 * Stored JSON that no longer parses (a hand-edited row) is kept as its text, so the hash check reports the row
 * instead of the read failing: the hash was computed over the parsed value, never over a string like this.
 */
const parseStored = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { unparsableJson: text };
  }
};

const toRecorded = (row: EventRow): RecordedEvent => ({
  id: row.id,
  type: row.type,
  schemaVersion: row.schema_version,
  data: parseStored(row.data),
  stream: row.stream,
  revision: row.revision,
  position: row.position,
  occurredAt: row.occurred_at,
  metadata: parseStored(row.metadata) as EventMetadata,
  hash: row.hash,
});

/** The WHERE clause of a filtered read, with its values in order. */
const filterSql = (filter: EventFilter | undefined): { readonly sql: string; readonly values: readonly string[] } => {
  const clauses: string[] = [];
  const values: string[] = [];
  if (filter?.eventTypes) {
    clauses.push(`type IN (${filter.eventTypes.map(() => '?').join(', ') || 'NULL'})`);
    values.push(...filter.eventTypes);
  }
  if (filter?.streamCategories) {
    clauses.push(`category IN (${filter.streamCategories.map(() => '?').join(', ') || 'NULL'})`);
    values.push(...filter.streamCategories);
  }
  return { sql: clauses.map((clause) => ` AND ${clause}`).join(''), values };
};

export const sqliteLog = (options: SqliteLogOptions): SqliteLog => {
  if (!existsSync(options.path)) throw new AuditError({ _tag: 'EventStoreNotFound', path: options.path });
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  // readonly: SQLite refuses every write on this connection, so no bug here can change the evidence.
  const db = new Database(options.path, { readonly: true, fileMustExist: true });
  const { registry } = options;
  const forwards = db.prepare<[string, number, number], EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`);
  const backwards = db.prepare<[string, number, number], EventRow>(
    `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
  );
  const revision = db.prepare<[string], number>('SELECT coalesce(max(revision), -1) FROM events WHERE stream = ?').pluck();
  const head = db.prepare<[], number>('SELECT coalesce(max(position), 0) FROM events').pluck();
  const sequence = db.prepare<[], number>("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)").pluck();
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let closed = false;
  const open = () => {
    if (closed) throw new AuditError({ _tag: 'InvalidArgument', argument: 'log', reason: 'the log was closed' });
  };

  const readRows = (after: number, maxCount: number, filter: EventFilter | undefined): EventRow[] => {
    const where = filterSql(filter);
    return db.prepare<unknown[], EventRow>(`SELECT ${COLUMNS} FROM events WHERE position > ?${where.sql} ORDER BY position LIMIT ?`).all(after, ...where.values, sqlLimit(maxCount));
  };

  /** Until a commit changes the data version from the one a subscription last read at, or the signal aborts. */
  const waitForChange = async (versionAtRead: number, signal: AbortSignal): Promise<void> => {
    while (!signal.aborted && !closed && dataVersion.get() === versionAtRead) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollIntervalMs);
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
      });
    }
  };

  return {
    append: async () => {
      throw new AuditError({ _tag: 'ReadOnly', operation: 'append' });
    },
    readStream: async (stream, readOptions) => {
      open();
      const read = normaliseStreamRead(stream, readOptions);
      const statement = read.direction === 'forwards' ? forwards : backwards;
      return statement.all(stream, read.fromRevision, sqlLimit(read.maxCount)).map((row) => upcastRecorded(registry, toRecorded(row), read.raw));
    },
    readAll: async (readOptions) => {
      open();
      const read = normaliseAllRead(readOptions);
      return readRows(read.after, read.maxCount, read.filter).map((row) => upcastRecorded(registry, toRecorded(row), read.raw));
    },
    subscribe: (subscribeOptions: SubscribeOptions = {}) => {
      open();
      // The data version as of this subscription's last read: any commit since then changes it, so an append made
      // between a read and the wait that follows it is not slept through.
      let versionAtRead = -1;
      return catchUpSubscription(
        {
          readBatch: async (after, maxCount, filter) => {
            const snapshot = db.transaction(() => ({ version: dataVersion.get() ?? 0, head: head.get() ?? 0, rows: readRows(after, maxCount, filter) }))();
            versionAtRead = snapshot.version;
            const events = snapshot.rows.map((row) => upcastRecorded(registry, toRecorded(row), false));
            const full = events.length === maxCount;
            return { events, scannedTo: full ? (events.at(-1)?.position ?? after) : Math.max(after, snapshot.head), more: full };
          },
          waitForAppend: (signal) => waitForChange(versionAtRead, signal),
        },
        subscribeOptions,
      );
    },
    streamRevision: async (stream) => {
      open();
      return revision.get(stream) ?? -1;
    },
    headPosition: async () => {
      open();
      return head.get() ?? 0;
    },
    snapshot: () => {
      open();
      return db.transaction(() => ({ headPosition: head.get() ?? 0, lastAssignedPosition: sequence.get() ?? 0 }))();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
};
