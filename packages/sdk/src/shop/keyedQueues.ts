/**
 * Work handed over in a queue per key: items of one key one at a time, in the order they were pushed; items of
 * different keys side by side, at most `maxConcurrent` at once. What the sandbox delivers payment notifications through: a
 * payment's notifications must reach its stream in the order the provider sent them, but one buyer's payment has
 * no reason to wait for another's.
 */
export interface KeyedQueues<T> {
  /** Queues an item on its key's queue; settles as its handling did. */
  readonly push: (item: T) => Promise<void>;
  /** Resolves once no item is queued or being handled, pushed meanwhile included; never rejects. */
  readonly idle: () => Promise<void>;
  /** Resolves once no item of `key` is queued or being handled; rejects if one of those it waited for failed. */
  readonly settled: (key: string) => Promise<void>;
}

export interface KeyedQueuesOptions<T> {
  readonly key: (item: T) => string;
  readonly handle: (item: T) => Promise<unknown>;
  readonly maxConcurrent: number;
}

interface Queue {
  /** Settles when the queue's last item has, whatever its outcome: the next item starts after it. */
  tail: Promise<void>;
  /** Items pushed and not yet settled. */
  readonly items: Set<Promise<void>>;
}

const ignore = (): void => undefined;

export const keyedQueues = <T>(options: KeyedQueuesOptions<T>): KeyedQueues<T> => {
  const { key: keyOf, handle, maxConcurrent } = options;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new RangeError(`maxConcurrent must be a positive integer, got ${maxConcurrent}`);
  const byKey = new Map<string, Queue>();
  let running = 0;
  // Items whose turn in their queue has come, waiting for a slot: first come, first served.
  const waiting: (() => void)[] = [];

  const slot = (): Promise<void> => {
    if (running < maxConcurrent) {
      running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    // The slot passes straight to the next item, so `running` stays as it is.
    if (next) next();
    else running -= 1;
  };

  const push = (item: T): Promise<void> => {
    const key = keyOf(item);
    let queue = byKey.get(key);
    if (!queue) {
      queue = { tail: Promise.resolve(), items: new Set() };
      byKey.set(key, queue);
    }
    const own = queue;
    const done: Promise<void> = own.tail.then(async () => {
      await slot();
      try {
        await handle(item);
      } finally {
        release();
        // Out of the queue before `done` settles: whoever waits on the queue sees it empty once this item is through.
        own.items.delete(done);
        if (own.items.size === 0 && byKey.get(key) === own) byKey.delete(key);
      }
    });
    own.items.add(done);
    own.tail = done.then(ignore, ignore);
    return done;
  };

  return {
    push,
    idle: async () => {
      while (byKey.size > 0) await Promise.allSettled([...byKey.values()].flatMap((queue) => [...queue.items]));
    },
    settled: async (key) => {
      for (let queue = byKey.get(key); queue; queue = byKey.get(key)) await Promise.all([...queue.items]);
    },
  };
};
