import type { RecordedEvent } from '../events/event.js';
import type { EventFilter, SubscribeOptions, Subscription, SubscriptionMessage } from './eventStore.js';

/** One read of the log for a subscription. */
export interface ScannedBatch {
  readonly events: readonly RecordedEvent[];
  /**
   * How far the log has been scanned: every matching event up to here is in `events`, so filtered-out events
   * up to here are behind the subscription for good. A full batch scans to its last event; a batch that
   * reached the head scans to the head at the moment of the read.
   */
  readonly scannedTo: number;
  /**
   * Whether the log may go on past `scannedTo` (read again before reporting `caughtUp`), or `scannedTo` was the
   * head when read. Defaults to whether the batch is full, which is what a plain "next `maxCount` events" read
   * means.
   */
  readonly more?: boolean;
}

export interface SubscriptionSource {
  readonly readBatch: (after: number, maxCount: number, filter: EventFilter | undefined) => Promise<ScannedBatch>;
  /** Resolves when something may have been appended after the call, or when `signal` aborts. */
  readonly waitForAppend: (signal: AbortSignal) => Promise<void>;
  /** Called once when the subscription ends (stopped, or its iteration returned), to release what it holds. */
  readonly release?: () => void;
}

/**
 * The one catch-up mechanism the stores share: read batches from the cursor until a read reaches the head,
 * report the head, then sleep until the store signals an append. Because the cursor only ever moves to
 * positions the store has shown and positions are assigned in commit order, the hand-off from catch-up to
 * live can neither skip nor repeat an event, however many writers append meanwhile.
 *
 * A batch that reached the head moves the cursor to its `scannedTo` once its events are delivered, so a
 * subscription woken by an append costs one read, not a read for the event and another to find the head.
 */
export const catchUpSubscription = (source: SubscriptionSource, options: SubscribeOptions = {}): Subscription => {
  const batchSize = options.batchSize ?? 256;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new TypeError('batchSize must be a positive integer');
  const stopping = new AbortController();
  let cursor = options.after ?? 0;
  let reportedHead = -1;
  let buffer: readonly RecordedEvent[] = [];
  let delivered = 0;
  /** What the last read scanned, applied once its events are delivered; null while none is pending. */
  let scanned: { readonly to: number; readonly atHead: boolean } | null = null;
  /** Set once `caughtUp` is reported: the next step waits for an append before reading. */
  let waitFirst = false;
  let running: Promise<unknown> = Promise.resolve();
  let released = false;

  const release = () => {
    if (released) return;
    released = true;
    source.release?.();
  };

  const next = async (): Promise<IteratorResult<SubscriptionMessage>> => {
    for (;;) {
      if (stopping.signal.aborted) return { done: true, value: undefined };
      const event = buffer[delivered];
      if (event) {
        delivered += 1;
        cursor = Math.max(cursor, event.position);
        return { done: false, value: { type: 'event', event } };
      }
      if (scanned) {
        const { to, atHead } = scanned;
        scanned = null;
        cursor = Math.max(cursor, to);
        if (atHead && cursor !== reportedHead) {
          reportedHead = cursor;
          waitFirst = true;
          return { done: false, value: { type: 'caughtUp', position: cursor } };
        }
        waitFirst = atHead;
      }
      if (waitFirst) {
        waitFirst = false;
        await source.waitForAppend(stopping.signal);
        continue;
      }
      const batch = await source.readBatch(cursor, batchSize, options.filter);
      if (stopping.signal.aborted) return { done: true, value: undefined };
      buffer = batch.events;
      delivered = 0;
      scanned = { to: batch.scannedTo, atHead: !(batch.more ?? batch.events.length === batchSize) };
    }
  };

  const iterator: AsyncIterator<SubscriptionMessage> = {
    // Calls are chained so that a consumer that does not await each step still sees events in order.
    next: () => {
      const result = running.then(next);
      running = result.catch(() => undefined);
      return result;
    },
    return: async () => {
      stopping.abort();
      release();
      return { done: true, value: undefined };
    },
  };

  return {
    [Symbol.asyncIterator]: () => iterator,
    stop: async () => {
      stopping.abort();
      release();
      await running;
    },
  };
};

/**
 * A wake-up signal for in-process appends: every waiter resolves on the next `notify`. A reader takes
 * `version` before it reads and passes it to `wait`, which returns at once when an append came in between,
 * so a wake-up sent while the reader was between its read and its wait is never lost.
 */
export class AppendNotifier {
  private waiters = new Set<() => void>();
  private notifications = 0;

  get version(): number {
    return this.notifications;
  }

  notify(): void {
    this.notifications += 1;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  wait(signal: AbortSignal, since?: number): Promise<void> {
    if (signal.aborted || (since !== undefined && since !== this.notifications)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
