import type { NewEvent, RecordedEvent } from '../events/event.js';

/**
 * What an append expects of the stream, EventStoreDB's four modes:
 * - `any`: no check;
 * - `no_stream`: the stream must not exist yet;
 * - `stream_exists`: the stream must have at least one event;
 * - a number: the revision of the stream's last event must be exactly this.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** The revision of the last event appended: the expectation for the next append. */
  readonly nextExpectedRevision: number;
  /** The global position of the last event appended. */
  readonly position: number;
  readonly events: readonly RecordedEvent[];
}

export interface EventFilter {
  /** Only these event types. */
  readonly eventTypes?: readonly string[];
  /** Only streams of these categories (the part of the name before the first dash). */
  readonly streamCategories?: readonly string[];
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the first event going forwards and the last going backwards. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
  /** Return payloads as stored, without upcasting (for integrity checks). */
  readonly raw?: boolean;
}

export interface ReadAllOptions {
  /** Exclusive: events after this global position. Defaults to the start of the log. */
  readonly after?: number;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
  readonly raw?: boolean;
}

export type SubscriptionMessage =
  | { readonly type: 'event'; readonly event: RecordedEvent }
  /**
   * Sent when the subscription has delivered everything up to the head: first at the end of the catch-up, then
   * each time it reaches the head again after scanning further. `position` is how far it has scanned, which
   * may be past its last delivered event when the filter skipped some; a consumer may checkpoint it.
   */
  | { readonly type: 'caughtUp'; readonly position: number };

export interface SubscribeOptions {
  /** Exclusive: deliver events after this global position. Defaults to the start of the log. */
  readonly after?: number;
  readonly filter?: EventFilter;
  /** How many events to read from the store at a time. */
  readonly batchSize?: number;
}

/**
 * A catch-up subscription: first everything stored after the start position, then live events, each matching
 * event exactly once and in global order. Iterate it with `for await`; the next event is read only when the
 * consumer asks for it, so a slow consumer is never flooded.
 */
export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  /** Ends the iteration; resolves once the subscription has released its resources. */
  stop(): Promise<void>;
}

/**
 * The event store port. Implemented in memory (kernel), on SQLite (store-sqlite) and on EventStoreDB
 * (store-eventstoredb); every implementation passes `eventStoreContract` from `@shopstream/kernel/testing`.
 * Refusals are thrown as `EventStoreError`.
 */
export interface EventStore {
  append(stream: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribe(options?: SubscribeOptions): Subscription;
  /** The revision of the stream's last event, or -1 when it does not exist. */
  streamRevision(stream: string): Promise<number>;
  /** The global position of the last event stored, or 0 when the store is empty. */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}
