import type { EventFilter, EventMetadata, RecordedEvent } from '@shopstream/kernel';

/** One row of the `events` table, as better-sqlite3 returns it. */
export interface EventRow {
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

/** The columns every read selects, in the order of `EventRow`. */
export const EVENT_COLUMNS = 'position, id, stream, revision, type, schema_version, data, metadata, occurred_at, hash';

/** A stored row as the event it records, in its stored (not upcast) form. */
export const toRecorded = (row: EventRow): RecordedEvent => ({
  id: row.id,
  type: row.type,
  schemaVersion: row.schema_version,
  data: JSON.parse(row.data) as unknown,
  stream: row.stream,
  revision: row.revision,
  position: row.position,
  occurredAt: row.occurred_at,
  metadata: JSON.parse(row.metadata) as EventMetadata,
  hash: row.hash,
});

/** A row with its stream's category, which is all a subscription's filter looks at before decoding. */
export interface LogRow extends EventRow {
  readonly category: string;
}

/** The columns of a `LogRow`. */
export const LOG_COLUMNS = `${EVENT_COLUMNS}, category`;

/** The kernel's `matchesFilter` on a row, by its stored category. */
export const rowMatches = (filter: EventFilter | undefined, row: LogRow): boolean =>
  filter === undefined ||
  ((filter.eventTypes === undefined || filter.eventTypes.includes(row.type)) &&
    (filter.streamCategories === undefined || filter.streamCategories.includes(row.category)));

/** SQLite's "no limit"; reads normalised by the kernel use MAX_SAFE_INTEGER for it. */
export const sqlLimit = (maxCount: number): number => (maxCount >= Number.MAX_SAFE_INTEGER ? -1 : maxCount);

export interface FilteredReadSql {
  /** Identifies the statement's shape, so one prepared statement serves every filter of that shape. */
  readonly key: string;
  readonly sql: string;
  /** The named values to bind besides `after` and `limit`. */
  readonly values: Readonly<Record<string, string>>;
}

/**
 * The SQL equivalent of the kernel's `matchesFilter` for "the first `limit` events after a position", or null
 * when the filter matches nothing (an empty list, as `matchesFilter` reads it).
 *
 * A filter on types (or else categories) is answered from the (type, position) or (category, position) index:
 * one ordered range scan per listed value, each stopping after `limit` rows, merged by position. So a batch
 * costs about `limit` rows per value however rare or common the value is, where a plain `IN (...)` would
 * sort every match after the position or walk the whole log between matches.
 */
export const filteredReadSql = (filter: EventFilter | undefined): FilteredReadSql | null => {
  const types = filter?.eventTypes;
  const categories = filter?.streamCategories;
  if (types?.length === 0 || categories?.length === 0) return null;
  const values: Record<string, string> = {};
  const list = (prefix: string, items: readonly string[]) =>
    items
      .map((item, i) => {
        values[`${prefix}${i}`] = item;
        return `$${prefix}${i}`;
      })
      .join(', ');
  const key = `t${types?.length ?? '-'}c${categories?.length ?? '-'}`;
  if (!types && !categories) {
    return { key, sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE position > $after ORDER BY position LIMIT $limit`, values };
  }
  // Scan per type when types are given (categories then filter the rows scanned), else per category.
  const [column, prefix, items, extra] = types
    ? (['type', 't', types, categories ? ` AND category IN (${list('c', categories)})` : ''] as const)
    : (['category', 'c', categories ?? [], ''] as const);
  const arms = items.map((item, i) => {
    values[`${prefix}${i}`] = item;
    return `SELECT position FROM events WHERE ${column} = $${prefix}${i} AND position > $after${extra} ORDER BY position LIMIT $limit`;
  });
  const sql =
    arms.length === 1
      ? `SELECT ${EVENT_COLUMNS} FROM events WHERE position IN (${arms[0]}) ORDER BY position LIMIT $limit`
      : `SELECT ${EVENT_COLUMNS} FROM events WHERE position IN (${arms.map((arm) => `SELECT position FROM (${arm})`).join(' UNION ALL ')}) ORDER BY position LIMIT $limit`;
  return { key, sql, values };
};
