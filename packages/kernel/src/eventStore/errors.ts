import type { ExpectedRevision } from './eventStore.js';

/** Every way an event store refuses a request, as data. `actual` is -1 when the stream does not exist. */
export type EventStoreErrorDetail =
  | { readonly _tag: 'WrongExpectedRevision'; readonly stream: string; readonly expected: ExpectedRevision; readonly actual: number }
  | { readonly _tag: 'InvalidStreamName'; readonly stream: string; readonly reason: string }
  | { readonly _tag: 'EmptyAppend'; readonly stream: string }
  | { readonly _tag: 'InvalidEvent'; readonly stream: string; readonly index: number; readonly type: string; readonly issues: readonly string[] }
  | { readonly _tag: 'DuplicateEventId'; readonly stream: string; readonly eventId: string; readonly existingStream: string }
  | { readonly _tag: 'InvalidReadOptions'; readonly reason: string }
  | { readonly _tag: 'StoreClosed' };

export type EventStoreErrorTag = EventStoreErrorDetail['_tag'];

const describe = (d: EventStoreErrorDetail): string => {
  switch (d._tag) {
    case 'WrongExpectedRevision':
      return `stream ${d.stream}: expected revision ${String(d.expected)}, actual ${d.actual === -1 ? 'no stream' : d.actual}`;
    case 'InvalidStreamName':
      return `invalid stream name ${JSON.stringify(d.stream)}: ${d.reason}`;
    case 'EmptyAppend':
      return `stream ${d.stream}: an append needs at least one event`;
    case 'InvalidEvent':
      return `stream ${d.stream}: event ${d.index} (${d.type}) is invalid: ${d.issues.join('; ')}`;
    case 'DuplicateEventId':
      return `stream ${d.stream}: event id ${d.eventId} is already stored in ${d.existingStream}`;
    case 'InvalidReadOptions':
      return `invalid read options: ${d.reason}`;
    case 'StoreClosed':
      return 'the event store is closed';
  }
};

/**
 * Thrown by every EventStore implementation for a refused request. Callers branch on `detail._tag`;
 * anything else thrown is a fault (disk, network), not a refusal.
 */
export class EventStoreError extends Error {
  override readonly name = 'EventStoreError';
  constructor(readonly detail: EventStoreErrorDetail) {
    super(describe(detail));
  }
  get tag(): EventStoreErrorTag {
    return this.detail._tag;
  }
}

export const isEventStoreError = (error: unknown, tag?: EventStoreErrorTag): error is EventStoreError =>
  error instanceof EventStoreError && (tag === undefined || error.detail._tag === tag);
