import {
  EventStoreError,
  GENESIS_HASH,
  categoryOf,
  checkExpectation,
  checkExpectedRevision,
  eventHash,
  normaliseAllRead,
  normaliseStreamRead,
  prepareEvents,
  recordedFrom,
  replayOfEarlierAppend,
  timeOrderedIds,
  upcastRecorded,
} from '@shopstream/kernel';
import type {
  AppendOptions,
  AppendResult,
  EventFilter,
  EventRegistry,
  EventStore,
  ExpectedRevision,
  NewEvent,
  PreparedEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '@shopstream/kernel';
import { ChangeWatcher } from './changeWatcher.js';
import { connectionSettings, openConnection } from './connection.js';
import type { ConnectionSettings, Durability } from './connection.js';
import { rowQueries } from './rowQueries.js';
import { toRecorded } from './rows.js';
import type { LogRow } from './rows.js';
import { groupCommit } from './groupCommit.js';
import { sharedSubscriptions } from './sharedSubscriptions.js';
import { StreamHeads } from './streamHeads.js';
import type { StreamHead } from './streamHeads.js';
import type { SqliteEventStoreInternals } from './sharedSubscriptions.js';

export interface SqliteEventStoreOptions {
  /** The database file (created with its folder's permissions if missing), or ':memory:' for a private one. */
  readonly path: string;
  /** Default 'normal'; see `Durability` for what each promises. */
  readonly durability?: Durability;
  readonly registry?: EventRegistry;
  /** Stamps events that arrive without `occurredAt`. */
  readonly now?: () => Date;
  readonly newId?: () => string;
  /** How often a waiting subscription looks for appends made by other processes. Default 100 ms. */
  readonly pollIntervalMs?: number;
  /**
   * How long an append waits for another process to release the write lock before it fails with SQLITE_BUSY.
   * The wait blocks this process's event loop, as every better-sqlite3 call does. Default 5000 ms.
   */
  readonly busyTimeoutMs?: number;
}

export interface SqliteEventStore extends EventStore {
  /** What the connection really runs with (journal mode, synchronous level, busy timeout, schema version). */
  settings(): ConnectionSettings;
}

/** An append's result, and the rows it inserted (none for the replay of an earlier append). */
interface Appended {
  readonly result: AppendResult;
  readonly rows: readonly LogRow[];
}

interface StoredId {
  readonly stream: string;
  readonly revision: number;
}

const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error && (error as Error & { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';

const thrown = (error: unknown): never => {
  throw error;
};

/**
 * The embedded event store: one SQLite file in WAL mode, shared safely by any number of processes. Each append
 * runs in a `BEGIN IMMEDIATE` transaction that appends made together share (expectation, idempotency and inserts
 * together, in a savepoint of its own when it inserts several rows; see groupCommit.ts), so writers in different
 * processes serialise on the file's write lock and positions are assigned in commit order.
 */
export const sqliteEventStore = (options: SqliteEventStoreOptions, internals: SqliteEventStoreInternals = {}): SqliteEventStore => {
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  if (!(Number.isFinite(pollIntervalMs) && pollIntervalMs > 0)) throw new TypeError('pollIntervalMs must be a positive number');
  const db = openConnection({
    path: options.path,
    durability: options.durability ?? 'normal',
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    ...(internals.onStatement ? { verbose: internals.onStatement } : {}),
  });
  const registry = options.registry;
  const context = { registry, now: options.now ?? (() => new Date()), newId: options.newId ?? (() => timeOrderedIds.next()) };

  const selectHead = db.prepare<[string], StreamHead>('SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1');
  const selectId = db.prepare<[string], StoredId>('SELECT stream, revision FROM events WHERE id = ?');
  const insert = db.prepare<[string, string, string, number, string, number, string, string, string, string]>(
    'INSERT INTO events (id, stream, category, revision, type, schema_version, data, metadata, occurred_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // The reads every reader of the file shares (see openEventFile), so the store reads its rows as they do.
  const queries = rowQueries(db);

  const heads = new StreamHeads(
    () => queries.dataVersion(),
    (stream) => selectHead.get(stream),
  );
  const watcher = new ChangeWatcher(() => queries.dataVersion(), pollIntervalMs);
  const subscriptions = new Set<Subscription>();
  let closed = false;

  const open = () => {
    if (closed) throw new EventStoreError({ _tag: 'StoreClosed' });
  };

  /** A subscription's batch and the head, from one snapshot, so the head never runs ahead of what was read. */
  const readSnapshot = db.transaction((after: number, maxCount: number, filter: EventFilter | undefined) => ({
    head: queries.headPosition(),
    rows: queries.rowsAfter(after, maxCount, filter),
  }));

  const shared = sharedSubscriptions({ db, queries, registry, watcher, readSnapshot, open, internals });

  /** The earlier append a batch whose first id is stored repeats, as the shared rule answers it; null for a new id. */
  const replayOf = (stream: string, batch: readonly PreparedEvent[], expected: ExpectedRevision, firstId: string, current: number): Appended | null => {
    const earlier = selectId.get(firstId);
    if (!earlier) return null;
    const stored = queries.streamRows(stream, { direction: 'forwards', fromRevision: earlier.revision, maxCount: batch.length }).map(toRecorded);
    // Nothing new in the log: no rows for the subscriptions.
    return { result: replayOfEarlierAppend(stream, batch, expected, earlier.stream, stored, current), rows: [] };
  };

  /**
   * The whole append under the write lock, inside the group commit's transaction (in a savepoint of its own when
   * other appends share it and it inserts more than one row), so a throw undoes all of this append's rows. The common case costs one read (the stream head) besides the
   * inserts: ids are checked by the UNIQUE index as the rows go in, and only a refusal or a clash looks up
   * whether the append repeats an earlier one.
   */
  const appendRows = (stream: string, batch: readonly PreparedEvent[], expected: ExpectedRevision): Appended => {
    const [first] = batch;
    if (!first) throw new EventStoreError({ _tag: 'EmptyAppend', stream });
    const head = heads.headInTransaction(stream);
    const current = head?.revision ?? -1;
    try {
      checkExpectedRevision(stream, expected, current);
    } catch (refusal) {
      // A retry of an append that went through no longer meets its expectation, yet must succeed.
      const replayed = replayOf(stream, batch, expected, first.id, current);
      if (replayed) return replayed;
      throw refusal;
    }
    const category = categoryOf(stream);
    let previousHash = head?.hash ?? GENESIS_HASH;
    const events: RecordedEvent[] = [];
    const rows: LogRow[] = [];
    for (const [i, event] of batch.entries()) {
      const revision = current + 1 + i;
      previousHash = eventHash(previousHash, { ...event, stream, revision });
      let position: number;
      try {
        position = Number(
          insert.run(
            event.id,
            stream,
            category,
            revision,
            event.type,
            event.schemaVersion,
            event.dataJson,
            event.metadataJson,
            event.occurredAt,
            previousHash,
          ).lastInsertRowid,
        );
      } catch (error) {
        const clash = isUniqueViolation(error) ? selectId.get(event.id) : undefined;
        if (!clash) throw error;
        // The first id stored already: a retry, or a conflict, as the shared rule decides. Nothing is inserted yet.
        if (i === 0) return replayOf(stream, batch, expected, first.id, current) ?? thrown(error);
        // A later id: refused, and throwing rolls back the events of this batch already inserted.
        throw new EventStoreError({ _tag: 'DuplicateEventId', stream, eventId: event.id, existingStream: clash.stream });
      }
      events.push(recordedFrom(event, stream, revision, position, previousHash));
      rows.push({
        position,
        id: event.id,
        stream,
        revision,
        type: event.type,
        schema_version: event.schemaVersion,
        data: event.dataJson,
        metadata: event.metadataJson,
        occurred_at: event.occurredAt,
        hash: previousHash,
        category,
      });
    }
    const last = events[events.length - 1] as RecordedEvent; // batch is non-empty
    // Last, once nothing of this append can fail any more.
    heads.wrote(stream, { revision: last.revision, hash: previousHash });
    return { result: { nextExpectedRevision: last.revision, position: last.position, events }, rows };
  };

  /** Appends made at about the same time share one write transaction and one COMMIT. */
  const commits = groupCommit({
    db,
    apply: (request: { stream: string; batch: readonly PreparedEvent[]; expected: ExpectedRevision }) =>
      appendRows(request.stream, request.batch, request.expected),
    // One event is one INSERT, and everything before it only reads: most appends need no savepoint.
    singleWrite: (request) => request.batch.length === 1,
    began: () => heads.begin(),
    rolledBack: () => heads.rolledBack(),
    committed: (results: readonly Appended[]) => {
      heads.committed();
      // The very rows inserted, text and all: the log cache keeps them without serialising the events again.
      for (const { rows } of results) shared.appended(rows);
      watcher.appended();
    },
  });

  const store: SqliteEventStore = {
    append: async (stream: string, events: readonly NewEvent[], appendOptions: AppendOptions = {}): Promise<AppendResult> => {
      open();
      const expected = checkExpectation(appendOptions.expectedRevision);
      const batch = prepareEvents(stream, events, context);
      // Committed together with the appends made at the same time; see groupCommit.
      return (await commits.submit({ stream, batch, expected })).result;
    },

    readStream: async (stream: string, readOptions?: ReadStreamOptions) => {
      open();
      const read = normaliseStreamRead(stream, readOptions);
      const rows = queries.streamRows(stream, read);
      // Read forwards to its end, the stream shows its head: the append that usually follows a load (a command's
      // on a new order or payment, say) then reads no head row.
      if (read.direction === 'forwards' && rows.length < read.maxCount) {
        const last = rows[rows.length - 1];
        if (last !== undefined) heads.saw(stream, { revision: last.revision, hash: last.hash });
        else if (read.fromRevision === 0) heads.saw(stream, null);
      }
      return rows.map((row) => upcastRecorded(registry, toRecorded(row), read.raw));
    },

    readAll: async (readOptions?: ReadAllOptions) => {
      open();
      const read = normaliseAllRead(readOptions);
      return queries.rowsAfter(read.after, read.maxCount, read.filter).map((row) => upcastRecorded(registry, toRecorded(row), read.raw));
    },

    subscribe: (subscribeOptions?: SubscribeOptions): Subscription => {
      open();
      const subscription = shared.subscribe(subscribeOptions);
      const tracked: Subscription = {
        [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
        stop: async () => {
          subscriptions.delete(tracked);
          await subscription.stop();
        },
      };
      subscriptions.add(tracked);
      return tracked;
    },

    streamRevision: async (stream) => {
      open();
      return heads.head(stream)?.revision ?? -1;
    },

    headPosition: async () => {
      open();
      return queries.headPosition();
    },

    settings: () => {
      open();
      return connectionSettings(db);
    },

    close: async () => {
      if (closed) return;
      closed = true;
      const stopping = [...subscriptions].map((subscription) => subscription.stop());
      watcher.close();
      await Promise.all(stopping);
      commits.flush(); // appends accepted before close still commit
      db.close();
    },
  };
  return store;
};
