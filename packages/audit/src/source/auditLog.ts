import type { EventStore } from '@shopstream/kernel';

/**
 * What a log can tell about its own extent, read at one moment: how far it goes, and what `verify` can prove
 * from its positions about events removed. Each store promises a different amount, so each says what it has.
 */
export interface LogExtent {
  /** The last position stored: verify reads up to it, leaving appends made meanwhile for the next run. */
  readonly headPosition: number;
  /** Positions run 1..n without holes (SQLite), so a hole means events were removed; EventStoreDB's do not. */
  readonly contiguousPositions: boolean;
  /** The highest position ever assigned, kept apart from the events (SQLite's counter); null where no store keeps one. */
  readonly lastAssignedPosition: number | null;
}

/** A shop's log as the audit reads it, wherever it is kept: the port's reads, appends refused. */
export interface AuditLog extends EventStore {
  /** Where the events are read from, for reports: a file's path, a server's address (never its credentials). */
  readonly location: string;
  extent(): Promise<LogExtent>;
}
