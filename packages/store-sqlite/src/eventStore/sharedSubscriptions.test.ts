import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matchesFilter } from '@shopstream/kernel';
import type { EventFilter, RecordedEvent, SubscriptionMessage } from '@shopstream/kernel';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteEventStore } from './sqliteEventStore.js';
import type { SqliteEventStore } from './sqliteEventStore.js';

const folder = mkdtempSync(join(tmpdir(), 'shopstream-shared-subscriptions-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(folder, `log-${(files += 1)}.db`);

const TYPES = ['Added', 'Removed', 'Placed'] as const;
const CATEGORIES = ['cart', 'order'] as const;

/** A subscription pulled one message at a time, never blocking the test on a message that is not there yet. */
class Puller {
  readonly messages: SubscriptionMessage[] = [];
  private pending: Promise<IteratorResult<SubscriptionMessage>> | null = null;
  private readonly iterator: AsyncIterator<SubscriptionMessage>;

  constructor(
    readonly store: SqliteEventStore,
    readonly after: number,
    readonly filter: EventFilter | undefined,
    batchSize: number,
  ) {
    this.iterator = store.subscribe({ after, batchSize, ...(filter ? { filter } : {}) })[Symbol.asyncIterator]();
  }

  /** Takes the next message if it comes within `waitMs`; false when none did. */
  async pull(waitMs: number): Promise<boolean> {
    this.pending ??= this.iterator.next();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((done) => {
      timer = setTimeout(() => done(null), waitMs);
    });
    const result = await Promise.race([this.pending, timeout]);
    clearTimeout(timer);
    if (result === null) return false;
    this.pending = null;
    if (!result.done) this.messages.push(result.value);
    return !result.done;
  }

  /** Pulls until the subscription reports it has caught up with `head`. */
  async drainTo(head: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!this.messages.some((message) => message.type === 'caughtUp' && message.position >= head)) {
      if (Date.now() > deadline) throw new Error(`never caught up with ${head}`);
      await this.pull(50);
    }
  }

  events(): RecordedEvent[] {
    return this.messages.flatMap((message) => (message.type === 'event' ? [message.event] : []));
  }
}

const filterArbitrary: fc.Arbitrary<EventFilter | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record(
    { eventTypes: fc.subarray([...TYPES]), streamCategories: fc.subarray([...CATEGORIES]) },
    { requiredKeys: [] },
  ),
);

const stepArbitrary = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      other: fc.boolean(),
      category: fc.constantFrom(...CATEGORIES),
      stream: fc.integer({ min: 1, max: 3 }),
      types: fc.array(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 5 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('subscribe' as const),
      other: fc.boolean(),
      /** Fraction of the current head to start after; above 1 starts past the head. */
      start: fc.double({ min: 0, max: 1.2, noNaN: true }),
      filter: filterArbitrary,
      batchSize: fc.integer({ min: 1, max: 7 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('pull' as const), which: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }) },
);

describe('subscriptions served from the shared log cache', () => {
  it('deliver exactly the filtered log in order, whatever the interleaving of appends (here and elsewhere) and reads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 40 }), async (steps) => {
        const path = freshPath();
        // Tiny pages and a tiny bound, so page edges, eviction and the filtered fallback are all exercised.
        const here = sqliteEventStore({ path, pollIntervalMs: 5 }, { pageSize: 4, maxPages: 3 });
        // Another connection on the same file: to `here`, its appends are another process's.
        const elsewhere = sqliteEventStore({ path, pollIntervalMs: 5 }, { pageSize: 3, maxPages: 2 });
        const pullers: Puller[] = [];
        try {
          for (const step of steps) {
            if (step.kind === 'append') {
              const store = step.other ? elsewhere : here;
              await store.append(
                `${step.category}-${step.stream}`,
                step.types.map((type, i) => ({ type, data: { i, nested: { list: [i] } } })),
              );
            } else if (step.kind === 'subscribe') {
              const head = await here.headPosition();
              const after = Math.floor(head * step.start);
              pullers.push(new Puller(step.other ? elsewhere : here, after, step.filter, step.batchSize));
            } else {
              const puller = pullers[step.which % Math.max(1, pullers.length)];
              for (let i = 0; puller && i < step.count; i++) if (!(await puller.pull(2))) break;
            }
          }
          const log = await here.readAll();
          const head = await here.headPosition();
          for (const puller of pullers) {
            await puller.drainTo(head);
            const expected = log.filter((event) => event.position > puller.after && matchesFilter(puller.filter, event.stream, event.type));
            expect(puller.events().map((event) => event.position)).toEqual(expected.map((event) => event.position));
            expect(puller.events()).toEqual(expected);
            expect(puller.events().every((event) => Object.isFrozen(event))).toBe(true);
            // Each caughtUp covers every matching event up to its position, and the positions never go back.
            let delivered = 0;
            let last = -1;
            for (const message of puller.messages) {
              if (message.type === 'event') {
                delivered += 1;
                continue;
              }
              expect(message.position).toBeGreaterThanOrEqual(last);
              last = message.position;
              expect(delivered).toBe(expected.filter((event) => event.position <= message.position).length);
            }
          }
        } finally {
          await here.close();
          await elsewhere.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('costs one read of the log per append from elsewhere, and none per own append, however many subscribe', async () => {
    const path = freshPath();
    let logReads = 0;
    const here = sqliteEventStore({ path, pollIntervalMs: 5 }, { onStatement: (sql) => (logReads += /^SELECT position, id,/.test(sql) ? 1 : 0) });
    const elsewhere = sqliteEventStore({ path });
    const SUBSCRIBERS = 20;
    try {
      await here.append('order-1', [{ type: 'Placed', data: {} }]);
      const pullers = Array.from({ length: SUBSCRIBERS }, (_, i) => new Puller(here, 0, { eventTypes: [TYPES[i % TYPES.length] as string] }, 256));
      for (const puller of pullers) await puller.drainTo(1);

      const APPENDS = 10;
      const before = logReads;
      for (let i = 0; i < APPENDS; i++) {
        await here.append('order-1', [{ type: TYPES[i % TYPES.length] as string, data: { i } }]);
        const head = await here.headPosition();
        for (const puller of pullers) await puller.drainTo(head);
      }
      expect(logReads - before).toBe(0);

      const fromElsewhere = logReads;
      for (let i = 0; i < APPENDS; i++) {
        await elsewhere.append('cart-1', [{ type: TYPES[i % TYPES.length] as string, data: { i } }]);
        const head = await elsewhere.headPosition();
        for (const puller of pullers) await puller.drainTo(head);
      }
      expect(logReads - fromElsewhere).toBe(APPENDS);
      for (const puller of pullers) {
        const expected = (await here.readAll()).filter((event) => matchesFilter(puller.filter, event.stream, event.type));
        expect(puller.events()).toEqual(expected);
      }
    } finally {
      await here.close();
      await elsewhere.close();
    }
  }, 60_000);
});
