import { GENESIS_HASH, eventHash } from '@shopstream/kernel';
import type { Actor, EventStore, RecordedEvent } from '@shopstream/kernel';
import { AuditError } from '../errors.js';
import { readScope } from '../source/scope.js';

/** One stored event with everything recorded about it, as stored (not upcast). */
export interface HistoryEntry {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly occurredAt: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly eventId: string;
  readonly actor: Actor | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly traceparent: string | null;
  readonly tracestate: string | null;
  readonly hash: string;
  /** Whether the stored hash follows from the previous event of the stream and this event (null where that event was not read). */
  readonly hashValid: boolean | null;
  readonly data: unknown;
}

export interface HistoryOptions {
  readonly pageSize?: number;
}

const entryOf = (event: RecordedEvent, hashValid: boolean | null): HistoryEntry => {
  // A hand-edited row may have lost its metadata's shape; show what is there rather than fail.
  const metadata: Partial<RecordedEvent['metadata']> = typeof event.metadata === 'object' && event.metadata !== null ? event.metadata : {};
  return {
    position: event.position,
    stream: event.stream,
    revision: event.revision,
    occurredAt: event.occurredAt,
    type: event.type,
    schemaVersion: event.schemaVersion,
    eventId: event.id,
    actor: metadata.actor ?? null,
    correlationId: metadata.correlationId ?? null,
    causationId: metadata.causationId ?? null,
    traceparent: metadata.traceparent ?? null,
    tracestate: metadata.tracestate ?? null,
    hash: event.hash,
    hashValid,
    data: event.data,
  };
};

/** One stream's events in revision order, each with its metadata and whether its hash holds. */
export async function* streamHistory(store: EventStore, stream: string, options: HistoryOptions = {}): AsyncGenerator<HistoryEntry> {
  let previous = GENESIS_HASH;
  let any = false;
  for await (const page of readScope(store, { kind: 'stream', stream }, { pageSize: options.pageSize ?? 500, raw: true })) {
    for (const event of page) {
      any = true;
      yield entryOf(event, eventHash(previous, event) === event.hash);
      previous = event.hash;
    }
  }
  if (!any) throw new AuditError({ _tag: 'StreamNotFound', stream });
}

/**
 * Every event one request caused, across all streams, in log order: the command's own events and everything
 * processes did in reaction (they carry the correlation id on). There is no index by correlation, so this reads
 * the whole log once, a page at a time.
 */
export async function* correlatedHistory(store: EventStore, correlationId: string, options: HistoryOptions = {}): AsyncGenerator<HistoryEntry> {
  for await (const page of readScope(store, { kind: 'log' }, { pageSize: options.pageSize ?? 1000, raw: true })) {
    for (const event of page) {
      if ((event.metadata as Partial<RecordedEvent['metadata']> | null)?.correlationId === correlationId) yield entryOf(event, null);
    }
  }
}

/**
 * How deep each entry sits in the chain of causes within the list: 0 for one caused from outside it (a command),
 * 1 for an event caused by one of those, and so on.
 */
export const causationDepths = (entries: readonly HistoryEntry[]): number[] => {
  const indexById = new Map(entries.map((entry, index) => [entry.eventId, index]));
  const depths: (number | undefined)[] = [];
  const depthOf = (index: number, seen: Set<number>): number => {
    const known = depths[index];
    if (known !== undefined) return known;
    const cause = entries[index]?.causationId;
    const parent = cause == null ? undefined : indexById.get(cause);
    // A cycle can only come from tampered metadata; cut it rather than loop.
    const depth = parent === undefined || seen.has(parent) ? 0 : depthOf(parent, new Set([...seen, index])) + 1;
    depths[index] = depth;
    return depth;
  };
  return entries.map((_, index) => depthOf(index, new Set([index])));
};
