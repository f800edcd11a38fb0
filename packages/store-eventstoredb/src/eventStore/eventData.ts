import type { EventData, JSONType, RecordedEvent as ServerRecordedEvent } from '@eventstore/db-client';
import type { EventMetadata, PreparedEvent, RecordedEvent } from '@shopstream/kernel';

/**
 * How an event sits on the server. The payload is the event's own JSON, with the server's JSON content type, so
 * the server's projections and UI see the real payload; the server's event id is the event's id. Everything
 * else the port records goes into the server's metadata, next to `$correlationId` and `$causationId`, which
 * the server's own `$by_correlation_id` projection follows.
 */
// A type, not an interface: the client's metadata type is an index signature, which only type literals satisfy.
export type StoredMetadata = {
  /** The version of this layout, so that a later one can still read events written by this one. */
  readonly shopstream: 1;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly hash: string;
  readonly metadata: EventMetadata;
  readonly $correlationId: string;
  readonly $causationId?: string;
};

export const toEventData = (event: PreparedEvent, hash: string): EventData => {
  const stored: StoredMetadata = {
    shopstream: 1,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    hash,
    metadata: event.metadata,
    $correlationId: event.metadata.correlationId,
    ...(event.metadata.causationId === null ? {} : { $causationId: event.metadata.causationId }),
  };
  return {
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    // The client writes JSON.stringify(data), which holds any JSON value; its type names only objects, arrays and
    // strings, and prepareEvents has already checked that the payload is JSON.
    data: event.data as JSONType,
    metadata: stored,
  };
};

/** Why an event on the server is not one this store can hand out. */
export class UndecodableEventError extends Error {
  override readonly name = 'UndecodableEventError';
  readonly _tag = 'UndecodableEvent';
  constructor(
    readonly stream: string,
    readonly revision: number,
    readonly reason: string,
  ) {
    super(`event ${revision} of ${stream} on the server is not a ShopStream event: ${reason}`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
const stringOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';
const isActor = (value: unknown): boolean => value === null || (isRecord(value) && typeof value.kind === 'string' && typeof value.id === 'string');

const metadataProblem = (stored: unknown): string | null => {
  if (!isRecord(stored)) return 'its metadata is not a JSON object';
  if (stored.shopstream !== 1) return 'its metadata has no "shopstream": 1 layout marker';
  if (!Number.isSafeInteger(stored.schemaVersion) || (stored.schemaVersion as number) < 1) return 'schemaVersion is not a positive integer';
  if (typeof stored.occurredAt !== 'string' || Number.isNaN(Date.parse(stored.occurredAt))) return 'occurredAt is not an instant';
  if (typeof stored.hash !== 'string' || !/^[0-9a-f]{64}$/.test(stored.hash)) return 'hash is not a SHA-256 in hex';
  const m = stored.metadata;
  if (!isRecord(m)) return 'metadata.metadata is not an object';
  if (typeof m.correlationId !== 'string') return 'correlationId is not a string';
  if (!stringOrNull(m.causationId) || !stringOrNull(m.traceparent) || !stringOrNull(m.tracestate)) return 'causationId, traceparent or tracestate is neither a string nor null';
  if (!isActor(m.actor)) return 'actor is neither null nor { kind, id }';
  return null;
};

/** The port's form of an event read from the server, under the port's name for its stream. */
export const fromServerEvent = (event: ServerRecordedEvent, stream: string, position: number): RecordedEvent => {
  const revision = Number(event.revision);
  if (!event.isJson) throw new UndecodableEventError(stream, revision, 'its payload is not JSON');
  const problem = metadataProblem(event.metadata);
  if (problem) throw new UndecodableEventError(stream, revision, problem);
  const stored = event.metadata as unknown as StoredMetadata; // checked field by field just above
  const m = stored.metadata;
  return Object.freeze({
    id: event.id,
    type: event.type,
    schemaVersion: stored.schemaVersion,
    data: event.data,
    occurredAt: stored.occurredAt,
    // Field by field, in the order every store hands metadata out.
    metadata: { correlationId: m.correlationId, causationId: m.causationId, actor: m.actor, traceparent: m.traceparent, tracestate: m.tracestate },
    stream,
    revision,
    position,
    hash: stored.hash,
  });
};
