import { EventStoreDBClient, ErrorType, isCommandError } from '@eventstore/db-client';
import type { Position, RecordedEvent as ServerRecordedEvent } from '@eventstore/db-client';
import {
  AppendNotifier,
  EventStoreError,
  GENESIS_HASH,
  catchUpSubscription,
  checkExpectation,
  checkExpectedRevision,
  eventHash,
  matchesFilter,
  normaliseAllRead,
  normaliseStreamRead,
  prepareEvents,
  recordedFrom,
  replayOfEarlierAppend,
  timeOrderedIds,
  upcastRecorded,
} from '@shopstream/kernel';
import type { AppendOptions, AppendResult, EventRegistry, EventStore, NewEvent, RecordedEvent, ReadAllOptions, ReadStreamOptions, SubscribeOptions, Subscription } from '@shopstream/kernel';
import { appendError } from './errors.js';
import { fromServerEvent, toEventData } from './eventData.js';
import { headExpectation } from './expectedRevision.js';
import { idClaims } from './idClaims.js';
import { toPortPosition } from './positions.js';
import { lastServerEvent, lastServerPosition, readServerStream, scanServerLog, startPosition } from './serverReads.js';
import { checkEventTypes, checkNotReserved, serverFilter, streamNames } from './streamNames.js';
import { TailWatcher } from './tailWatcher.js';

export type EventStoreDbEventStoreOptions = (
  | {
      /** e.g. `esdb://localhost:2113?tls=false`; the store opens its own client and disposes of it on close. */
      readonly connectionString: string;
      readonly client?: never;
    }
  | {
      /** A client you own (shared with other code); close() leaves it open. */
      readonly client: EventStoreDBClient;
      readonly connectionString?: never;
    }
) & {
  readonly registry?: EventRegistry;
  /** Keeps every stream under `<namespace>.` on the server, so several stores share a cluster without seeing each other. */
  readonly namespace?: string;
  /** Stamps events that arrive without `occurredAt`. */
  readonly now?: () => Date;
  readonly newId?: () => string;
  /** How often an `any` or `stream_exists` append retries after another writer moved the stream's head. Default 10. */
  readonly maxAppendAttempts?: number;
};

interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

const KNOWN_POSITIONS = 10_000;

/**
 * The event store on EventStoreDB / KurrentDB, for the scale-out deployment. Every rule of the port is the
 * kernel's (appendRules.ts); the server keeps the events, assigns the positions and enforces the expected
 * revision each append is conditioned on.
 */
export const eventStoreDbEventStore = (options: EventStoreDbEventStoreOptions): EventStore => {
  const names = streamNames(options.namespace);
  const maxAppendAttempts = options.maxAppendAttempts ?? 10;
  if (!Number.isSafeInteger(maxAppendAttempts) || maxAppendAttempts < 1) throw new TypeError('maxAppendAttempts must be a positive integer');
  const ownsClient = options.client === undefined;
  const client = options.client ?? EventStoreDBClient.connectionString(options.connectionString);
  const claims = idClaims(client, names);
  const registry = options.registry;
  const context = { registry, now: options.now ?? (() => new Date()), newId: options.newId ?? (() => timeOrderedIds.next()) };
  const notifier = new AppendNotifier();
  const watcher = new TailWatcher(client, names.streamRegex(), () => notifier.notify());
  const subscriptions = new Set<Subscription>();
  // Positions of events this store has seen, so that reads after them start there without asking the server.
  const known = new Map<number, Position>();
  let closed = false;

  const open = () => {
    if (closed) throw new EventStoreError({ _tag: 'StoreClosed' });
  };
  const remember = (position: number, server: Position) => {
    if (known.size >= KNOWN_POSITIONS) known.delete(known.keys().next().value as number); // size > 0: a key exists
    known.set(position, server);
  };
  const positionOf = (event: ServerRecordedEvent): number => {
    if (!event.position) throw new Error('the server sent a stream event without its position: EventStoreDB 22.6 or later is needed');
    const position = toPortPosition(event.position.commit);
    remember(position, event.position);
    return position;
  };
  const portView = (event: { readonly streamId: string; readonly type: string }): string | null =>
    event.type.startsWith('$') ? null : names.fromServer(event.streamId);

  const streamHead = async (stream: string): Promise<StreamHead> => {
    const [last] = await readServerStream(client, names.toServer(stream), { direction: 'backwards', maxCount: 1 });
    if (!last) return { revision: -1, hash: GENESIS_HASH };
    const decoded = fromServerEvent(last, stream, 0);
    return { revision: decoded.revision, hash: decoded.hash };
  };

  /** The revision at which an event id sits in a stream, looking from the end (retries are of recent appends). */
  const locate = async (stream: string, eventId: string): Promise<number | null> => {
    const page = 256;
    let from: bigint | undefined;
    for (;;) {
      const events = await readServerStream(client, names.toServer(stream), { direction: 'backwards', ...(from === undefined ? {} : { fromRevision: from }), maxCount: page });
      const found = events.find((event) => event.id === eventId);
      if (found) return Number(found.revision);
      const last = events[events.length - 1];
      if (events.length < page || !last || last.revision === 0n) return null;
      from = last.revision - 1n;
    }
  };

  const store: EventStore = {
    append: async (stream: string, events: readonly NewEvent[], appendOptions: AppendOptions = {}): Promise<AppendResult> => {
      open();
      const expected = checkExpectation(appendOptions.expectedRevision);
      checkNotReserved(stream);
      const batch = prepareEvents(stream, events, context);
      checkEventTypes(stream, batch.map((event) => event.type));
      // An id the store has just generated cannot be stored yet: only ids the caller gave are looked up.
      const owners = await Promise.all(batch.map((event, index) => (events[index]?.id === undefined ? Promise.resolve(null) : claims.owner(event.id))));
      const first = batch[0] as (typeof batch)[number]; // prepareEvents refuses empty appends
      if (owners[0] !== null && owners[0] !== undefined) {
        if (owners[0] !== stream) throw new EventStoreError({ _tag: 'DuplicateEventId', stream, eventId: first.id, existingStream: owners[0] });
        const revision = await locate(stream, first.id);
        if (revision !== null) {
          const stored = await store.readStream(stream, { fromRevision: revision, maxCount: batch.length, raw: true });
          return replayOfEarlierAppend(stream, batch, expected, stream, stored, await store.streamRevision(stream));
        }
        // A claim without its event: an earlier attempt stopped between the two. It is this stream's to use.
      }
      let head = await streamHead(stream);
      checkExpectedRevision(stream, expected, head.revision);
      for (const [index, owner] of owners.entries()) {
        if (owner === null || owner === undefined) continue;
        const eventId = (batch[index] as (typeof batch)[number]).id;
        if (owner !== stream) throw new EventStoreError({ _tag: 'DuplicateEventId', stream, eventId, existingStream: owner });
        if (index > 0 && (await locate(stream, eventId)) !== null) throw new EventStoreError({ _tag: 'DuplicateEventId', stream, eventId, existingStream: stream });
      }
      await Promise.all(batch.filter((_, index) => owners[index] === null).map((event) => claims.claim(event.id, stream)));

      for (let attempt = 1; ; attempt++) {
        checkExpectedRevision(stream, expected, head.revision);
        // The chain continues from the head this append is conditioned on: if another writer moves the head
        // first, the server refuses the append and nothing with a stale hash is ever stored.
        let previous = head.hash;
        const hashes = batch.map((event, i) => (previous = eventHash(previous, { ...event, stream, revision: head.revision + 1 + i })));
        try {
          await client.appendToStream(
            names.toServer(stream),
            batch.map((event, i) => toEventData(event, hashes[i] as string)),
            { expectedRevision: headExpectation(head.revision) },
          );
        } catch (error) {
          const conflict = error instanceof Error && isCommandError(error) && error.type === ErrorType.WRONG_EXPECTED_VERSION;
          if (conflict && (expected === 'any' || expected === 'stream_exists')) {
            if (attempt >= maxAppendAttempts) {
              throw new Error(`stream ${stream}: other writers moved its head ${attempt} times while this append was being written; try again`, { cause: error });
            }
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
            head = await streamHead(stream);
            continue;
          }
          throw appendError(error, { stream, expected, batch });
        }
        // The server assigns positions at commit; reading the events back is the one way to learn each one's.
        const written = await readServerStream(client, names.toServer(stream), { direction: 'forwards', fromRevision: BigInt(head.revision + 1), maxCount: batch.length });
        const recorded = batch.map((event, i): RecordedEvent => {
          const server = written[i];
          if (server?.id !== event.id) throw new Error(`stream ${stream}: event ${event.id} was appended but is not where the server said it would be`);
          return Object.freeze(recordedFrom(event, stream, head.revision + 1 + i, positionOf(server), hashes[i] as string));
        });
        notifier.notify();
        const last = recorded[recorded.length - 1] as RecordedEvent; // batch is not empty
        return { nextExpectedRevision: last.revision, position: last.position, events: recorded };
      }
    },

    readStream: async (stream: string, readOptions?: ReadStreamOptions) => {
      open();
      checkNotReserved(stream);
      const read = normaliseStreamRead(stream, readOptions);
      if (read.maxCount === 0) return [];
      let fromRevision: bigint | undefined = BigInt(read.fromRevision);
      if (read.direction === 'backwards' && read.fromRevision === Number.MAX_SAFE_INTEGER) fromRevision = undefined;
      else if (read.direction === 'backwards') {
        // Backwards from past the end means from the end, which the server is not asked to work out.
        const last = await store.streamRevision(stream);
        if (last < 0) return [];
        fromRevision = read.fromRevision >= last ? undefined : BigInt(read.fromRevision);
      }
      const events = await readServerStream(client, names.toServer(stream), { direction: read.direction, ...(fromRevision === undefined ? {} : { fromRevision }), maxCount: read.maxCount });
      return events.map((event) => upcastRecorded(registry, fromServerEvent(event, stream, positionOf(event)), read.raw));
    },

    readAll: async (readOptions?: ReadAllOptions) => {
      open();
      const read = normaliseAllRead(readOptions);
      const filter = serverFilter(names, read.filter);
      if (read.maxCount === 0 || filter === 'nothing') return [];
      const until = await lastServerPosition(client);
      if (!until || until.commit <= BigInt(read.after)) return [];
      const from = await startPosition(client, read.after, (after) => known.get(after));
      const result: RecordedEvent[] = [];
      await scanServerLog(client, {
        from,
        filter,
        until,
        take: (event) => {
          const stream = portView(event);
          if (stream === null || !matchesFilter(read.filter, stream, event.type)) return true;
          const position = positionOf(event);
          if (position <= read.after) return true;
          result.push(upcastRecorded(registry, fromServerEvent(event, stream, position), read.raw));
          return result.length < read.maxCount;
        },
      });
      return result;
    },

    subscribe: (subscribeOptions?: SubscribeOptions): Subscription => {
      open();
      let seen = notifier.version;
      const subscription = catchUpSubscription(
        {
          readBatch: async (after, maxCount, filter) => {
            try {
              await watcher.ready();
              seen = notifier.version;
              const headNow = await store.headPosition();
              const events = await store.readAll({ after, maxCount, ...(filter ? { filter } : {}) });
              const last = events[events.length - 1]?.position ?? after;
              return { events, scannedTo: events.length === maxCount ? last : Math.max(headNow, last) };
            } catch (error) {
              // A store closed under a reading subscription ends it (close() stops it), rather than failing it.
              if (closed) return { events: [], scannedTo: after, more: false };
              throw error;
            }
          },
          waitForAppend: (signal) => notifier.wait(signal, seen),
          release: () => {
            subscriptions.delete(subscription);
            watcher.release();
          },
        },
        subscribeOptions,
      );
      watcher.acquire();
      subscriptions.add(subscription);
      return subscription;
    },

    streamRevision: async (stream) => {
      open();
      const [last] = await readServerStream(client, names.toServer(stream), { direction: 'backwards', maxCount: 1 });
      return last ? Number(last.revision) : -1;
    },

    headPosition: async () => {
      open();
      const last = await lastServerEvent(client, (event) => portView(event) !== null);
      return last ? positionOf(last) : 0;
    },

    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      watcher.stop();
      notifier.notify();
      if (ownsClient) await client.dispose();
    },
  };
  return store;
};
