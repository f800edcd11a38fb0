import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Event, EventMetadata, RecordedEvent } from '../events/event.js';
import type { Decider } from '../decider/decider.js';
import { isEventStoreError } from '../eventStore/errors.js';
import type { AppendResult, EventStore, ExpectedRevision } from '../eventStore/eventStore.js';
import type { Clock, IdGenerator } from '../time/clock.js';
import { systemClock } from '../time/clock.js';
import { timeOrderedIds } from '../time/timeOrderedIds.js';
import type { SnapshotStore } from '../snapshots/snapshotStore.js';
import { backoffDelay, defaultRetryPolicy, sleep as realSleep } from './retry.js';
import type { RetryPolicy } from './retry.js';
import { lruStateCache, noStateCache } from './stateCache.js';
import type { CachedState } from './stateCache.js';

/** The stream moved on between load and append more often than the retry policy allows, or an If-Match failed. */
export interface ConcurrencyConflict {
  readonly _tag: 'ConcurrencyConflict';
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly actual: number;
  readonly attempts: number;
}

export interface CommandResult<State, E extends Event> {
  /** The events this command appended; empty when the decision was that nothing changes. */
  readonly events: readonly RecordedEvent<E['type'], E['data']>[];
  /** The stream's revision after the command (-1 when it still does not exist): the next ETag. */
  readonly nextExpectedRevision: number;
  /** Global position of the last event appended, or null when nothing was appended. Pass it to `waitFor`. */
  readonly position: number | null;
  readonly state: State;
}

export interface HandleOptions {
  readonly metadata?: Partial<Omit<EventMetadata, 'causationId'>> & { readonly causationId?: string | null };
  /**
   * The revision the caller last saw (an HTTP If-Match). The command is then decided on exactly that revision
   * and fails with a ConcurrencyConflict instead of retrying when the stream has moved on.
   */
  readonly expectedRevision?: number;
}

export interface CommandHandlerConfig<State, Command, Ev extends Event, DomainError extends { readonly _tag: string }> {
  readonly store: EventStore;
  readonly decider: Decider<State, Command, Ev, DomainError>;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly retry?: Partial<RetryPolicy>;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Keeps loads bounded however long a stream grows: the state is saved every `every` events and a load
   * reads only the events after the newest snapshot. `version` names the state's shape; bump it when the
   * state changes shape and old snapshots are ignored. The state must be plain JSON.
   */
  readonly snapshots?: { readonly store: SnapshotStore; readonly every: number; readonly version: string };
  /**
   * Keeps the state of the streams this handler wrote last, so that the next command on one of them decides
   * without reading and folding it again. Safe with other handlers and processes writing the same streams:
   * a cached state is only ever a guess that the append's expected revision verifies (a stale one costs one
   * conflict and a read of the events after it, never a wrong decision), and a refusal or a no-op decided on it is returned only
   * once the stream's head is confirmed. The states handed out are shared with the cache: treat them as
   * immutable, as a decider does. Default `{ maxStreams: 1000 }`; `false` reads every stream every time.
   */
  readonly cache?: false | { readonly maxStreams: number };
}

/** A stream's state as of a moment between the call and its answer, and the revision it was folded to. */
export interface CurrentState<State> {
  readonly state: State;
  /** The revision of the last event folded; -1 for a stream that does not exist. */
  readonly revision: number;
}

export interface CommandHandler<State, Command, Ev extends Event, DomainError extends { readonly _tag: string }> {
  (stream: string, command: Command, options?: HandleOptions): Promise<Either<DomainError | ConcurrencyConflict, CommandResult<State, Ev>>>;
  /**
   * The stream's current state, for a process that reads an aggregate before commanding it: the handler's
   * cached state when the stream's head is still the cached revision (one head read, where a load reads and
   * folds every event since the last snapshot), else the events after it folded onto it, and cached. Either way the same
   * state a fresh load at that moment gives.
   */
  current(stream: string): Promise<CurrentState<State>>;
}

/** The cache a handler keeps unless told otherwise: a few MB for typical aggregate states. */
const DEFAULT_CACHED_STREAMS = 1_000;

/**
 * Load (or take the cached state), fold, decide, append with the loaded revision as the expectation; on a
 * conflict, load again and decide again, a bounded number of times with jittered backoff so that contending
 * writers spread out.
 */
export const commandHandler = <State, Command, Ev extends Event, DomainError extends { readonly _tag: string }>(
  config: CommandHandlerConfig<State, Command, Ev, DomainError>,
): CommandHandler<State, Command, Ev, DomainError> => {
  const { store, decider } = config;
  const clock = config.clock ?? systemClock;
  const ids = config.ids ?? timeOrderedIds;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...config.retry };
  const random = config.random ?? Math.random;
  const pause = config.sleep ?? realSleep;
  const snapshots = config.snapshots;
  if (snapshots && (!Number.isSafeInteger(snapshots.every) || snapshots.every < 1)) {
    throw new TypeError('snapshots.every must be a positive integer');
  }

  const cache =
    config.cache === false ? noStateCache<State>() : lruStateCache<State>(config.cache?.maxStreams ?? DEFAULT_CACHED_STREAMS);

  /**
   * The stream's state now. From `base`, a state this handler folded earlier (true at its revision, since events
   * never change, but perhaps behind the head), only the events after it are read and folded; without one, from
   * the newest usable snapshot or the start.
   */
  const load = async (stream: string, base?: CachedState<State>): Promise<CachedState<State>> => {
    if (base !== undefined) {
      const events = await store.readStream(stream, { fromRevision: base.revision + 1 });
      // Every store hands out revisions without gaps; anything else is not this base's continuation.
      if (events.length === 0 || events[0]?.revision === base.revision + 1) return fold(base.state, base.revision, base.snapshotRevision, events);
    }
    const snapshot = snapshots ? await snapshots.store.load(stream) : null;
    const usable = snapshot !== null && snapshots !== undefined && snapshot.version === snapshots.version;
    const start = usable ? (snapshot.state as State) : decider.initialState();
    const revision = usable ? snapshot.revision : -1;
    return fold(start, revision, revision, await store.readStream(stream, { fromRevision: revision + 1 }));
  };

  const fold = (start: State, from: number, snapshotRevision: number, events: readonly RecordedEvent[]): CachedState<State> => {
    let state = start;
    let revision = from;
    for (const event of events) {
      state = decider.evolve(state, { type: event.type, data: event.data } as Ev);
      revision = event.revision;
    }
    return { state, revision, snapshotRevision };
  };

  const current = async (stream: string): Promise<CurrentState<State>> => {
    const cached = cache.get(stream);
    // The head at the cached revision means no event was appended after the ones folded into it.
    if (cached !== undefined && (await store.streamRevision(stream)) === cached.revision) return { state: cached.state, revision: cached.revision };
    const loaded = await load(stream, cached);
    cache.set(stream, loaded);
    return { state: loaded.state, revision: loaded.revision };
  };

  const handle = async (stream: string, command: Command, options: HandleOptions = {}): Promise<Either<DomainError | ConcurrencyConflict, CommandResult<State, Ev>>> => {
    const pinned = options.expectedRevision !== undefined;
    // Set once the cached state proved stale: the rest of this command reads the events after it from the store.
    let trustCache = true;
    for (let attempt = 1; ; ) {
      const cached = cache.get(stream);
      // With an If-Match, a cached state at another revision says nothing for sure: the store decides.
      const fromCache = trustCache && cached !== undefined && (!pinned || options.expectedRevision === cached.revision);
      const loaded = fromCache ? cached : await load(stream, cached);
      if (!fromCache) cache.set(stream, loaded);
      const { revision, snapshotRevision } = loaded;
      let state = loaded.state;

      if (pinned && options.expectedRevision !== revision) {
        return E.left({ _tag: 'ConcurrencyConflict', stream, expected: options.expectedRevision, actual: revision, attempts: attempt });
      }
      const now = clock.now();
      const decision = decider.decide(command, state, { now });
      if (E.isLeft(decision) || decision.right.length === 0) {
        // No append will check the revision, so check it here: a refusal must not rest on a stale state.
        if (fromCache && (await store.streamRevision(stream)) !== revision) {
          trustCache = false;
          continue;
        }
        if (E.isLeft(decision)) return decision;
        return E.right({ events: [], nextExpectedRevision: revision, position: null, state });
      }
      const produced = decision.right;

      const expected: ExpectedRevision = revision === -1 ? 'no_stream' : revision;
      let appended: AppendResult;
      try {
        appended = await store.append(
          stream,
          produced.map((event) => ({
            id: ids.next(),
            type: event.type,
            data: event.data,
            occurredAt: now.toISOString(),
            ...(options.metadata ? { metadata: options.metadata } : {}),
          })),
          { expectedRevision: expected },
        );
      } catch (error) {
        if (!isEventStoreError(error, 'WrongExpectedRevision') || error.detail._tag !== 'WrongExpectedRevision') {
          cache.delete(stream);
          throw error;
        }
        // The cached state stays: still true at its revision, it is where the next attempt reads on from.
        if (fromCache) {
          // Only the cached guess was wrong (another writer got in): decide again from the store at once.
          trustCache = false;
          continue;
        }
        if (pinned || attempt >= policy.maxAttempts) {
          return E.left({ _tag: 'ConcurrencyConflict', stream, expected, actual: error.detail.actual, attempts: attempt });
        }
        await pause(backoffDelay(policy, attempt, random));
        attempt += 1;
        continue;
      }
      for (const event of appended.events) state = decider.evolve(state, { type: event.type, data: event.data } as Ev);
      let savedAt = snapshotRevision;
      if (snapshots && appended.nextExpectedRevision - snapshotRevision >= snapshots.every) {
        try {
          await snapshots.store.save({ stream, revision: appended.nextExpectedRevision, version: snapshots.version, state });
          savedAt = appended.nextExpectedRevision;
        } catch {
          // The events are stored and the command succeeded; a snapshot is only a cache, retried next time.
        }
      }
      cache.set(stream, { state, revision: appended.nextExpectedRevision, snapshotRevision: savedAt });
      return E.right({
        events: appended.events,
        nextExpectedRevision: appended.nextExpectedRevision,
        position: appended.position,
        state,
      });
    }
  };
  return Object.assign(handle, { current });
};
