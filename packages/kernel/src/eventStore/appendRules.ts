import { jsonProblem } from '../events/canonicalJson.js';
import type { EventMetadata, NewEvent, RecordedEvent } from '../events/event.js';
import { categoryOf } from '../events/streamName.js';
import type { EventRegistry } from '../events/registry.js';
import { EventStoreError } from './errors.js';
import type { AppendResult, EventFilter, ExpectedRevision, ReadAllOptions, ReadStreamOptions } from './eventStore.js';

/**
 * The rules every store applies the same way, so that the stores differ only in how they keep events.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_STREAM_NAME = 512;

/** An event checked and completed, ready to be given a revision and a hash. */
export interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly occurredAt: string;
  readonly metadata: EventMetadata;
  /**
   * `data` and `metadata` as the JSON text they were parsed back from: a store that keeps text writes these
   * rather than serialising the same values again (parse then stringify gives back the very same text).
   */
  readonly dataJson: string;
  readonly metadataJson: string;
}

/** The event as recorded, with the fields in the order every store hands them out (without the prepared JSON text). */
export const recordedFrom = (event: PreparedEvent, stream: string, revision: number, position: number, hash: string): RecordedEvent => ({
  id: event.id,
  type: event.type,
  schemaVersion: event.schemaVersion,
  data: event.data,
  occurredAt: event.occurredAt,
  metadata: event.metadata,
  stream,
  revision,
  position,
  hash,
});

export const checkStreamName = (stream: string): void => {
  const reason =
    typeof stream !== 'string' || stream.length === 0
      ? 'it is empty'
      : stream.length > MAX_STREAM_NAME
        ? `it is longer than ${MAX_STREAM_NAME} characters`
        : stream.startsWith('$')
          ? 'names starting with "$" are reserved for system streams'
          : /[\u0000-\u001f]/.test(stream) // eslint-disable-line no-control-regex
            ? 'it contains control characters'
            : null;
  if (reason) throw new EventStoreError({ _tag: 'InvalidStreamName', stream: String(stream), reason });
};

export interface PrepareContext {
  readonly registry?: EventRegistry;
  readonly now: () => Date;
  readonly newId: () => string;
}

const invalidEvent = (stream: string, index: number, event: NewEvent | null | undefined, issues: string[]): EventStoreError =>
  new EventStoreError({ _tag: 'InvalidEvent', stream, index, type: String(event?.type), issues });

/** Array.isArray without its narrowing of readonly arrays to any[]. */
const isList = (value: unknown): boolean => Array.isArray(value);

export const prepareEvents = (stream: string, events: readonly NewEvent[], context: PrepareContext): PreparedEvent[] => {
  checkStreamName(stream);
  if (!isList(events) || events.length === 0) throw new EventStoreError({ _tag: 'EmptyAppend', stream });
  const seen = new Set<string>();
  return events.map((event, index) => {
    if (typeof event !== 'object' || event === null) throw invalidEvent(stream, index, event, ['an event must be an object']);
    if (typeof event.type !== 'string' || event.type.length === 0) throw invalidEvent(stream, index, event, ['type must be a non-empty string']);
    const id = event.id ?? context.newId();
    if (!UUID.test(id)) throw invalidEvent(stream, index, event, [`id ${JSON.stringify(id)} is not a UUID`]);
    if (seen.has(id.toLowerCase())) throw invalidEvent(stream, index, event, [`id ${id} appears twice in one append`]);
    seen.add(id.toLowerCase());
    const problem = jsonProblem(event.data);
    if (problem) throw invalidEvent(stream, index, event, [problem]);
    if (event.occurredAt !== undefined && Number.isNaN(Date.parse(event.occurredAt))) {
      throw invalidEvent(stream, index, event, [`occurredAt ${JSON.stringify(event.occurredAt)} is not an ISO 8601 instant`]);
    }
    let schemaVersion = event.schemaVersion ?? 1;
    let data: unknown = event.data;
    if (context.registry) {
      const outcome = context.registry.validate(event.type, event.data, event.schemaVersion);
      if (!outcome.ok) throw invalidEvent(stream, index, event, [...outcome.issues]);
      schemaVersion = outcome.schemaVersion;
      data = outcome.data;
    }
    const metadata: EventMetadata = {
      correlationId: event.metadata?.correlationId ?? id,
      causationId: event.metadata?.causationId ?? null,
      actor: event.metadata?.actor ?? null,
      traceparent: event.metadata?.traceparent ?? null,
      tracestate: event.metadata?.tracestate ?? null,
    };
    const metadataProblem = jsonProblem(metadata);
    if (metadataProblem) throw invalidEvent(stream, index, event, [`metadata: ${metadataProblem}`]);
    // A JSON round trip, so every store hands back exactly what another store would.
    const dataJson = JSON.stringify(data ?? null);
    const metadataJson = JSON.stringify(metadata);
    return {
      id: id.toLowerCase(),
      type: event.type,
      schemaVersion,
      data: JSON.parse(dataJson) as unknown,
      occurredAt: new Date(event.occurredAt ?? context.now()).toISOString(),
      metadata: JSON.parse(metadataJson) as EventMetadata,
      dataJson,
      metadataJson,
    };
  });
};

export const checkExpectedRevision = (stream: string, expected: ExpectedRevision, actual: number): void => {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === -1) ||
    (expected === 'stream_exists' && actual >= 0) ||
    (typeof expected === 'number' && expected === actual);
  if (!ok) throw new EventStoreError({ _tag: 'WrongExpectedRevision', stream, expected, actual });
};

export const checkExpectation = (expected: unknown): ExpectedRevision => {
  if (expected === undefined) return 'any';
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return expected;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return expected;
  throw new EventStoreError({
    _tag: 'InvalidReadOptions',
    reason: `expectedRevision must be 'any', 'no_stream', 'stream_exists' or a revision >= 0, not ${JSON.stringify(expected)}`,
  });
};

/**
 * An append whose first event id is already stored is a retry. It succeeds, writing nothing and returning
 * the first result, when it carries the same ids in the same order and its expectation held for the first
 * attempt; otherwise it is refused as the conflict it is.
 *
 * `stored` is the stream's events from the revision of the first id onwards (at least `batch.length` of them
 * when they exist).
 */
export const replayOfEarlierAppend = (
  stream: string,
  batch: readonly PreparedEvent[],
  expected: ExpectedRevision,
  firstStoredIn: string,
  stored: readonly RecordedEvent[],
  currentRevision: number,
): AppendResult => {
  const first = batch[0];
  if (!first) throw new EventStoreError({ _tag: 'EmptyAppend', stream });
  if (firstStoredIn !== stream) {
    throw new EventStoreError({ _tag: 'DuplicateEventId', stream, eventId: first.id, existingStream: firstStoredIn });
  }
  const sameIds = stored.length >= batch.length && batch.every((event, i) => stored[i]?.id === event.id);
  const startRevision = stored[0]?.revision ?? -1;
  const expectationHeld =
    expected === 'any' ||
    (expected === 'no_stream' && startRevision === 0) ||
    (expected === 'stream_exists' && startRevision > 0) ||
    (typeof expected === 'number' && expected === startRevision - 1);
  if (!sameIds || !expectationHeld) {
    if (!sameIds && expectationHeld) {
      const clash = batch.find((event, i) => stored[i]?.id !== event.id) ?? first;
      throw new EventStoreError({ _tag: 'DuplicateEventId', stream, eventId: clash.id, existingStream: stream });
    }
    throw new EventStoreError({ _tag: 'WrongExpectedRevision', stream, expected, actual: currentRevision });
  }
  const events = stored.slice(0, batch.length);
  const last = events[events.length - 1] as RecordedEvent; // non-empty: sameIds implies batch.length events
  return { nextExpectedRevision: last.revision, position: last.position, events };
};

export const matchesFilter = (filter: EventFilter | undefined, stream: string, type: string): boolean => {
  if (!filter) return true;
  if (filter.eventTypes && !filter.eventTypes.includes(type)) return false;
  if (filter.streamCategories && !filter.streamCategories.includes(categoryOf(stream))) return false;
  return true;
};

const checkCount = (maxCount: unknown): number => {
  if (maxCount === undefined) return Number.MAX_SAFE_INTEGER;
  if (typeof maxCount === 'number' && Number.isSafeInteger(maxCount) && maxCount >= 0) return maxCount;
  throw new EventStoreError({ _tag: 'InvalidReadOptions', reason: `maxCount must be an integer >= 0, not ${JSON.stringify(maxCount)}` });
};

export interface NormalisedStreamRead {
  readonly direction: 'forwards' | 'backwards';
  readonly fromRevision: number;
  readonly maxCount: number;
  readonly raw: boolean;
}

export const normaliseStreamRead = (stream: string, options: ReadStreamOptions = {}): NormalisedStreamRead => {
  checkStreamName(stream);
  const direction = options.direction ?? 'forwards';
  if (direction !== 'forwards' && direction !== 'backwards') {
    throw new EventStoreError({ _tag: 'InvalidReadOptions', reason: `direction must be 'forwards' or 'backwards'` });
  }
  const from = options.fromRevision ?? (direction === 'forwards' ? 0 : Number.MAX_SAFE_INTEGER);
  if (!Number.isSafeInteger(from) || from < 0) {
    throw new EventStoreError({ _tag: 'InvalidReadOptions', reason: `fromRevision must be an integer >= 0` });
  }
  return { direction, fromRevision: from, maxCount: checkCount(options.maxCount), raw: options.raw ?? false };
};

export interface NormalisedAllRead {
  readonly after: number;
  readonly maxCount: number;
  readonly filter: EventFilter | undefined;
  readonly raw: boolean;
}

export const normaliseAllRead = (options: ReadAllOptions = {}): NormalisedAllRead => {
  const after = options.after ?? 0;
  if (!Number.isSafeInteger(after) || after < 0) {
    throw new EventStoreError({ _tag: 'InvalidReadOptions', reason: 'after must be an integer >= 0' });
  }
  return { after, maxCount: checkCount(options.maxCount), filter: options.filter, raw: options.raw ?? false };
};

/** Applies the registry's upcasters to a stored event unless the caller asked for the raw form. */
export const upcastRecorded = (registry: EventRegistry | undefined, event: RecordedEvent, raw: boolean): RecordedEvent => {
  if (raw || !registry) return event;
  const lifted = registry.upcast(event.type, event.schemaVersion, event.data);
  return lifted.schemaVersion === event.schemaVersion ? event : { ...event, schemaVersion: lifted.schemaVersion, data: lifted.data };
};
