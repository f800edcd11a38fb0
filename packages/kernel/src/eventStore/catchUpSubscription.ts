import type { RecordedEvent } from '../events/event.js';
import type { EventFilter, SubscribeOptions, Subscription, SubscriptionMessage } from './eventStore.js';

/** One read of the log for a subscription. */
export interface ScannedBatch {
  readonly events: readonly RecordedEvent[];
  /**
   * How far the log has been scanned: the position of the last event read when the batch is full, otherwise
   * the head at the moment of the read. Filtered-out events up to here are behind the subscription for good.
   */
  readonly scannedTo: number;
}

export interface SubscriptionSource {
  readonly readBatch: (after: number, maxCount: number, filter: EventFilter | undefined) => Promise<ScannedBatch>;
  /** Resolves when something may have been appended after the call, or when `signal` aborts. */
  readonly waitForAppend: (signal: AbortSignal) => Promise<void>;
}

/**
 * The one catch-up mechanism the stores share: read batches from the cursor until a read comes back short,
 * report the head, then sleep until the store signals an append. Because the cursor only ever moves to
 * positions the store has shown and positions are assigned in commit order, the hand-off from catch-up to
 * live can neither skip nor repeat an event, however many writers append meanwhile.
 */
export const catchUpSubscription = (source: SubscriptionSource, options: SubscribeOptions = {}): Subscription => {
  const batchSize = options.batchSize ?? 256;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new TypeError('batchSize must be a positive integer');
  const stopping = new AbortController();
  let cursor = options.after ?? 0;
  let reportedHead = -1;
  let buffer: RecordedEvent[] = [];
  let running: Promise<unknown> = Promise.resolve();

  const next = async (): Promise<IteratorResult<SubscriptionMessage>> => {
    for (;;) {
      if (stopping.signal.aborted) return { done: true, value: undefined };
      const event = buffer.shift();
      if (event) {
        cursor = Math.max(cursor, event.position);
        return { done: false, value: { type: 'event', event } };
      }
      const batch = await source.readBatch(cursor, batchSize, options.filter);
      if (stopping.signal.aborted) return { done: true, value: undefined };
      buffer = [...batch.events];
      const full = batch.events.length === batchSize;
      if (buffer.length > 0) continue;
      cursor = Math.max(cursor, batch.scannedTo);
      if (full) continue;
      if (cursor !== reportedHead) {
        reportedHead = cursor;
        return { done: false, value: { type: 'caughtUp', position: cursor } };
      }
      await source.waitForAppend(stopping.signal);
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
      return { done: true, value: undefined };
    },
  };

  return {
    [Symbol.asyncIterator]: () => iterator,
    stop: async () => {
      stopping.abort();
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
