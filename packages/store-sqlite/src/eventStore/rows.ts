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

/** One column of a row that does not hold what the store writes there. */
export interface MalformedColumn {
  readonly column: keyof EventRow;
  readonly reason: string;
}

/**
 * A row that is not an event as the store writes one: a column edited behind the store's back (JSON that no
 * longer parses, a number where text belongs) or a damaged file. Read tolerantly, such a row is this value
 * rather than a throw, so a reader of evidence can report it and read on.
 */
export interface MalformedEventRow {
  readonly _tag: 'MalformedEventRow';
  /** The row's key: SQLite keeps it an integer whatever else is edited. */
  readonly position: number;
  /** As stored, whatever their type: a malformed row may have lost either. */
  readonly stream: unknown;
  readonly revision: unknown;
  readonly columns: readonly MalformedColumn[];
  /**
   * The row read as far as it reads: each JSON column that does not parse is kept as `{ unparsableJson: text }`,
   * every other column as stored. Its hash cannot match (the writer hashed the parsed values), so a hash check
   * reports the row as changed.
   */
  readonly event: RecordedEvent;
}

/** A row read tolerantly: the event it records, or why it records none. */
export type DecodedRow = { readonly ok: true; readonly event: RecordedEvent } | { readonly ok: false; readonly problem: MalformedEventRow };

const describeColumns = (columns: readonly MalformedColumn[]): string => columns.map(({ column, reason }) => `${column} ${reason}`).join('; ');

/** Thrown by a strict read (the store's own) of a row that `decodeRow` reports as malformed. */
export class MalformedEventRowError extends Error {
  override readonly name = 'MalformedEventRowError';
  constructor(readonly detail: MalformedEventRow) {
    super(`the events row at position ${String(detail.position)} is not an event as the store writes one: ${describeColumns(detail.columns)}`);
  }
}

/** A row as SQLite may hand it out whatever was written into it: its columns hold values of any type. */
export type StoredEventRow = { readonly [Column in keyof EventRow]: unknown };

const TEXT_COLUMNS = ['id', 'stream', 'type', 'occurred_at', 'hash'] as const;
const INTEGER_COLUMNS = ['position', 'revision', 'schema_version'] as const;

const shown = (value: unknown): string =>
  value === null
    ? 'null'
    : Buffer.isBuffer(value)
      ? 'a blob'
      : typeof value === 'string'
        ? `the text ${JSON.stringify(value.slice(0, 40))}`
        : typeof value === 'number' || typeof value === 'bigint'
          ? `the number ${value}`
          : typeof value;

/** A JSON column's value, or why it has none. */
const parseJson = (column: 'data' | 'metadata', stored: unknown, malformed: MalformedColumn[]): unknown => {
  if (typeof stored !== 'string') {
    malformed.push({ column, reason: `is ${shown(stored)}, not JSON text` });
    return { unparsableJson: String(stored) };
  }
  try {
    return JSON.parse(stored) as unknown;
  } catch (error) {
    malformed.push({ column, reason: `is not JSON (${error instanceof Error ? error.message : String(error)})` });
    return { unparsableJson: stored };
  }
};

/**
 * The one mapping of a stored row to the event it records, in its stored (not upcast) form: the store's reads
 * and every reader of the file (`openEventFile`, the audit) go through it. Never throws.
 */
export const decodeRow = (row: StoredEventRow): DecodedRow => {
  const malformed: MalformedColumn[] = [];
  const data = parseJson('data', row.data, malformed);
  const metadata = parseJson('metadata', row.metadata, malformed);
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) malformed.push({ column: 'metadata', reason: `is ${shown(row.metadata)}, not a JSON object` });
  // Text can be edited into an INTEGER column and numbers or blobs into a TEXT one: SQLite columns are not typed.
  for (const column of TEXT_COLUMNS) if (typeof row[column] !== 'string') malformed.push({ column, reason: `is ${shown(row[column])}, not text` });
  for (const column of INTEGER_COLUMNS) if (!Number.isSafeInteger(row[column])) malformed.push({ column, reason: `is ${shown(row[column])}, not an integer` });
  // The casts hold once `malformed` is empty; a malformed row's event keeps what was stored, as evidence.
  const event: RecordedEvent = {
    id: row.id as string,
    type: row.type as string,
    schemaVersion: row.schema_version as number,
    data,
    stream: row.stream as string,
    revision: row.revision as number,
    position: row.position as number,
    occurredAt: row.occurred_at as string,
    metadata: metadata as EventMetadata,
    hash: row.hash as string,
  };
  if (malformed.length === 0) return { ok: true, event };
  return { ok: false, problem: { _tag: 'MalformedEventRow', position: Number(row.position), stream: row.stream, revision: row.revision, columns: malformed, event } };
};

/** A stored row as the event it records (stored form), or `MalformedEventRowError`: the store's strict reading. */
export const toRecorded = (row: StoredEventRow): RecordedEvent => {
  const decoded = decodeRow(row);
  if (!decoded.ok) throw new MalformedEventRowError(decoded.problem);
  return decoded.event;
};

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
