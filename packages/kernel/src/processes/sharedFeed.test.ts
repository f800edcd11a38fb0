import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../events/event.js';
import type { Subscription } from '../eventStore/eventStore.js';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import { SharedFeed } from './sharedFeed.js';

const TYPES = ['A', 'B', 'C', 'D'] as const;

/** Reads events from `subscription` until it reports `caughtUp` at `head` or later; the events read. */
const readUntil = async (subscription: Subscription, head: number): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const message of subscription) {
    if (message.type === 'event') events.push(message.event);
    else if (message.position >= head) break;
  }
  return events;
};

describe('SharedFeed', () => {
  it('gives each reader exactly the events of its types after its own position, in store order, as its own subscription would', async () => {
    const reader = fc.record({
      eventTypes: fc.subarray([...TYPES], { minLength: 1 }),
      after: fc.nat({ max: 30 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 40 }), fc.array(reader, { minLength: 1, maxLength: 4 }), fc.nat({ max: 40 }), async (log, readers, split) => {
        const eventStore = memoryEventStore();
        // Some events before the feed starts (read as catch-up), the rest appended while it runs (read live).
        const before = log.slice(0, split);
        for (const [i, type] of before.entries()) await eventStore.append(`s-${i % 3}`, [{ type, data: {} }]);
        const feed = new SharedFeed(eventStore, readers);
        const reading = readers.map((_, i) => readUntil(feed.readerAt(i), log.length));
        for (const [i, type] of log.slice(split).entries()) await eventStore.append(`s-${i % 3}`, [{ type, data: {} }]);
        const got = await Promise.all(reading);
        const all = await eventStore.readAll();
        readers.forEach(({ eventTypes, after }, i) => {
          const expected = all.filter((event) => event.position > after && (eventTypes as readonly string[]).includes(event.type)).map((event) => event.position);
          expect(got[i]?.map((event) => event.position)).toEqual(expected);
        });
        await feed.stop();
      }),
      { numRuns: 60 },
    );
  });

  it('lets the other readers go on while one has not read, until its queue is full, and ends once every reader has stopped', async () => {
    const eventStore = memoryEventStore();
    for (let i = 0; i < 5_000; i++) await eventStore.append('s', [{ type: 'A', data: { i } }]);
    const feed = new SharedFeed(eventStore, [
      { eventTypes: ['A'], after: 0 },
      { eventTypes: ['A'], after: 0 },
    ]);
    const idle = feed.readerAt(0);
    const busy = feed.readerAt(1)[Symbol.asyncIterator]();
    let read = 0;
    // The idle reader's queue fills at 4,096 events, and from then on the busy reader waits for it.
    const blocked = (async () => {
      for (;;) {
        const next = await Promise.race([busy.next(), new Promise<'stalled'>((resolve) => setTimeout(() => resolve('stalled'), 200))]);
        if (next === 'stalled') return read;
        if (next.done) return read;
        if (next.value.type === 'event') read += 1;
      }
    })();
    const stalledAt = await blocked;
    expect(stalledAt).toBeGreaterThanOrEqual(4_000);
    expect(stalledAt).toBeLessThan(5_000);
    // Once the idle reader reads, everyone gets everything.
    const [idleEvents] = await Promise.all([readUntil(idle, 5_000), (async () => {
      for (;;) {
        const next = await busy.next();
        if (next.done || (next.value.type === 'caughtUp' && next.value.position >= 5_000)) return;
        read += 1;
      }
    })()]);
    expect(idleEvents).toHaveLength(5_000);
    expect(read).toBe(5_000);
    await idle.stop();
    await feed.readerAt(1).stop();
    // Every reader stopped: the shared subscription ends by itself.
    await feed.ended;
  });

  it('ends every reader with the error when the shared subscription fails', async () => {
    const eventStore = memoryEventStore();
    const failing = {
      ...eventStore,
      subscribe: (): Subscription => ({
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('disk gone')) }),
        stop: async () => undefined,
      }),
    };
    const feed = new SharedFeed(failing, [
      { eventTypes: ['A'], after: 0 },
      { eventTypes: ['B'], after: 0 },
    ]);
    await expect(readUntil(feed.readerAt(0), 1)).rejects.toThrow(/disk gone|shared subscription failed/);
    await expect(readUntil(feed.readerAt(1), 1)).rejects.toThrow(/disk gone|shared subscription failed/);
    await feed.stop();
  });
});
