import type { EventStore } from '../eventStore/eventStore.js';
import type { Document, ReadStore } from '../readStore/readStore.js';
import type { Clock } from '../time/clock.js';
import { systemClock } from '../time/clock.js';
import { loadCheckpoint } from './checkpoint.js';
import { ProjectionError } from './errors.js';
import type { AnyProjection } from './projection.js';
import { Lanes } from './lanes.js';
import { Projector } from './projector.js';
import type { ReadModelCollection } from './readModel.js';
import { readModelCollection } from './readModel.js';
import type { BuildProgress, ProjectionStatus } from './status.js';
import { lagOf, progressOf } from './status.js';

export interface ProjectionRuntimeOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly projections: readonly AnyProjection[];
  /** Events per read-store transaction. Default 256. */
  readonly batchSize?: number;
  /**
   * Events per read-store transaction while a projection is more than this many positions behind the head (a
   * rebuild, a first build, a restart after downtime). Default 4096; never less than `batchSize`.
   */
  readonly catchUpBatchSize?: number;
  readonly clock?: Clock;
  /** How long the collections of a build that was swapped out stay readable for queries already under way. Default 5 s. */
  readonly retireAfterMs?: number;
  /** How often `waitFor` reads the checkpoints when the projectors run in another process. Default 25 ms. */
  readonly pollIntervalMs?: number;
  /** Called after each committed batch of a rebuild. */
  readonly onRebuildProgress?: (projection: string, progress: BuildProgress) => void;
}

export interface WaitOptions {
  /** Default 5 s. */
  readonly timeoutMs?: number;
  /** Wait only for these projections; default all. */
  readonly projections?: readonly string[];
}

export interface ProjectionRuntime {
  /** Loads every checkpoint and prepares the collections; projectors then run in the background. */
  start(): Promise<void>;
  /** Lets each projector finish the batch in progress, then stops them. */
  stop(): Promise<void>;
  /**
   * Read-your-writes: resolves once every projection's live collections include everything up to `position`
   * (the `position` of a command's result; null, for a command that appended nothing, resolves at once).
   * Rejects with `WaitTimeout`, or `ProjectionFailed` as soon as a projection it waits for has stopped short.
   * When this runtime has not been started (the projectors run in another process), it polls the checkpoints.
   */
  waitFor(position: number | null, options?: WaitOptions): Promise<void>;
  status(): Promise<ProjectionStatus[]>;
  /** Rebuilds a projection from the start into fresh collections beside the live ones; resolves once swapped in. */
  rebuild(projection: string): Promise<void>;
  /** Starts a failed projection again from the event it stopped on (after the cause has been fixed). */
  retry(projection: string): Promise<void>;
  /** A read-only view of a projection's collection that always reads the live build. */
  collection<T extends Document = Document>(projection: string, logicalName: string): ReadModelCollection<T>;
}

interface Waiter {
  readonly position: number;
  readonly projectors: readonly Projector[];
  readonly resolve: () => void;
  readonly reject: (error: ProjectionError) => void;
}

export const projectionRuntime = (options: ProjectionRuntimeOptions): ProjectionRuntime => {
  const { eventStore, readStore } = options;
  const clock = options.clock ?? systemClock;
  const batchSize = options.batchSize ?? 256;
  const askedCatchUp = options.catchUpBatchSize ?? 4096;
  const catchUpBatchSize = Math.max(batchSize, askedCatchUp);
  const retireAfterMs = options.retireAfterMs ?? 5_000;
  const pollIntervalMs = options.pollIntervalMs ?? 25;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new TypeError('batchSize must be a positive integer');
  if (!Number.isSafeInteger(askedCatchUp) || askedCatchUp < 1) throw new TypeError('catchUpBatchSize must be a positive integer');
  if (!(Number.isFinite(retireAfterMs) && retireAfterMs >= 0)) throw new TypeError('retireAfterMs must be a non-negative number');
  if (!(Number.isFinite(pollIntervalMs) && pollIntervalMs > 0)) throw new TypeError('pollIntervalMs must be a positive number');

  const waiters = new Set<Waiter>();
  const retiring = new Map<ReturnType<typeof setTimeout>, readonly string[]>();
  let running = false;
  let starting: Promise<void> = Promise.resolve();

  const dropAll = async (collections: readonly string[]) => {
    for (const name of collections) await readStore.dropCollection(name);
  };

  const settle = (waiter: Waiter): boolean => {
    const behind = waiter.projectors.filter((p) => p.livePosition < waiter.position);
    if (behind.length === 0) {
      waiter.resolve();
      return true;
    }
    const failed = behind.find((p) => p.state === 'failed');
    if (failed?.failure) {
      waiter.reject(new ProjectionError({ _tag: 'ProjectionFailed', projection: failed.projection.name, failure: failed.failure }));
      return true;
    }
    return false;
  };

  const changed = () => {
    for (const waiter of waiters) if (settle(waiter)) waiters.delete(waiter);
  };

  const projectors = new Map<string, Projector>();
  for (const projection of options.projections) {
    if (projectors.has(projection.name)) throw new TypeError(`projection ${projection.name} is registered twice`);
    projectors.set(
      projection.name,
      new Projector(projection, {
        readStore,
        clock,
        changed,
        retire: (collections) => {
          const timer = setTimeout(() => {
            retiring.delete(timer);
            // A failed drop only leaves an orphan behind, which the next start clears.
            dropAll(collections).catch(() => undefined);
          }, retireAfterMs);
          timer.unref();
          retiring.set(timer, collections);
        },
      }),
    );
  }
  const lanes = new Lanes({
    eventStore,
    readStore,
    batchSize,
    catchUpBatchSize,
    changed,
    ...(options.onRebuildProgress ? { rebuilt: options.onRebuildProgress } : {}),
  });

  const projectorOf = (name: string): Projector => {
    const projector = projectors.get(name);
    if (!projector) throw new ProjectionError({ _tag: 'UnknownProjection', projection: name });
    return projector;
  };

  /** waitFor for a process that serves queries while the projectors run elsewhere: poll the checkpoints. */
  const pollFor = async (position: number, names: readonly string[], timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stored = await Promise.all(names.map(async (name) => ({ name, checkpoint: await loadCheckpoint(readStore, name) })));
      const behind = stored.filter(({ checkpoint }) => (checkpoint?.live.position ?? 0) < position);
      if (behind.length === 0) return;
      const failed = behind.find(({ checkpoint }) => checkpoint?.status === 'failed' && checkpoint.failure);
      if (failed?.checkpoint?.failure) throw new ProjectionError({ _tag: 'ProjectionFailed', projection: failed.name, failure: failed.checkpoint.failure });
      const left = deadline - Date.now();
      if (left <= 0) {
        const where = behind.map(({ name, checkpoint }) => ({ projection: name, position: checkpoint?.live.position ?? 0 }));
        throw new ProjectionError({ _tag: 'WaitTimeout', position, timeoutMs, behind: where });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(pollIntervalMs, left)));
    }
  };

  const whenRunning = async (): Promise<void> => {
    await starting;
    if (!running) throw new ProjectionError({ _tag: 'RuntimeNotRunning' });
  };

  return {
    start: async () => {
      if (running) return starting;
      running = true;
      starting = lanes.start([...projectors.values()]);
      return starting;
    },

    stop: async () => {
      if (!running) return;
      await starting;
      running = false;
      await lanes.stop([...projectors.values()]);
      for (const waiter of waiters) waiter.reject(new ProjectionError({ _tag: 'RuntimeNotRunning' }));
      waiters.clear();
      const pending = [...retiring];
      retiring.clear();
      for (const [timer, collections] of pending) {
        clearTimeout(timer);
        await dropAll(collections);
      }
    },

    waitFor: async (position, waitOptions = {}) => {
      if (position === null) return;
      const selected = (waitOptions.projections ?? [...projectors.keys()]).map(projectorOf);
      const timeoutMs = waitOptions.timeoutMs ?? 5_000;
      await starting;
      if (!running) return pollFor(position, selected.map((p) => p.projection.name), timeoutMs);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const behind = selected.filter((p) => p.livePosition < position).map((p) => ({ projection: p.projection.name, position: p.livePosition }));
          reject(new ProjectionError({ _tag: 'WaitTimeout', position, timeoutMs, behind }));
        }, timeoutMs);
        const waiter: Waiter = {
          position,
          projectors: selected,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        if (!settle(waiter)) waiters.add(waiter);
      });
    },

    status: async () => {
      const head = await eventStore.headPosition();
      const now = clock.now();
      return Promise.all(
        [...projectors.values()].map(async (p): Promise<ProjectionStatus> => {
          // A runtime that does not run the projectors (a monitoring or API process) reports what is stored.
          const local = p.stored !== null || running;
          const stored = local ? p.stored : await loadCheckpoint(readStore, p.projection.name);
          // Progress over events the projection does not handle is kept in memory a moment before it is stored.
          const position = local ? p.livePosition : (stored?.live.position ?? 0);
          return {
            name: p.projection.name,
            version: p.projection.version,
            state: local ? p.state : stored?.status === 'failed' ? 'failed' : 'idle',
            live: stored ? { ...progressOf({ ...stored.live, position }, head), collections: stored.live.collections } : null,
            rebuild: stored?.rebuild ? progressOf(stored.rebuild, head) : null,
            lag: await lagOf(eventStore, p.projection.eventTypes, position, head, now),
            failure: local ? p.failure : (stored?.failure ?? null),
          };
        }),
      );
    },

    rebuild: async (name) => {
      const projector = projectorOf(name);
      await whenRunning();
      return lanes.rebuild(projector);
    },

    retry: async (name) => {
      const projector = projectorOf(name);
      await whenRunning();
      await lanes.retry(projector);
    },

    collection: <T extends Document>(name: string, logical: string) => {
      const projector = projectorOf(name);
      if (!projector.projection.logicalNames.includes(logical)) {
        throw new ProjectionError({ _tag: 'UnknownCollection', projection: name, collection: logical });
      }
      return readModelCollection<T>(readStore, async () => {
        const live = projector.stored?.live ?? (await loadCheckpoint(readStore, name))?.live;
        // Never built yet: the names its first build will have, which read as empty until it writes to them.
        return live?.collections[logical] ?? `${name}.${logical}.v${projector.projection.version}`;
      });
    },
  };
};
