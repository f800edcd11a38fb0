import type { EventStore, Subscription } from '../eventStore/eventStore.js';
import type { Document, ReadStore } from '../readStore/readStore.js';
import { backoffDelay, sleep as realSleep } from '../commandHandling/retry.js';
import type { RetryPolicy } from '../commandHandling/retry.js';
import type { Clock } from '../time/clock.js';
import { systemClock } from '../time/clock.js';
import type { RecordedEvent } from '../events/event.js';
import type { AnyReactor, Reaction } from './reactor.js';
import { reactionFor } from './reactor.js';
import { SharedFeed } from './sharedFeed.js';

/** Where each reactor has got to, kept in the read store beside the projections' checkpoints. */
export const REACTOR_CHECKPOINTS = '_reactors';

// A type alias, not an interface, so that it fits the read store's JSON document type.
export type ReactorFailure = {
  readonly eventId: string;
  readonly position: number;
  readonly type: string;
  readonly error: string;
  readonly attempts: number;
  readonly at: string;
};

interface CheckpointDocument extends Document {
  readonly _id: string;
  readonly position: number;
  readonly failure: ReactorFailure | null;
  readonly updatedAt: string;
}

export interface ReactorStatus {
  readonly name: string;
  readonly position: number;
  readonly state: 'stopped' | 'running' | 'failed';
  readonly failure: ReactorFailure | null;
}

export interface ReactorRuntimeOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly reactors: readonly AnyReactor[];
  readonly clock?: Clock;
  /** Attempts per event before the reactor stops with the failure recorded. Default 5 attempts, 10 ms to 1 s apart. */
  readonly retry?: Partial<RetryPolicy>;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ReactorRuntime {
  start(): Promise<void>;
  /** Lets each reactor finish the event in hand, then stops. */
  stop(): Promise<void>;
  /** Resolves once every reactor has handled everything up to `position`; rejects when one has failed or on timeout. */
  waitFor(position: number | null, options?: { timeoutMs?: number; reactors?: readonly string[] }): Promise<void>;
  /**
   * Resolves once every reactor that reacts to one of `events` has finished its reaction to it, without waiting
   * for reactions to other events (a partitioned reactor's position stays behind the slowest reaction under way
   * for any key); rejects when a reactor stopped without reacting to one, or on timeout. What those reactions
   * appended in turn is the caller's to follow: these events' reactions are done, theirs may not be.
   */
  waitForReactions(events: readonly ReactedEvent[], options?: { timeoutMs?: number }): Promise<void>;
  status(): ReactorStatus[];
  /** Starts a failed reactor again from the event it stopped on. */
  retry(name: string): Promise<void>;
}

/**
 * How long a reactor keeps its position in memory before storing it. Every append wakes the reactors with a
 * caught-up position, and every reaction moves it: storing each at once cost a read-store transaction of its
 * own per reactor (1.7 per order over HTTP, each about 40 µs of CPU against a few in a shared one). In memory
 * the position still answers `waitFor` at once; stored this late at most, a restart from it delivers the
 * reactions of those 100 ms again (at least once, as ever) and scans the events it does not react to again.
 */
const STORE_AFTER_MS = 100;

/** An event as `waitForReactions` needs it: which reactors react to it, and where it is in the log. */
export interface ReactedEvent {
  readonly type: string;
  readonly position: number;
}

interface Stored {
  readonly position: number;
  readonly failure: ReactorFailure | null;
}

class Runner {
  position = 0;
  failure: ReactorFailure | null = null;
  running = false;
  /**
   * Positions after `position` whose reactions have finished: a partitioned reactor finishes reactions of some
   * keys while the position waits for a slower one of another. Dropped once the position passes them.
   */
  private readonly reacted = new Set<number>();
  private subscription: Subscription | null = null;
  private loop: Promise<void> = Promise.resolve();
  /** What the read store holds (or is being sent), to tell whether the position in memory is ahead of it. */
  private stored: Stored = { position: 0, failure: null };
  private writing: Promise<void> | null = null;
  private writeError: unknown = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly reactor: AnyReactor,
    private readonly options: ReactorRuntimeOptions,
    private readonly policy: RetryPolicy,
    private readonly changed: () => void,
  ) {}

  private get checkpoints() {
    return this.options.readStore.collection<CheckpointDocument>(REACTOR_CHECKPOINTS);
  }

  /** Whether the reaction to the event at `position` has finished (or the position passed it: it had). */
  hasReacted(position: number): boolean {
    return position <= this.position || this.reacted.has(position);
  }

  /** Whether this runner's reaction to the event at `position` will not happen without a retry or a restart. */
  gaveUpOn(position: number): boolean {
    return this.failure !== null && !this.hasReacted(position) && (!this.running || this.failure.position === position);
  }

  async load(): Promise<void> {
    const stored = await this.checkpoints.get(this.reactor.name);
    this.position = stored?.position ?? 0;
    this.failure = stored?.failure ?? null;
    this.stored = { position: this.position, failure: this.failure };
  }

  private async save(checkpoint: Stored): Promise<void> {
    const clock = this.options.clock ?? systemClock;
    await this.checkpoints.replaceOne({ _id: this.reactor.name, ...checkpoint, updatedAt: clock.now().toISOString() }, { upsert: true });
  }

  private dirty(): boolean {
    return this.stored.position !== this.position || this.stored.failure !== this.failure;
  }

  /**
   * Write-behind: stores the position and failure in memory, one write at a time, the latest winning, without
   * holding up the next reaction. The stored position only ever names reactions that have finished, so a crash
   * before the write lands delivers those events again, as at-least-once delivery allows (reactions are
   * idempotent). Whatever moves while a write is in flight is stored by the next one, a little later.
   */
  private kick(): void {
    if (this.writing !== null || this.writeError !== null || !this.dirty()) return;
    const next: Stored = { position: this.position, failure: this.failure };
    this.writing = this.save(next)
      .then(
        () => {
          this.stored = next;
        },
        (error: unknown) => {
          this.writeError = error;
        },
      )
      .finally(() => {
        this.writing = null;
        if (this.dirty()) this.storeLater();
      });
  }

  /** Stores the position a little later, unless something stores it sooner. */
  private storeLater(): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.kick();
    }, STORE_AFTER_MS);
    // Only a cache of progress a restart would find again: it must not keep a process alive.
    this.flushTimer.unref();
  }

  /** Resolves once the read store holds the position and failure in memory; throws what a write failed with. */
  private async flush(): Promise<void> {
    for (;;) {
      if (this.flushTimer !== null) {
        clearTimeout(this.flushTimer);
        this.flushTimer = null;
      }
      this.kick();
      if (this.writing === null) break;
      await this.writing;
    }
    const error = this.writeError;
    if (error !== null) {
      this.writeError = null;
      throw error instanceof Error ? error : new Error(`the checkpoint could not be stored: ${JSON.stringify(error)}`);
    }
  }

  /** Whether `start` would start it: not running, and no failure waiting for a retry. */
  get startable(): boolean {
    return !this.running && this.failure === null;
  }

  /** Reacts to what `subscription` (a reader of the runtime's shared feed, from this runner's position) delivers. */
  start(subscription: Subscription): void {
    if (!this.startable) return;
    this.running = true;
    this.loop = this.consume(subscription).finally(() => {
      this.running = false;
      this.changed();
    });
  }

  /** Runs one reaction with its retries; answers the failure to record, or null once it has succeeded. */
  private async reactTo(event: RecordedEvent, react: Reaction<RecordedEvent>): Promise<ReactorFailure | null> {
    const clock = this.options.clock ?? systemClock;
    const random = this.options.random ?? Math.random;
    const pause = this.options.sleep ?? realSleep;
    let lastError: unknown = null;
    for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt++) {
      try {
        await react(event, { now: clock.now() });
        return null;
      } catch (error) {
        lastError = error;
        if (attempt < this.policy.maxAttempts) await pause(backoffDelay(this.policy, attempt, random));
      }
    }
    return {
      eventId: event.id,
      position: event.position,
      type: event.type,
      error: lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : JSON.stringify(lastError),
      attempts: this.policy.maxAttempts,
      at: clock.now().toISOString(),
    };
  }

  /**
   * Reacts to each event in store order, or, for a partitioned reactor, to events of different keys side by
   * side (see `ReactorPartitions`). The position only passes an event once it and every event before it have
   * been reacted to: with reactions under way, it stays just before the lowest of them.
   */
  private async consume(subscription: Subscription): Promise<void> {
    const partitions = this.reactor.partitions;
    const limit = partitions?.maxConcurrent ?? 1;
    /** Positions of the reactions under way, and of one that failed: the position stays before the lowest. */
    const pending = new Set<number>();
    const running = new Set<Promise<void>>();
    /** The last reaction of each key under way, which the next one of that key starts after. */
    const tails = new Map<string, Promise<void>>();
    let delivered = this.position;
    let freed: (() => void) | null = null;
    const stopping: Promise<void>[] = [];

    /** Moves the position as far as finished reactions allow; answers whether it moved (and was told). */
    const advance = (): boolean => {
      const floor = pending.size === 0 ? delivered : Math.min(...pending) - 1;
      if (floor <= this.position) return false;
      this.position = floor;
      for (const position of this.reacted) if (position <= floor) this.reacted.delete(position);
      this.storeLater();
      // A failure is told once it is stored (the end of the loop flushes, then tells).
      if (this.failure === null) this.changed();
      return true;
    };
    const failed = (failure: ReactorFailure): void => {
      // The lowest failure is the one the position stops before, so it is the one to report.
      if (this.failure === null || failure.position < this.failure.position) this.failure = failure;
    };

    for await (const message of subscription) {
      // A checkpoint that cannot be stored stops the reactor, as it did when each write was awaited in line.
      if (this.writeError !== null) await this.flush();
      if (message.type === 'caughtUp') {
        delivered = Math.max(delivered, message.position);
        advance();
        continue;
      }
      const { event } = message;
      const react = reactionFor(this.reactor, event.type);
      const key = partitions && react ? partitions.key(event) : null;
      if (key === null) {
        // Alone: after everything under way, and before anything after it.
        if (running.size > 0) await Promise.all(running);
        if (this.failure) break;
        const failure = react ? await this.reactTo(event, react) : null;
        delivered = event.position;
        if (failure) {
          failed(failure);
          pending.add(event.position);
          break;
        }
        advance();
        continue;
      }
      while (running.size >= limit) await new Promise<void>((resolve) => (freed = resolve));
      if (this.failure) break;
      const reaction = react as Reaction<RecordedEvent>; // a key is only asked for when there is a reaction
      pending.add(event.position);
      delivered = event.position;
      const previous = tails.get(key);
      let succeeded = false;
      const run: Promise<void> = (async () => {
        if (previous) await previous;
        // A reaction of the same key failed before this one: it stays undone, for a retry to deliver again.
        if (this.failure && this.failure.position < event.position && previous) return;
        const failure = await this.reactTo(event, reaction);
        if (failure === null) {
          pending.delete(event.position);
          this.reacted.add(event.position);
          succeeded = true;
          return;
        }
        failed(failure);
        // Ends the loop even while it waits for the next event, so that the failure is recorded and told now.
        if (stopping.length === 0) stopping.push(subscription.stop());
      })().finally(() => {
        running.delete(run);
        if (tails.get(key) === run) tails.delete(key);
        // Finished behind a slower reaction, the position stays put: whoever waits for this event is done all the same.
        if (!advance() && succeeded && this.failure === null) this.changed();
        const wake = freed;
        freed = null;
        wake?.();
      });
      running.add(run);
      tails.set(key, run);
    }
    if (running.size > 0) await Promise.all(running);
    await Promise.all(stopping);
    if (this.failure) {
      // Recorded before anyone is told, so that whoever sees the failure finds it in the store as well.
      await this.flush();
      this.changed();
    }
  }

  /** Lets the reaction in hand finish, then stores where the reactor got to. */
  async stop(): Promise<void> {
    await this.subscription?.stop();
    await this.loop;
    await this.flush();
  }

  async clearFailure(): Promise<void> {
    // The failed loop must have ended (and said it no longer runs) before `start` looks at it.
    await this.loop.catch(() => undefined);
    this.failure = null;
    await this.flush();
  }

  status(): ReactorStatus {
    return { name: this.reactor.name, position: this.position, state: this.failure ? 'failed' : this.running ? 'running' : 'stopped', failure: this.failure };
  }
}

export const reactorRuntime = (options: ReactorRuntimeOptions): ReactorRuntime => {
  const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 1_000, ...options.retry };
  const names = new Set<string>();
  for (const reactor of options.reactors) {
    if (names.has(reactor.name)) throw new TypeError(`reactor ${reactor.name} is registered twice`);
    names.add(reactor.name);
  }
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of [...listeners]) listener();
  };
  const runners = options.reactors.map((reactor) => new Runner(reactor, options, policy, changed));

  /** Checks `done` now and after every change in any runner: true resolves, an error rejects; times out after `timeoutMs`. */
  const until = (done: () => boolean | Error, late: string, timeoutMs = 5_000): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        const outcome = done();
        if (outcome === false) return;
        finish();
        if (outcome === true) resolve();
        else reject(outcome);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`${late} within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  const feeds = new Set<SharedFeed>();
  /** Starts the runners on one shared subscription, each reading from its own position. */
  const launch = (starting: readonly Runner[]): void => {
    if (starting.length === 0) return;
    const feed = new SharedFeed(
      options.eventStore,
      starting.map((runner) => ({ eventTypes: runner.reactor.eventTypes, after: runner.position })),
    );
    feeds.add(feed);
    void feed.ended.then(() => feeds.delete(feed));
    starting.forEach((runner, i) => runner.start(feed.readerAt(i)));
  };

  return {
    start: async () => {
      for (const runner of runners) await runner.load();
      launch(runners.filter((runner) => runner.startable));
    },
    stop: async () => {
      const stopping = [...feeds];
      feeds.clear();
      await Promise.all([...stopping.map((feed) => feed.stop()), ...runners.map((runner) => runner.stop())]);
    },
    status: () => runners.map((runner) => runner.status()),
    retry: async (name) => {
      const runner = runners.find((r) => r.reactor.name === name);
      if (!runner) throw new TypeError(`no reactor named ${name}`);
      await runner.clearFailure();
      launch(runner.startable ? [runner] : []);
    },
    waitFor: (position, waitOptions = {}) => {
      if (position === null) return Promise.resolve();
      const watched = runners.filter((r) => !waitOptions.reactors || waitOptions.reactors.includes(r.reactor.name));
      return until(
        () => {
          const failed = watched.find((r) => r.failure && r.position < position);
          if (failed) return new Error(`reactor ${failed.reactor.name} stopped at position ${failed.position}: ${failed.failure?.error ?? ''}`);
          return watched.every((r) => r.position >= position);
        },
        `reactors did not reach position ${position}`,
        waitOptions.timeoutMs,
      );
    },
    waitForReactions: (events, waitOptions = {}) => {
      // Each reactor with the positions of the events it reacts to; the others have nothing to wait for.
      const awaited = runners
        .map((runner) => ({ runner, positions: events.filter((event) => reactionFor(runner.reactor, event.type)).map((event) => event.position) }))
        .filter(({ positions }) => positions.length > 0);
      if (awaited.length === 0) return Promise.resolve();
      return until(
        () => {
          for (const { runner, positions } of awaited) {
            const abandoned = positions.find((position) => runner.gaveUpOn(position));
            if (abandoned !== undefined) return new Error(`reactor ${runner.reactor.name} stopped without reacting to the event at ${abandoned}: ${runner.failure?.error ?? ''}`);
          }
          return awaited.every(({ runner, positions }) => positions.every((position) => runner.hasReacted(position)));
        },
        `reactors did not react to the events at ${events.map((event) => event.position).join(', ')}`,
        waitOptions.timeoutMs,
      );
    },
  };
};
