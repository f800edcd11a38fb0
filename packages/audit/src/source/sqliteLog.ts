import { catchUpSubscription, normaliseAllRead, normaliseStreamRead, upcastRecorded } from '@shopstream/kernel';
import type { EventRegistry, RecordedEvent, SubscribeOptions } from '@shopstream/kernel';
import { decodeRow, isEventFileError, openEventFile } from '@shopstream/store-sqlite';
import type { EventFile, StoredEventRow } from '@shopstream/store-sqlite';
import { AuditError } from '../errors.js';
import type { AuditLog } from './auditLog.js';

export interface SqliteLogOptions {
  /** The embedded event store's file (`<dataDir>/events.sqlite`). */
  readonly path: string;
  /** Reads upcast older schema versions with it, unless asked for the raw form. */
  readonly registry?: EventRegistry;
  /** How often a subscription looks for appends made by the running shop. Default 100 ms. */
  readonly pollIntervalMs?: number;
}

/** The log of an embedded shop, opened read-only: it never writes, migrates or locks the file for writing. */
export interface SqliteLog extends AuditLog {
  /**
   * The last position stored and the highest position the file has ever assigned (SQLite's AUTOINCREMENT
   * counter, which stays put when rows are deleted), read together, so `verify` can tell that events were
   * removed from the end of the log even while the shop appends. `extent()` gives the same, with the promise of
   * positions without holes.
   */
  snapshot(): { readonly headPosition: number; readonly lastAssignedPosition: number };
}

/**
 * A row as evidence, through the store's own mapping read tolerantly: a row edited so that it no longer reads
 * (JSON that does not parse, a value of the wrong type) comes as the row read as far as it reads, whose hash
 * cannot match, so `verify` and `history` report it instead of the read failing.
 */
const asEvidence = (row: StoredEventRow): RecordedEvent => {
  const decoded = decodeRow(row);
  return decoded.ok ? decoded.event : decoded.problem.event;
};

/** Opens the file with the store's read-only reader, its refusals told as the audit's. */
const openFile = (path: string): EventFile => {
  try {
    return openEventFile({ path });
  } catch (error) {
    if (!isEventFileError(error)) throw error;
    if (error.detail._tag === 'EventFileNotFound') throw new AuditError({ _tag: 'EventStoreNotFound', path });
    throw new AuditError({ _tag: 'UnreadableEventStore', path, reason: error.message });
  }
};

export const sqliteLog = (options: SqliteLogOptions): SqliteLog => {
  const file = openFile(options.path);
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const { registry } = options;
  let closed = false;
  const open = () => {
    if (closed) throw new AuditError({ _tag: 'InvalidArgument', argument: 'log', reason: 'the log was closed' });
  };
  const toEvents = (rows: readonly StoredEventRow[], raw: boolean) => rows.map((row) => upcastRecorded(registry, asEvidence(row), raw));

  /** Until a commit changes the data version from the one a subscription last read at, or the signal aborts. */
  const waitForChange = async (versionAtRead: number, signal: AbortSignal): Promise<void> => {
    while (!signal.aborted && !closed && file.dataVersion() === versionAtRead) {
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

  const readSnapshot = () => {
    open();
    return file.inSnapshot(() => ({ headPosition: file.headPosition(), lastAssignedPosition: file.lastAssignedPosition() }));
  };

  return {
    location: options.path,
    append: async () => {
      throw new AuditError({ _tag: 'ReadOnly', operation: 'append' });
    },
    readStream: async (stream, readOptions) => {
      open();
      const read = normaliseStreamRead(stream, readOptions);
      return toEvents(file.streamRows(stream, read), read.raw);
    },
    readAll: async (readOptions) => {
      open();
      const read = normaliseAllRead(readOptions);
      return toEvents(file.rowsAfter(read.after, read.maxCount, read.filter), read.raw);
    },
    subscribe: (subscribeOptions: SubscribeOptions = {}) => {
      open();
      // The data version as of this subscription's last read: any commit since then changes it, so an append made
      // between a read and the wait that follows it is not slept through.
      let versionAtRead = -1;
      return catchUpSubscription(
        {
          readBatch: async (after, maxCount, filter) => {
            const snapshot = file.inSnapshot(() => ({ version: file.dataVersion(), head: file.headPosition(), rows: file.rowsAfter(after, maxCount, filter) }));
            versionAtRead = snapshot.version;
            const events = toEvents(snapshot.rows, false);
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
      return file.streamRevision(stream);
    },
    headPosition: async () => {
      open();
      return file.headPosition();
    },
    snapshot: readSnapshot,
    extent: async () => ({ ...readSnapshot(), contiguousPositions: true }),
    close: async () => {
      if (closed) return;
      closed = true;
      file.close();
    },
  };
};
