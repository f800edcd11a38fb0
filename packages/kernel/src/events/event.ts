/** Who caused a change: a customer, a member of staff, an integration, or the engine itself. */
export interface Actor {
  readonly kind: 'customer' | 'staff' | 'auditor' | 'integration' | 'system';
  readonly id: string;
}

/**
 * Metadata every stored event carries. Correlation ties together everything one request caused;
 * causation names the event or command that directly caused this one.
 */
export interface EventMetadata {
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly actor: Actor | null;
  /** W3C trace context of the request that caused the event, so traces continue across projectors and sagas. */
  readonly traceparent: string | null;
  readonly tracestate: string | null;
}

/** A domain event as deciders produce and evolve it: a type and a JSON payload. */
export interface Event<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** An event offered to `EventStore.append`. Anything left out is filled in by the store. */
export interface NewEvent<Type extends string = string, Data = unknown> extends Event<Type, Data> {
  /** A UUID. Giving the same ids again with the same expectation makes the append an idempotent retry. */
  readonly id?: string;
  /** Defaults to the current version of the type in the store's registry, or 1. */
  readonly schemaVersion?: number;
  /** ISO 8601 instant; defaults to the store's clock. */
  readonly occurredAt?: string;
  readonly metadata?: Partial<EventMetadata>;
}

/** An event as the store keeps it. */
export interface RecordedEvent<Type extends string = string, Data = unknown> extends Event<Type, Data> {
  readonly id: string;
  readonly schemaVersion: number;
  readonly stream: string;
  /** 0-based, contiguous within the stream. */
  readonly revision: number;
  /** Strictly increasing across the whole store, in commit order. Not necessarily contiguous. */
  readonly position: number;
  readonly occurredAt: string;
  readonly metadata: EventMetadata;
  /** SHA-256 over the previous event's hash in the stream and this event as stored (see `integrity.ts`). */
  readonly hash: string;
}

/** The domain view of a recorded event. */
export const toEvent = <E extends Event>(recorded: RecordedEvent): E =>
  ({ type: recorded.type, data: recorded.data }) as E;
