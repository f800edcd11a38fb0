import type { RecordedEvent } from '../events/event.js';
import type { ReadStore, ReadStoreSession } from '../readStore/readStore.js';
import type { Clock } from '../time/clock.js';
import type { Build, CheckpointDocument, ProjectionFailure } from './checkpoint.js';
import { loadCheckpoint, sameBuild, saveCheckpoint, targetOf } from './checkpoint.js';
import { ProjectionError } from './errors.js';
import { orphansOf, planStart } from './plan.js';
import type { AnyProjection, ProjectionContext, ProjectionHandler } from './projection.js';
import { handlerFor } from './projection.js';

export type ProjectorState = 'idle' | 'catchingUp' | 'live' | 'rebuilding' | 'failed' | 'stopped';

export interface ProjectorDependencies {
  readonly readStore: ReadStore;
  readonly clock: Clock;
  /** Called whenever the live position, the state or the failure changes. */
  readonly changed: () => void;
  /** Drops the collections of a build that was swapped out, once readers are done with them. */
  readonly retire: (collections: readonly string[]) => void;
}

/** The stored checkpoint moved under us: another runtime is writing this projection. Reload and go on. */
export class CheckpointMoved extends Error {
  override readonly name = 'CheckpointMoved';
}

/** A handler threw on this event. */
export class HandlerFailed extends Error {
  override readonly name = 'HandlerFailed';
  constructor(
    readonly event: RecordedEvent,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

interface Deferred {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * One projection's side of the runtime: its checkpoint, its state, and how a batch is written to its build. It
 * reads no events itself; the lane it runs in (see lane.ts) feeds it batches inside the lane's transactions.
 */
export class Projector {
  private checkpoint: CheckpointDocument | null = null;
  private currentState: ProjectorState = 'idle';
  private currentFailure: ProjectionFailure | null = null;
  private forceRebuild = false;
  /** Scanned up to here with nothing to apply, past the stored live position; not stored yet. */
  private skippedTo = 0;
  private rebuildWaiters: Deferred[] = [];
  /**
   * The handlers by event type, looked up once per event of a batch.
   */
  private readonly handlers: ReadonlyMap<string, ProjectionHandler<RecordedEvent, string>>;

  constructor(
    readonly projection: AnyProjection,
    private readonly deps: ProjectorDependencies,
  ) {
    this.handlers = new Map(projection.eventTypes.flatMap((type) => {
      const handler = handlerFor(projection, type);
      return handler === undefined ? [] : [[type, handler] as const];
    }));
  }

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
  /** Every event up to here has been applied to, or scanned past by, the build being written. */
  get position(): number {
    const checkpoint = this.current();
    return checkpoint.rebuild ? checkpoint.rebuild.position : Math.max(checkpoint.live.position, this.skippedTo);
  }
  /** Whether it holds progress in memory that is not stored yet. */
  get unstored(): boolean {
    return this.skippedTo > 0;
  }

  /** The next `prepare` starts a fresh build; the promise settles once it is live, or the projector gave up. */
  rebuildRequested(): Promise<void> {
    this.forceRebuild = true;
    return new Promise<void>((resolve, reject) => this.rebuildWaiters.push({ resolve, reject }));
  }

  /**
   * Loads (or creates) the checkpoint and prepares the collections, after which the projector can join a lane.
   * Starting a failed projector retries the event it stopped on. Returns false when it failed to prepare.
   */
  async prepare(): Promise<boolean> {
    this.currentFailure = null;
    this.skippedTo = 0;
    this.setState('catchingUp');
    try {
      await this.load();
      return true;
    } catch (error) {
      await this.fail(error, null);
      return false;
    }
  }

  private async load(): Promise<void> {
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
      return;
    }
  }

  /** Whether it handles events of this type. */
  handles(type: string): boolean {
    return this.handlers.has(type);
  }

  /**
   * Whether moving to `upTo` with these events needs a write. Progress over events it does not handle only moves
   * the position in memory (`skippedTo`) on the live build, unless `store` says to store it.
   */
  needsWrite(events: readonly RecordedEvent[], upTo: number, store: boolean): boolean {
    if (events.length > 0) return true;
    const checkpoint = this.current();
    const target = targetOf(checkpoint);
    if (upTo <= Math.max(target.position, store ? 0 : this.skippedTo)) return false;
    if (!checkpoint.rebuild && !store) {
      this.skippedTo = upTo;
      return false;
    }
    return true;
  }

  /**
   * Applies the events to the build being written and moves its checkpoint to `upTo`, inside the caller's
   * transaction: both happen or neither does. The returned checkpoint is the projector's once that commits.
   */
  async write(session: ReadStoreSession, events: readonly RecordedEvent[], upTo: number): Promise<CheckpointDocument> {
    const before = this.current();
    const target = targetOf(before);
    await this.checkUnmoved(session, target);
    const context = this.contextFor(session, target);
    for (const event of events) {
      try {
        await this.handlers.get(event.type)?.(event, context);
      } catch (error) {
        throw new HandlerFailed(event, error);
      }
    }
    const moved: Build = { ...target, position: Math.max(upTo, target.position), eventsApplied: target.eventsApplied + events.length };
    const slot = before.rebuild ? 'rebuild' : 'live';
    const next: CheckpointDocument = { ...before, [slot]: moved, status: 'active', failure: null, updatedAt: this.deps.clock.now().toISOString() };
    await saveCheckpoint(session, next);
    return next;
  }

  committed(next: CheckpointDocument): void {
    this.checkpoint = next;
    if (next.live.position >= this.skippedTo) this.skippedTo = 0;
  }

  /** At the head: makes a caught-up rebuild the live build in one write and retires what it replaces. */
  async caughtUp(): Promise<void> {
    const before = this.current();
    const rebuild = before.rebuild;
    if (!rebuild) {
      this.setState('live');
      return;
    }
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
  async fail(error: unknown, event: RecordedEvent | null): Promise<void> {
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

  /** Its lane stopped: a failed projector stays failed, a rebuild waiting to be swapped in is given up. */
  stopped(): void {
    if (this.currentState !== 'failed') this.setState('stopped');
    this.settleRebuild(new ProjectionError({ _tag: 'RuntimeNotRunning' }));
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
