import type { NewEvent, RecordedEvent } from '../events/event.js';
import { GENESIS_HASH, eventHash } from '../events/integrity.js';
import type { EventRegistry } from '../events/registry.js';
import { timeOrderedIds } from '../time/timeOrderedIds.js';
import {
  checkExpectation,
  checkExpectedRevision,
  matchesFilter,
  normaliseAllRead,
  normaliseStreamRead,
  prepareEvents,
  recordedFrom,
  replayOfEarlierAppend,
  upcastRecorded,
} from './appendRules.js';
import { AppendNotifier, catchUpSubscription } from './catchUpSubscription.js';
import { EventStoreError } from './errors.js';
import { firstAfterPosition } from './positions.js';
import type { AppendOptions, AppendResult, EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions, Subscription } from './eventStore.js';

export interface MemoryEventStoreOptions {
  readonly registry?: EventRegistry;
  /** Stamps events that arrive without `occurredAt`. */
  readonly now?: () => Date;
  readonly newId?: () => string;
}

/** The event store in process memory: for tests, examples and anything that need not outlive the process. */
export const memoryEventStore = (options: MemoryEventStoreOptions = {}): EventStore => {
  const log: RecordedEvent[] = [];
  const streams = new Map<string, RecordedEvent[]>();
  const byId = new Map<string, RecordedEvent>();
  // Reads filtered by type walk only those types' events, as an index on the type column lets the SQLite store
  // do: processes read every event of a rare type from the start of the log, which must not cost the whole log.
  const byType = new Map<string, RecordedEvent[]>();
  const notifier = new AppendNotifier();
  const context = { registry: options.registry, now: options.now ?? (() => new Date()), newId: options.newId ?? (() => timeOrderedIds.next()) };
  let closed = false;

  const open = () => {
    if (closed) throw new EventStoreError({ _tag: 'StoreClosed' });
  };
  const head = () => log[log.length - 1]?.position ?? 0;

  const store: EventStore = {
    append: async (stream: string, events: readonly NewEvent[], appendOptions: AppendOptions = {}): Promise<AppendResult> => {
      open();
      const expected = checkExpectation(appendOptions.expectedRevision);
      const batch = prepareEvents(stream, events, context);
      const existing = streams.get(stream) ?? [];
      const current = existing.length - 1;
      const firstId = batch[0]?.id;
      const earlier = firstId === undefined ? undefined : byId.get(firstId);
      if (earlier) {
        return replayOfEarlierAppend(stream, batch, expected, earlier.stream, existing.slice(earlier.revision), current);
      }
      checkExpectedRevision(stream, expected, current);
      const clash = batch.find((event) => byId.has(event.id));
      if (clash) {
        throw new EventStoreError({ _tag: 'DuplicateEventId', stream, eventId: clash.id, existingStream: byId.get(clash.id)?.stream ?? stream });
      }
      let previousHash = existing[existing.length - 1]?.hash ?? GENESIS_HASH;
      let position = head();
      const recorded = batch.map((event, i): RecordedEvent => {
        position += 1;
        const revision = current + 1 + i;
        previousHash = eventHash(previousHash, { ...event, stream, revision });
        // Every read and subscription hands out this very object: frozen, so no consumer can change the log.
        return Object.freeze(recordedFrom(event, stream, revision, position, previousHash));
      });
      if (existing.length === 0) streams.set(stream, existing);
      for (const event of recorded) {
        existing.push(event);
        log.push(event);
        byId.set(event.id, event);
        const ofType = byType.get(event.type);
        if (ofType) ofType.push(event);
        else byType.set(event.type, [event]);
      }
      notifier.notify();
      const last = recorded[recorded.length - 1] as RecordedEvent; // prepareEvents refuses empty appends
      return { nextExpectedRevision: last.revision, position: last.position, events: recorded };
    },

    readStream: async (stream: string, readOptions?: ReadStreamOptions) => {
      open();
      const read = normaliseStreamRead(stream, readOptions);
      const events = streams.get(stream) ?? [];
      const selected =
        read.direction === 'forwards'
          ? events.slice(read.fromRevision, read.fromRevision + Math.min(read.maxCount, events.length))
          : events
              .slice(Math.max(0, Math.min(read.fromRevision, events.length - 1) + 1 - read.maxCount), Math.min(read.fromRevision, events.length - 1) + 1)
              .reverse();
      return selected.map((event) => upcastRecorded(options.registry, event, read.raw));
    },

    readAll: async (readOptions?: ReadAllOptions) => {
      open();
      const read = normaliseAllRead(readOptions);
      const result: RecordedEvent[] = [];
      const types = read.filter?.eventTypes;
      const candidates = types === undefined ? [log] : [...new Set(types)].map((type) => byType.get(type) ?? []);
      for (const event of mergedAfter(candidates, read.after)) {
        if (result.length >= read.maxCount) break;
        if (matchesFilter(read.filter, event.stream, event.type)) result.push(upcastRecorded(options.registry, event, read.raw));
      }
      return result;
    },

    subscribe: (subscribeOptions?: SubscribeOptions): Subscription => {
      open();
      let seen = notifier.version;
      return catchUpSubscription(
        {
          readBatch: async (after, maxCount, filter) => {
            seen = notifier.version;
            const headNow = head();
            const events = await store.readAll({ after, maxCount, ...(filter ? { filter } : {}) });
            const full = events.length === maxCount;
            return { events, scannedTo: full ? (events[events.length - 1]?.position ?? after) : headNow };
          },
          waitForAppend: (signal) => notifier.wait(signal, seen),
        },
        subscribeOptions,
      );
    },

    streamRevision: async (stream) => (streams.get(stream)?.length ?? 0) - 1,
    headPosition: async () => head(),
    close: async () => {
      closed = true;
      notifier.notify();
    },
  };
  return store;
};

/** The events of several lists ordered by position, merged in position order, from the first after `after`. */
function* mergedAfter(lists: readonly (readonly RecordedEvent[])[], after: number): Generator<RecordedEvent> {
  const cursors = lists.map((list) => firstAfterPosition(list, after));
  for (;;) {
    let next = -1;
    let position = Number.POSITIVE_INFINITY;
    for (let i = 0; i < lists.length; i++) {
      const candidate = (lists[i] as readonly RecordedEvent[])[cursors[i] as number];
      if (candidate !== undefined && candidate.position < position) {
        next = i;
        position = candidate.position;
      }
    }
    if (next < 0) return;
    const cursor = cursors[next] as number;
    cursors[next] = cursor + 1;
    yield (lists[next] as readonly RecordedEvent[])[cursor] as RecordedEvent;
  }
}
