import type { Database, Statement } from 'better-sqlite3';
import type { EventFilter } from '@shopstream/kernel';
import { EVENT_COLUMNS, filteredReadSql } from './rows.js';
import type { EventRow } from './rows.js';

/** A stream read, as the kernel's `normaliseStreamRead` answers it. */
export interface StreamRowsRead {
  readonly direction: 'forwards' | 'backwards';
  readonly fromRevision: number;
  readonly maxCount: number;
}

/** The reads of the `events` table, shared by the store and by read-only readers of its file. */
export interface RowQueries {
  /** A stream's rows from a revision, in either direction. */
  streamRows(stream: string, read: StreamRowsRead): EventRow[];
  /** The first `maxCount` rows after a position that the filter matches, in log order. */
  rowsAfter(after: number, maxCount: number, filter: EventFilter | undefined): EventRow[];
  /** The position of the last row, 0 for an empty log. */
  headPosition(): number;
  /** SQLite's `data_version`: changes whenever another connection commits. */
  dataVersion(): number;
}

/** Bounds the cache of filtered-read statements; there is one per filter shape, so this is rarely reached. */
const MAX_FILTER_STATEMENTS = 64;

/** Prepares the reads once on a connection, read-only or not; none of them writes. */
export const rowQueries = (db: Database): RowQueries => {
  const forwards = db.prepare<[string, number, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`);
  const backwards = db.prepare<[string, number, number], EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
  );
  const headPosition = db.prepare<[], number>('SELECT coalesce(max(position), 0) FROM events').pluck();
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  const filterStatements = new Map<string, Statement<[Record<string, string | number>], EventRow>>();

  return {
    streamRows: (stream, read) => (read.direction === 'forwards' ? forwards : backwards).all(stream, read.fromRevision, read.maxCount),
    rowsAfter: (after, maxCount, filter) => {
      const shape = filteredReadSql(filter);
      if (!shape) return [];
      let statement = filterStatements.get(shape.key);
      if (!statement) {
        if (filterStatements.size >= MAX_FILTER_STATEMENTS) filterStatements.clear();
        statement = db.prepare<[Record<string, string | number>], EventRow>(shape.sql);
        filterStatements.set(shape.key, statement);
      }
      return statement.all({ ...shape.values, after, limit: maxCount });
    },
    headPosition: () => headPosition.get() ?? 0,
    dataVersion: () => dataVersion.get() ?? 0,
  };
};
