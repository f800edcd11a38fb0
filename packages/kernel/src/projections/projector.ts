import type { RecordedEvent } from '../events/event.js';
import type { EventStore, SubscriptionMessage } from '../eventStore/eventStore.js';
import type { ReadStore, ReadStoreSession } from '../readStore/readStore.js';
import type { Clock } from '../time/clock.js';
import type { Build, CheckpointDocument, ProjectionFailure } from './checkpoint.js';
import { loadCheckpoint, sameBuild, saveCheckpoint, targetOf } from './checkpoint.js';
import { ProjectionError } from './errors.js';
import { orphansOf, planStart } from './plan.js';
import type { AnyProjection, ProjectionContext } from './projection.js';
import { handlerFor } from './projection.js';
import type { BuildProgress } from './status.js';
import { progressOf } from './status.js';

export type ProjectorState = 'idle' | 'catchingUp' | 'live' | 'rebuilding' | 'failed' | 'stopped';

export interface ProjectorDependencies {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly clock: Clock;
  readonly batchSize: number;
  /** Events per transaction while the projector is more than this many positions behind the head. */
  readonly catchUpBatchSize: number;
  /** Called whenever the live position, the state or the failure changes. */
  readonly changed: () => void;
  /** Called after each committed batch of a rebuild, with the head at that moment. */
  readonly rebuilt?: (projection: string, progress: BuildProgress) => void;
  /** Drops the collections of a build that was swapped out, once readers are done with them. */
  readonly retire: (collections: readonly string[]) => void;
}

/** The stored checkpoint moved under us: another runtime is writing this projection. Reload and go on. */
class CheckpointMoved extends Error {
  override readonly name = 'CheckpointMoved';
}

/** A handler threw on this event. */
class HandlerFailed extends Error {
  override readonly name = 'HandlerFailed';
  constructor(
    readonly event: RecordedEvent,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * How long a projector keeps progress over events it does not handle in memory before storing it. Every append
 * wakes every projector, and most find nothing of their types in it: storing each of those positions would cost
 * one read-store transaction per projector per append. Kept in memory, the position still answers in-process
 * read-your-writes at once; stored at most this late, it is what other processes and restarts see (a restart
 * from the stored position only scans those events again and applies none).
 */
const SKIP_FLUSH_MS = 100;
const FLUSH = Symbol('flush');

interface Deferred {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs one projection: subscribes from its checkpoint, applies events in batches, each batch and the new
 * checkpoint in one read-store transaction, swaps a finished rebuild in, and stops on a failing handler.
 * Projectors share nothing but the stores, so one failing or rebuilding never holds another up.
 */
export class Projector {
  private checkpoint: CheckpointDocument | null = null;
  private currentState: ProjectorState = 'idle';
  private currentFailure: ProjectionFailure | null = null;
  private loop: Promise<void> = Promise.resolve();
  private running = false;
  private stopping = false;
  private stopSubscription: (() => Promise<void>) | null = null;
  private forceRebuild = false;
  /** Scanned up to here with nothing to apply, past the stored live position; not stored yet. */
  private skippedTo = 0;
  private rebuildWaiters: Deferred[] = [];
  /** Far enough behind the head (as of the last commit) to apply catch-up batches. */
  private farBehind = false;

  constructor(
    readonly projection: AnyProjection,
    private readonly deps: ProjectorDependencies,
  ) {}

  get state(): ProjectorState {
    return this.currentState;
  }
  get failure(): ProjectionFailure | null {
    return this.currentFailure;
  }
  /** The last committed checkpoint, or null before the projector has loaded it. */
  get stored(): CheckpointDocument | null {
    return this.checkpoint;
  }
  /** Every event up to here is visible in the live collections. */
  get livePosition(): number {
    const stored = this.checkpoint?.live.position ?? 0;
    return this.checkpoint?.rebuild ? stored : Math.max(stored, this.skippedTo);
  }

  /**
   * Loads (or creates) the checkpoint and prepares the collections, then consumes events in the background.
   * Starting a failed projector retries the event it stopped on.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.currentFailure = null;
    this.setState('catchingUp');
    let checkpoint: CheckpointDocument;
    try {
      checkpoint = await this.prepare();
    } catch (error) {
      this.running = false;
      await this.fail(error, null);
      return;
    }
    this.loop = this.consumeUntilStopped(checkpoint);
  }

  /** Finishes the batch in progress, then stops. */
  async stop(): Promise<void> {
    await this.halt();
    if (this.currentState !== 'failed') this.setState('stopped');
    this.settleRebuild(new ProjectionError({ _tag: 'RuntimeNotRunning' }));
  }

  /** Builds the projection again into fresh collections; resolves once they are live. */
  async rebuild(): Promise<void> {
    await this.halt();
    const swapped = new Promise<void>((resolve, reject) => this.rebuildWaiters.push({ resolve, reject }));
    this.forceRebuild = true;
    await this.start();
    return swapped;
  }

  private async halt(): Promise<void> {
    this.stopping = true;
    await this.stopSubscription?.();
    await this.loop;
  }

  private async prepare(): Promise<CheckpointDocument> {
    const { readStore, clock } = this.deps;
    for (;;) {
      const stored = await loadCheckpoint(readStore, this.projection.name);
      const plan = planStart(this.projection, stored, this.forceRebuild, clock.now().toISOString());
      // Builds start empty: clear whatever an abandoned attempt left under the same names.
      for (const name of plan.drop) await readStore.dropCollection(name);
      const saved = await readStore
        .transaction(async (session) => {
          const again = await loadCheckpoint(session, this.projection.name);
          if (JSON.stringify(again) !== JSON.stringify(stored)) throw new CheckpointMoved();
          await saveCheckpoint(session, plan.checkpoint);
          return true;
        })
        .catch((error: unknown) => {
          if (error instanceof CheckpointMoved) return false;
          throw error;
        });
      if (!saved) continue;
      this.forceRebuild = false;
      this.checkpoint = plan.checkpoint;
      for (const orphan of orphansOf(this.projection, plan.checkpoint, await readStore.listCollections())) await readStore.dropCollection(orphan);
      for (const build of [plan.checkpoint.live, plan.checkpoint.rebuild]) {
        if (!build) continue;
        for (const logical of this.projection.logicalNames) {
          const indexes = this.projection.collections[logical]?.indexes ?? [];
          const physical = build.collections[logical];
          if (physical !== undefined && indexes.length > 0) await readStore.collection(physical).ensureIndexes(indexes);
        }
      }
      this.setState(plan.checkpoint.rebuild ? 'rebuilding' : 'catchingUp');
      return plan.checkpoint;
    }
  }

  private async consumeUntilStopped(initial: CheckpointDocument): Promise<void> {
    let checkpoint = initial;
    try {
      for (;;) {
        const outcome = await this.consume(checkpoint);
        if (outcome === 'stopped') return;
        checkpoint = await this.prepare();
      }
    } catch (error) {
      if (this.stopping && !(error instanceof HandlerFailed)) return;
      await this.fail(error instanceof HandlerFailed ? error.cause : error, error instanceof HandlerFailed ? error.event : null);
    } finally {
      this.stopSubscription = null;
      this.running = false;
    }
  }

  private async consume(checkpoint: CheckpointDocument): Promise<'stopped' | 'moved'> {
    const { eventStore, batchSize } = this.deps;
    if (this.stopping) return 'stopped';
    const subscription = eventStore.subscribe({ after: targetOf(checkpoint).position, filter: { eventTypes: this.projection.eventTypes }, batchSize });
    this.stopSubscription = () => subscription.stop();
    const messages = subscription[Symbol.asyncIterator]();
    const batch: RecordedEvent[] = [];
    this.skippedTo = 0;
    await this.measureLag(targetOf(checkpoint).position);
    try {
      for (;;) {
        const pending = messages.next();
        let next = this.skippedTo > 0 ? await raceFlush(pending, SKIP_FLUSH_MS) : await pending;
        if (next === FLUSH) {
          // Idle with progress not stored yet: store it, then go on waiting for the same message.
          await this.storeSkipped();
          next = await pending;
        }
        if (next.done || (batch.length === 0 && this.stopping)) {
          await this.storeSkipped();
          return 'stopped';
        }
        await this.handle(next.value, batch);
      }
    } catch (error) {
      if (error instanceof CheckpointMoved) return 'moved';
      throw error;
    } finally {
      this.skippedTo = 0;
      await subscription.stop();
    }
  }

  private async storeSkipped(): Promise<void> {
    if (this.skippedTo > 0) await this.commit([], this.skippedTo, true);
  }

  /** Adds an event to the batch and commits it when full; a caught-up message commits whatever there is. */
  private async handle(message: SubscriptionMessage, batch: RecordedEvent[]): Promise<void> {
    if (message.type === 'event') {
      batch.push(message.event);
      if (batch.length < (this.farBehind ? this.deps.catchUpBatchSize : this.deps.batchSize)) return;
      await this.commit(batch, message.event.position);
      // A full batch: only the head tells whether much more is waiting behind it.
      await this.measureLag(message.event.position);
    } else {
      await this.commit(batch, message.position);
      // Caught up is at the head: no read needed, and a live shop commits this way after nearly every append.
      this.farBehind = false;
      if (this.checkpoint?.rebuild) await this.swap();
      else this.setState('live');
    }
    batch.length = 0;
  }

  /**
   * Applies a batch and moves the checkpoint to `upTo` in one transaction: both happen or neither does. An empty
   * batch on the live build only moves the position in memory (`skippedTo`), unless `store` says to store it.
   */
  private async commit(batch: readonly RecordedEvent[], upTo: number, store = false): Promise<void> {
    const before = this.current();
    const target = targetOf(before);
    const slot = before.rebuild ? 'rebuild' : 'live';
    if (batch.length === 0) {
      if (upTo <= Math.max(target.position, store ? 0 : this.skippedTo)) return;
      if (slot === 'live' && !store) {
        this.skippedTo = upTo;
        this.deps.changed();
        return;
      }
    }
    const after = await this.deps.readStore.transaction(async (session) => {
      await this.checkUnmoved(session, target);
      const context = this.contextFor(session, target);
      for (const event of batch) {
        try {
          await handlerFor(this.projection, event.type)?.(event, context);
        } catch (error) {
          throw new HandlerFailed(event, error);
        }
      }
      const moved: Build = { ...target, position: Math.max(upTo, target.position), eventsApplied: target.eventsApplied + batch.length };
      const next: CheckpointDocument = { ...before, [slot]: moved, status: 'active', failure: null, updatedAt: this.deps.clock.now().toISOString() };
      await saveCheckpoint(session, next);
      return next;
    });
    this.checkpoint = after;
    if (after.live.position >= this.skippedTo) this.skippedTo = 0;
    if (batch.length > 0 && slot === 'rebuild' && after.rebuild && this.deps.rebuilt) {
      this.deps.rebuilt(this.projection.name, progressOf(after.rebuild, await this.deps.eventStore.headPosition()));
    }
    this.deps.changed();
  }

  /**
   * A projector far behind the head (a rebuild, a first build, a restart after downtime) applies catch-up batches:
   * fewer, larger transactions, in which a document that many events change is indexed and persisted once per
   * batch rather than once per small batch. Near the head it goes back to small batches, so that live events
   * become visible soon.
   */
  private async measureLag(position: number): Promise<void> {
    this.farBehind = (await this.deps.eventStore.headPosition()) - position > this.deps.catchUpBatchSize;
  }

  /** Makes the caught-up rebuild the live build in one write, then retires the collections it replaces. */
  private async swap(): Promise<void> {
    const before = this.current();
    const rebuild = before.rebuild;
    if (!rebuild) return;
    const after = await this.deps.readStore.transaction(async (session) => {
      await this.checkUnmoved(session, rebuild);
      const next: CheckpointDocument = { ...before, live: rebuild, rebuild: null, updatedAt: this.deps.clock.now().toISOString() };
      await saveCheckpoint(session, next);
      return next;
    });
    this.checkpoint = after;
    this.deps.retire(Object.values(before.live.collections));
    this.setState('live');
    this.settleRebuild(null);
  }

  private async checkUnmoved(session: ReadStoreSession, target: Build): Promise<void> {
    const stored = await loadCheckpoint(session, this.projection.name);
    const storedTarget = stored ? targetOf(stored) : null;
    if (!storedTarget || !sameBuild(storedTarget, target) || storedTarget.position !== target.position) throw new CheckpointMoved();
  }

  private contextFor(session: ReadStoreSession, build: Build): ProjectionContext {
    return {
      collection: (logical) => {
        const physical = build.collections[logical];
        if (physical === undefined) throw new ProjectionError({ _tag: 'UnknownCollection', projection: this.projection.name, collection: logical });
        return session.collection(physical);
      },
    };
  }

  /** Stops the projection on the failure and records it, without touching the checkpoint it stopped at. */
  private async fail(error: unknown, event: RecordedEvent | null): Promise<void> {
    const checkpoint = this.checkpoint;
    const failure: ProjectionFailure = {
      eventId: event?.id ?? null,
      eventType: event?.type ?? null,
      stream: event?.stream ?? null,
      position: event?.position ?? (checkpoint ? targetOf(checkpoint).position : 0),
      error: error instanceof Error ? error.message : String(error),
      errorName: error instanceof Error ? error.name : typeof error,
      failedAt: this.deps.clock.now().toISOString(),
      during: checkpoint?.rebuild ? 'rebuild' : 'live',
    };
    // Recorded before anyone is told, so that whoever sees the failure finds it in the store as well.
    if (checkpoint) {
      try {
        this.checkpoint = await this.deps.readStore.transaction(async (session) => {
          await this.checkUnmoved(session, targetOf(checkpoint));
          const next: CheckpointDocument = { ...checkpoint, status: 'failed', failure, updatedAt: failure.failedAt };
          await saveCheckpoint(session, next);
          return next;
        });
      } catch {
        // The store refused the record as well (closed, or another runtime moved on): the failure stays in memory.
      }
    }
    this.currentFailure = failure;
    this.setState('failed');
    this.settleRebuild(new ProjectionError({ _tag: 'ProjectionFailed', projection: this.projection.name, failure }));
  }

  private current(): CheckpointDocument {
    if (!this.checkpoint) throw new Error(`projection ${this.projection.name}: no checkpoint loaded`);
    return this.checkpoint;
  }

  private setState(state: ProjectorState): void {
    this.currentState = state;
    this.deps.changed();
  }

  private settleRebuild(error: unknown): void {
    const waiters = this.rebuildWaiters;
    this.rebuildWaiters = [];
    for (const waiter of waiters) {
      if (error === null) waiter.resolve();
      else waiter.reject(error);
    }
  }
}

/** `pending`, or FLUSH if it has not settled within `ms`. */
const raceFlush = <T>(pending: Promise<T>, ms: number): Promise<T | typeof FLUSH> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = new Promise<typeof FLUSH>((resolve) => {
    timer = setTimeout(() => resolve(FLUSH), ms);
  });
  return Promise.race([pending, flush]).finally(() => clearTimeout(timer));
};
