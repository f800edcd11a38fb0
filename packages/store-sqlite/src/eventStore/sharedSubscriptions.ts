import { catchUpSubscription, upcastRecorded } from '@shopstream/kernel';
import type { EventFilter, EventRegistry, RecordedEvent, ScannedBatch, SubscribeOptions, Subscription } from '@shopstream/kernel';
import type { Database } from 'better-sqlite3';
import type { ChangeWatcher, LogVersion } from './changeWatcher.js';
import { LogCache } from './logCache.js';
import type { RowQueries } from './rowQueries.js';
import { LOG_COLUMNS, toRecorded } from './rows.js';
import type { EventRow, LogRow } from './rows.js';

/** Knobs for tests, not part of the store's options: they change cost, never behaviour. */
export interface SqliteEventStoreInternals {
  /** Sees every SQL statement the connection runs (better-sqlite3's `verbose`). */
  readonly onStatement?: (sql: string) => void;
  /** Positions per page of the shared subscription cache. Default 256. */
  readonly pageSize?: number;
  /** Pages the cache keeps at most. Default 64. */
  readonly maxPages?: number;
}

export interface SharedSubscriptionsOptions {
  readonly db: Database;
  /** The store's reads of the log, for the head a page is read with. */
  readonly queries: RowQueries;
  readonly registry: EventRegistry | undefined;
  readonly watcher: ChangeWatcher;
  /** A subscription's own filtered batch and the head, from one snapshot. */
  readonly readSnapshot: (after: number, maxCount: number, filter: EventFilter | undefined) => { readonly head: number; readonly rows: EventRow[] };
  /** Throws when the store is closed. */
  readonly open: () => void;
  readonly internals: SqliteEventStoreInternals;
}

export interface SharedSubscriptions {
  subscribe(options: SubscribeOptions | undefined): Subscription;
  /** The rows this store has just committed, before subscriptions are woken. */
  appended(rows: readonly LogRow[]): void;
  cache: LogCache;
}

/**
 * Every subscription of a store served from one `LogCache`: the log read once per page for all of them
 * instead of once per subscription per append.
 */
export const sharedSubscriptions = ({ db, queries, registry, watcher, readSnapshot, open, internals }: SharedSubscriptionsOptions): SharedSubscriptions => {
  const selectRange = db.prepare<[number, number], LogRow>(`SELECT ${LOG_COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position`);
  const readRange = db.transaction((after: number, upTo: number) => ({ head: queries.headPosition(), rows: selectRange.all(after, upTo) }));
  // Shared by every subscriber: frozen so that none can change what the others see (data is theirs not to mutate).
  const decode = (row: EventRow): RecordedEvent => Object.freeze(upcastRecorded(registry, toRecorded(row), false));

  const cache = new LogCache(
    {
      readRange,
      readFiltered: (after, maxCount, filter): ScannedBatch => {
        const { head, rows } = readSnapshot(after, maxCount, filter);
        const events = rows.map(decode);
        const full = events.length === maxCount;
        return { events, scannedTo: full ? (events[events.length - 1]?.position ?? after) : head };
      },
      externalVersion: () => watcher.version().external,
      decode,
    },
    { pageSize: internals.pageSize ?? 256, maxPages: internals.maxPages ?? 64 },
  );

  return {
    cache,
    appended: (rows) => cache.appended(rows),
    subscribe: (options) => {
      const reader = cache.reader(options?.after ?? 0);
      let seen: LogVersion = watcher.version();
      return catchUpSubscription(
        {
          readBatch: async (after, maxCount, filter) => {
            open();
            // Taken before the read, so an append the read missed wakes the wait that follows it.
            seen = watcher.version();
            return cache.read(reader, after, maxCount, filter);
          },
          waitForAppend: (signal) => watcher.wait(seen, signal),
          release: () => cache.release(reader),
        },
        options,
      );
    },
  };
};
