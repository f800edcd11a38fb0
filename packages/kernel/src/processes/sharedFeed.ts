import type { EventStore, Subscription, SubscriptionMessage } from '../eventStore/eventStore.js';

/**
 * Events a reader may have queued before the shared subscription waits for it: enough that a reaction being
 * retried does not hold the other readers up, few enough that a reader far behind (a new reactor reading the
 * whole log) does not pull the log into memory.
 */
const QUEUE_LIMIT = 4096;

/** What one reader of a `SharedFeed` wants: events of these types after this position, and every `caughtUp`. */
export interface FeedReader {
  readonly eventTypes: readonly string[];
  readonly after: number;
}

/** One reader's messages, pushed by the shared subscription and read at the reader's pace. */
class Inbox implements Subscription {
  private queue: SubscriptionMessage[] = [];
  private taken = 0;
  private waiting: { resolve: (result: IteratorResult<SubscriptionMessage>) => void; reject: (error: Error) => void } | null = null;
  private room: (() => void) | null = null;
  private error: Error | null = null;
  closed = false;

  constructor(
    readonly types: ReadonlySet<string>,
    readonly after: number,
    private readonly closing: () => void,
  ) {}

  /** Queues a message; answers a promise only when the queue is full, which resolves once there is room. */
  push(message: SubscriptionMessage): Promise<void> | undefined {
    if (this.closed) return undefined;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ done: false, value: message });
      return undefined;
    }
    // Only the latest head matters to a reader that has not read the one before it yet.
    if (message.type === 'caughtUp' && this.queue[this.queue.length - 1]?.type === 'caughtUp' && this.queue.length > this.taken) {
      this.queue[this.queue.length - 1] = message;
      return undefined;
    }
    this.queue.push(message);
    if (this.queue.length - this.taken < QUEUE_LIMIT) return undefined;
    return new Promise<void>((resolve) => (this.room = resolve));
  }

  /** Ends the reader's iteration: at once with `error`, or once it asks for its next message. */
  close(error: unknown = null): void {
    if (this.closed) return;
    this.closed = true;
    this.error = error === null || error instanceof Error ? error : new Error('the shared subscription failed', { cause: error });
    this.queue = [];
    this.taken = 0;
    this.freeRoom();
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting && this.error !== null) waiting.reject(this.error);
    else waiting?.resolve({ done: true, value: undefined });
    this.closing();
  }

  private freeRoom(): void {
    const room = this.room;
    this.room = null;
    room?.();
  }

  private next(): Promise<IteratorResult<SubscriptionMessage>> {
    if (this.closed) return this.error === null ? Promise.resolve({ done: true, value: undefined }) : Promise.reject(this.error);
    const message = this.queue[this.taken];
    if (message === undefined) return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
    this.taken += 1;
    if (this.taken === this.queue.length) {
      this.queue = [];
      this.taken = 0;
    }
    if (this.queue.length - this.taken < QUEUE_LIMIT) this.freeRoom();
    return Promise.resolve({ done: false, value: message });
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return {
      next: () => this.next(),
      return: async () => {
        this.close();
        return { done: true, value: undefined };
      },
    };
  }

  async stop(): Promise<void> {
    this.close();
  }
}

/**
 * One subscription to the log for several readers: every append wakes it once, where one subscription per
 * reader woke each of them to read and report the head (about 10 µs of CPU per reader per append on the SQLite
 * store, whatever the reader's types). It reads from the lowest reader's position over the union of their
 * types and hands each reader the events of its own types after its own position, in store order, and every
 * `caughtUp`, through a queue of its own: a reader that is slow only holds the others up once it has
 * `QUEUE_LIMIT` messages waiting. A reader that stops (its subscription's `stop`) is left out from then on;
 * the shared subscription ends when every reader has stopped, or with `stop`. A failure to read ends every
 * reader's iteration with the error.
 */
export class SharedFeed {
  private readonly inboxes: Inbox[];
  private readonly subscription: Subscription;
  /** Resolves once the shared subscription has ended. */
  readonly ended: Promise<void>;

  constructor(eventStore: EventStore, readers: readonly FeedReader[]) {
    // The last reader to stop ends the shared subscription, which may be waiting for an append meanwhile.
    const closing = () => {
      if (this.inboxes.every((inbox) => inbox.closed)) this.subscription.stop().catch(() => undefined);
    };
    this.inboxes = readers.map((reader) => new Inbox(new Set(reader.eventTypes), reader.after, closing));
    const after = Math.min(...readers.map((reader) => reader.after));
    const eventTypes = [...new Set(readers.flatMap((reader) => reader.eventTypes))].sort();
    this.subscription = eventStore.subscribe({ after, filter: { eventTypes } });
    this.ended = this.run();
  }

  /** The subscription the reader at `index` (of the constructor's `readers`) reads. */
  readerAt(index: number): Subscription {
    const inbox = this.inboxes[index];
    if (inbox === undefined) throw new RangeError(`no reader at ${index}`);
    return inbox;
  }

  private async run(): Promise<void> {
    try {
      for await (const message of this.subscription) {
        for (const inbox of this.inboxes) {
          if (inbox.closed) continue;
          if (message.type === 'event' && (message.event.position <= inbox.after || !inbox.types.has(message.event.type))) continue;
          const full = inbox.push(message);
          if (full) await full;
        }
      }
      for (const inbox of this.inboxes) inbox.close();
    } catch (error) {
      for (const inbox of this.inboxes) inbox.close(error);
    } finally {
      await this.subscription.stop();
    }
  }

  /** Ends the shared subscription and every reader's iteration. */
  async stop(): Promise<void> {
    for (const inbox of this.inboxes) inbox.close();
    await this.subscription.stop();
    await this.ended;
  }
}
