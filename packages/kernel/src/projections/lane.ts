import type { RecordedEvent } from '../events/event.js';
import type { EventStore, SubscriptionMessage } from '../eventStore/eventStore.js';
import type { ReadStore } from '../readStore/readStore.js';
import type { CheckpointDocument } from './checkpoint.js';
import { CheckpointMoved, HandlerFailed } from './projector.js';
import type { Projector } from './projector.js';
import type { BuildProgress } from './status.js';
import { progressOf } from './status.js';

export interface LaneDependencies {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly batchSize: number;
  /** Events per transaction while the lane is more than this many positions behind the head. */
  readonly catchUpBatchSize: number;
  /** Called after each committed batch. */
  readonly changed: () => void;
  /** Called after each committed batch of a rebuild, with the head at that moment. */
  readonly rebuilt?: (projection: string, progress: BuildProgress) => void;
  /** A member left the lane with its checkpoint in doubt (another runtime writes it, say): it must load it again. */
  readonly moved: (projector: Projector) => void;
  /** The lane is at the head with nothing in progress: the moment it can merge with another lane there. */
  readonly idle: (lane: Lane) => void;
}

/**
 * How long a lane keeps progress over events its members do not handle in memory before storing it. Every append
 * wakes the lane, and most members find nothing of their types in it: storing each of those positions would cost
 * a checkpoint write per member per append. Kept in memory, the position still answers in-process
 * read-your-writes at once; stored at most this late, it is what other processes and restarts see (a restart
 * from the stored position only scans those events again and applies none).
 */
const SKIP_FLUSH_MS = 100;

/**
 * The most event types a lane asks the store to filter on; a lane whose members handle more reads every event
 * and skips those none of them handles. The SQLite store reads a filter far from the head as one index scan per
 * type: with the shop's ten projections in one lane (99 types, handling 92% of the events) that query alone took
 * 15% of a rebuild's CPU and reading events 18% in all, against 7% reading every event unfiltered (profiled).
 */
const WIDEST_FILTER = 32;

/** A member's write failed inside the shared transaction: the cause is the member's, not the lane's. */
class MemberFault extends Error {
  override readonly name = 'MemberFault';
  constructor(
    readonly member: Projector,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Projections whose builds stand at the same position, driven together: one subscription over the union of
 * their event types, and each batch applied for all of them in one read-store transaction, every member's
 * documents and its own checkpoint together. A member whose write fails leaves the lane, and the batch is
 * applied again for the others; so one failing projection never stops another, though a slow handler holds
 * its whole lane. The runtime (lanes.ts) decides who runs together.
 */
export class Lane {
  private readonly members: Set<Projector>;
  /** Every member has applied or scanned past every event up to here. */
  private at: number;
  /** At the head with nothing in progress, at this position; null while busy. */
  private idleAt: number | null = null;
  private stopping = false;
  private loop: Promise<void> = Promise.resolve();
  private stopSubscription: (() => Promise<void>) | null = null;
  /** Far enough behind the head (as of the last commit) to apply catch-up batches. */
  private farBehind = false;
  /** Events of the batch in progress each member handles. */
  private readonly handledInBatch = new Map<Projector, number>();
  /**
   * The members that handle each event type, in the lane's order, listed the first time the type is read and
   * forgotten when a member leaves: the tally and the batch ask about every event, and asking each member
   * instead cost two lookups per member per event (a lane of eleven projections reads a million events in a
   * rebuild).
   */
  private readonly routes = new Map<string, readonly Projector[]>();
  /**
   * Stores skipped progress once the lane has waited `SKIP_FLUSH_MS` for a message. One timer per quiet
   * spell, moved on by the messages that come meanwhile, rather than a timer and a race per message.
   */
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the last message came (or the wait began), for the timer. */
  private lastMessageAt = 0;
  /** Waiting for a message, so a flush may commit: the loop commits nothing else meanwhile. */
  private waiting = false;
  /** The timer's commit under way, which the loop waits for before it goes on: resolves to its failure, if any. */
  private flushing: Promise<Error | undefined> | null = null;

  constructor(
    members: Iterable<Projector>,
    private readonly deps: LaneDependencies,
  ) {
    this.members = new Set(members);
    const positions = new Set([...this.members].map((member) => member.position));
    if (positions.size !== 1) throw new Error(`a lane's members must stand at one position, not ${[...positions].join(', ')}`);
    this.at = [...positions][0] ?? 0;
  }

  get position(): number {
    return this.at;
  }
  get idlePosition(): number | null {
    return this.idleAt;
  }
  get projectors(): readonly Projector[] {
    return [...this.members];
  }

  start(): void {
    this.loop = this.run();
  }

  /** Finishes the batch in progress, stores the progress kept in memory, and ends; the members stay as they are. */
  async halt(): Promise<void> {
    this.stopping = true;
    this.idleAt = null;
    await this.stopSubscription?.();
    await this.loop;
  }

  /** Takes a member out of a halted lane. */
  remove(projector: Projector): void {
    this.leave(projector);
  }

  private leave(projector: Projector): void {
    this.members.delete(projector);
    this.routes.clear();
  }

  private routeOf(type: string): readonly Projector[] {
    let route = this.routes.get(type);
    if (route === undefined) {
      route = [...this.members].filter((member) => member.handles(type));
      this.routes.set(type, route);
    }
    return route;
  }

  private async run(): Promise<void> {
    try {
      await this.consume();
    } catch (error) {
      // Not any one member's fault (the store failed at commit, say): every member stops on it.
      if (this.stopping) return;
      for (const member of this.members) await member.fail(error, null);
      this.members.clear();
      this.routes.clear();
    } finally {
      this.stopSubscription = null;
      this.idleAt = null;
    }
  }

  private async consume(): Promise<void> {
    const { eventStore, batchSize } = this.deps;
    if (this.stopping || this.members.size === 0) return;
    const eventTypes = [...new Set([...this.members].flatMap((member) => member.projection.eventTypes))].sort();
    const filter = eventTypes.length <= WIDEST_FILTER ? { filter: { eventTypes } } : {};
    const subscription = eventStore.subscribe({ after: this.at, ...filter, batchSize });
    this.stopSubscription = () => subscription.stop();
    const messages = subscription[Symbol.asyncIterator]();
    const batch: RecordedEvent[] = [];
    await this.measureLag(this.at);
    try {
      for (;;) {
        this.waiting = true;
        if (this.flushTimer !== null || this.unstored()) {
          this.lastMessageAt = performance.now();
          this.armFlush(SKIP_FLUSH_MS);
        }
        let next: IteratorResult<SubscriptionMessage>;
        try {
          next = await messages.next();
        } finally {
          this.waiting = false;
        }
        // A flush the timer began while the lane waited commits before anything else, and fails the lane as one in line would.
        const flushed = this.flushing;
        this.flushing = null;
        const failed = flushed === null ? undefined : await flushed;
        if (failed !== undefined) throw failed;
        if (next.done || (batch.length === 0 && this.stopping)) {
          await this.storeSkipped();
          return;
        }
        await this.handle(next.value, batch);
        if (this.members.size === 0) return;
      }
    } finally {
      if (this.flushTimer !== null) clearTimeout(this.flushTimer);
      this.flushTimer = null;
      await subscription.stop();
    }
  }

  private armFlush(ms: number): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      if (!this.waiting || !this.unstored() || this.flushing) return;
      const quiet = performance.now() - this.lastMessageAt;
      // A message came meanwhile: wait out the rest of the quiet spell from it.
      if (quiet < SKIP_FLUSH_MS) return this.armFlush(SKIP_FLUSH_MS - quiet);
      // Held as a value, not a rejection: the loop takes it up only once its message comes.
      this.flushing = this.storeSkipped().then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error : new Error('the checkpoint could not be stored', { cause: error })),
      );
    }, ms);
  }

  private unstored(): boolean {
    for (const member of this.members) if (member.unstored) return true;
    return false;
  }

  private async storeSkipped(): Promise<void> {
    if (this.unstored()) await this.commit([], this.at, true);
  }

  /** Adds an event to the batch and commits it when full; a caught-up message commits whatever there is. */
  private async handle(message: SubscriptionMessage, batch: RecordedEvent[]): Promise<void> {
    this.idleAt = null;
    if (message.type === 'event') {
      const tally = this.tally(message.event);
      // Read unfiltered (WIDEST_FILTER), an event no member handles only moves the position: the next commit does.
      if (tally === 'unhandled') return;
      batch.push(message.event);
      if (tally === 'room') return;
      await this.commit(batch, message.event.position);
      // A full batch: only the head tells whether much more is waiting behind it.
      await this.measureLag(message.event.position);
    } else {
      await this.commit(batch, message.position);
      // Caught up is at the head: no read needed, and a live shop commits this way after nearly every append.
      this.farBehind = false;
      for (const member of [...this.members]) {
        try {
          await member.caughtUp();
        } catch (error) {
          await this.expel(member, error);
        }
      }
      if (!this.stopping && this.members.size > 0) {
        this.idleAt = message.position;
        this.deps.idle(this);
      }
    }
    batch.length = 0;
    this.handledInBatch.clear();
  }

  /**
   * Counts the event for the members that handle it. The batch is full when one member has a batch's worth of
   * events in it: counting every event of the union instead would cut a projection that handles one event in ten
   * into batches ten times smaller than it gets alone, and a document it changes often would be written that
   * much more often.
   */
  private tally(event: RecordedEvent): 'unhandled' | 'room' | 'full' {
    const limit = this.farBehind ? this.deps.catchUpBatchSize : this.deps.batchSize;
    let tally: 'unhandled' | 'room' | 'full' = 'unhandled';
    for (const member of this.routeOf(event.type)) {
      const handled = (this.handledInBatch.get(member) ?? 0) + 1;
      this.handledInBatch.set(member, handled);
      if (handled >= limit) tally = 'full';
      else if (tally === 'unhandled') tally = 'room';
    }
    return tally;
  }

  /**
   * Applies a batch for every member and moves each one's checkpoint to `upTo`, in one transaction. A member
   * whose write throws leaves the lane (failed, or to load its moved checkpoint again) and the transaction is
   * run again without it: the store has no savepoints to undo one member's writes alone.
   */
  private async commit(batch: readonly RecordedEvent[], upTo: number, store = false): Promise<void> {
    const handled = new Map<Projector, RecordedEvent[]>();
    for (const event of batch) {
      for (const member of this.routeOf(event.type)) {
        const events = handled.get(member);
        if (events === undefined) handled.set(member, [event]);
        else events.push(event);
      }
    }
    let writes = [...this.members]
      .map((member) => ({ member, events: handled.get(member) ?? [] }))
      .filter(({ member, events }) => member.needsWrite(events, upTo, store));
    while (writes.length > 0) {
      try {
        const written = await this.deps.readStore.transaction(async (session) => {
          const next: CheckpointDocument[] = [];
          for (const { member, events } of writes) {
            try {
              next.push(await member.write(session, events, upTo));
            } catch (error) {
              throw new MemberFault(member, error);
            }
          }
          return next;
        });
        writes.forEach(({ member }, i) => member.committed(written[i] as CheckpointDocument));
        break;
      } catch (error) {
        if (!(error instanceof MemberFault)) throw error;
        writes = writes.filter(({ member }) => member !== error.member);
        await this.expel(error.member, error.cause);
      }
    }
    this.at = Math.max(this.at, upTo);
    const rebuilding = writes.filter(({ member, events }) => events.length > 0 && member.stored?.rebuild);
    if (rebuilding.length > 0 && this.deps.rebuilt) {
      const head = await this.deps.eventStore.headPosition();
      for (const { member } of rebuilding) {
        const rebuild = member.stored?.rebuild;
        if (rebuild) this.deps.rebuilt(member.projection.name, progressOf(rebuild, head));
      }
    }
    this.deps.changed();
  }

  private async expel(member: Projector, cause: unknown): Promise<void> {
    this.leave(member);
    if (cause instanceof HandlerFailed) await member.fail(cause.cause, cause.event);
    // A fault of the store while the lane stops is no failure of the projection: it loads its checkpoint again.
    else if (cause instanceof CheckpointMoved || this.stopping) this.deps.moved(member);
    else await member.fail(cause, null);
  }

  /**
   * A lane far behind the head (a rebuild, a first build, a restart after downtime) applies catch-up batches:
   * fewer, larger transactions, in which a document that many events change is indexed and persisted once per
   * batch rather than once per small batch. Near the head it goes back to small batches, so that live events
   * become visible soon.
   */
  private async measureLag(position: number): Promise<void> {
    this.farBehind = (await this.deps.eventStore.headPosition()) - position > this.deps.catchUpBatchSize;
  }
}
