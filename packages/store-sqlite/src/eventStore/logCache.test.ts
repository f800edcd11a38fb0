import { categoryOf, matchesFilter } from '@shopstream/kernel';
import type { EventFilter, RecordedEvent } from '@shopstream/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogCache } from './logCache.js';
import type { LogCacheSource, LogReader } from './logCache.js';
import { toRecorded } from './rows.js';
import type { LogRow } from './rows.js';

/** An event as the row a store would insert for it. */
const rowOf = (event: RecordedEvent): LogRow => ({
  position: event.position,
  id: event.id,
  stream: event.stream,
  revision: event.revision,
  type: event.type,
  schema_version: event.schemaVersion,
  data: JSON.stringify(event.data),
  metadata: JSON.stringify(event.metadata),
  occurred_at: event.occurredAt,
  hash: event.hash,
  category: categoryOf(event.stream),
});

const TYPES = ['Added', 'Removed', 'Placed'] as const;
const CATEGORIES = ['cart', 'order'] as const;

/**
 * A log kept in an array, standing in for the file: `externalAppend` is another process's commit (it moves
 * the version), `ownAppend` is this store's (the cache is told, as the store tells it).
 */
class ArrayLog {
  readonly rows: LogRow[] = [];
  external = 0;
  rangeReads = 0;
  filteredReads = 0;
  decodes = 0;

  event(type: string, category: string): RecordedEvent {
    const position = this.rows.length + 1;
    return {
      id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
      type,
      schemaVersion: 1,
      data: { position },
      stream: `${category}-1`,
      revision: position - 1,
      position,
      occurredAt: '2026-01-01T00:00:00.000Z',
      metadata: { correlationId: 'c', causationId: null, actor: null, traceparent: null, tracestate: null },
      hash: 'h',
    };
  }

  externalAppend(type: string, category: string): void {
    this.rows.push(rowOf(this.event(type, category)));
    this.external += 1;
  }

  ownAppend(cache: LogCache, type: string, category: string): void {
    const row = rowOf(this.event(type, category));
    this.rows.push(row);
    cache.appended([row]);
  }

  source(): LogCacheSource {
    return {
      readRange: (after, upTo) => {
        this.rangeReads += 1;
        return { rows: this.rows.filter((row) => row.position > after && row.position <= upTo), head: this.rows.length };
      },
      readFiltered: (after, maxCount, filter) => {
        this.filteredReads += 1;
        const events = this.expected(after, filter).slice(0, maxCount);
        const full = events.length === maxCount;
        return { events, scannedTo: full ? (events[events.length - 1]?.position ?? after) : this.rows.length };
      },
      externalVersion: () => this.external,
      decode: (row) => {
        this.decodes += 1;
        return Object.freeze(toRecorded(row));
      },
    };
  }

  expected(after: number, filter: EventFilter | undefined): RecordedEvent[] {
    return this.rows.filter((row) => row.position > after && matchesFilter(filter, row.stream, row.type)).map(toRecorded);
  }
}

/** Reads as `catchUpSubscription` would, until the cache says the head is reached. */
const readToHead = (cache: LogCache, reader: LogReader, after: number, maxCount: number, filter: EventFilter | undefined) => {
  const events: RecordedEvent[] = [];
  let cursor = after;
  for (let reads = 0; reads < 10_000; reads++) {
    const batch = cache.read(reader, cursor, maxCount, filter);
    expect(batch.events.length).toBeLessThanOrEqual(maxCount);
    events.push(...batch.events);
    cursor = Math.max(cursor, batch.events[batch.events.length - 1]?.position ?? cursor, batch.scannedTo);
    if (!(batch.more ?? batch.events.length === maxCount)) return { events, cursor };
  }
  throw new Error('the cache never reached the head');
};

const filterArbitrary: fc.Arbitrary<EventFilter | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ eventTypes: fc.subarray([...TYPES]), streamCategories: fc.subarray([...CATEGORIES]) }, { requiredKeys: [] }),
);

describe('the shared log cache', () => {
  it('serves every reader exactly its filtered log, through appends here and elsewhere, within its bound', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('append' as const), own: fc.boolean(), type: fc.constantFrom(...TYPES), category: fc.constantFrom(...CATEGORIES) }),
            fc.record({ kind: fc.constant('read' as const), reader: fc.nat(5), start: fc.double({ min: 0, max: 1.1, noNaN: true }), batch: fc.integer({ min: 1, max: 9 }), filter: filterArbitrary }),
          ),
          { maxLength: 80 },
        ),
        (pageSize, maxPages, steps) => {
          const log = new ArrayLog();
          const cache = new LogCache(log.source(), { pageSize, maxPages });
          const readers = Array.from({ length: 6 }, () => cache.reader(0));
          for (const step of steps) {
            if (step.kind === 'append') {
              if (step.own) log.ownAppend(cache, step.type, step.category);
              else log.externalAppend(step.type, step.category);
              continue;
            }
            const after = Math.floor(log.rows.length * step.start);
            const { events, cursor } = readToHead(cache, readers[step.reader] as LogReader, after, step.batch, step.filter);
            expect(events).toEqual(log.expected(after, step.filter));
            expect(cursor).toBe(Math.max(after, log.rows.length));
            expect(cache.size().pages).toBeLessThanOrEqual(maxPages);
            expect(cache.size().rows).toBeLessThanOrEqual(maxPages * pageSize);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads each page once for many readers moving together, and decodes each event once', () => {
    const log = new ArrayLog();
    for (let i = 0; i < 1000; i++) log.externalAppend(TYPES[i % 3] as string, CATEGORIES[i % 2] as string);
    // The readers drift apart, since a sparse filter covers more of the log per batch: 16 pages hold the drift.
    const cache = new LogCache(log.source(), { pageSize: 50, maxPages: 16 });
    const filters: EventFilter[] = [{ eventTypes: ['Added'] }, { eventTypes: ['Removed', 'Placed'] }, { streamCategories: ['cart'] }, {}];
    const readers = filters.map(() => cache.reader(0));
    const cursors = filters.map(() => 0);
    const delivered = filters.map((): RecordedEvent[] => []);
    // Round-robin batches of 10, as projections interleave.
    for (let done = false; !done; ) {
      done = true;
      filters.forEach((filter, i) => {
        const batch = cache.read(readers[i] as LogReader, cursors[i] as number, 10, filter);
        delivered[i]?.push(...batch.events);
        cursors[i] = Math.max(cursors[i] as number, batch.scannedTo);
        if (batch.more ?? batch.events.length === 10) done = false;
      });
    }
    filters.forEach((filter, i) => expect(delivered[i]).toEqual(log.expected(0, filter)));
    // One read per page; the last one also tells them all that the head is at its end.
    expect(log.rangeReads).toBe(1000 / 50);
    expect(log.filteredReads).toBe(0);
    expect(log.decodes).toBe(1000);
    expect(delivered[0]?.[0]).toBe(delivered[3]?.[0]);
    expect(Object.isFrozen(delivered[0]?.[0])).toBe(true);
  });

  it('keeps little more than the page at the head while every reader is live', () => {
    const log = new ArrayLog();
    const cache = new LogCache(log.source(), { pageSize: 8, maxPages: 64 });
    const readers = [cache.reader(0), cache.reader(0), cache.reader(0)];
    const cursors = [0, 0, 0];
    for (let i = 0; i < 500; i++) {
      log.ownAppend(cache, TYPES[i % 3] as string, 'order');
      readers.forEach((reader, r) => {
        cursors[r] = readToHead(cache, reader, cursors[r] as number, 4, { eventTypes: [TYPES[r] as string] }).cursor;
      });
      expect(cache.size().pages).toBeLessThanOrEqual(2);
    }
    // Every append after the first read extended the cached tail: only that read and none since.
    expect(log.rangeReads).toBe(1);
  });

  it('lets a reader far from every other read with its own filter rather than load pages nobody shares', () => {
    const log = new ArrayLog();
    for (let i = 0; i < 2000; i++) log.externalAppend(TYPES[i % 3] as string, 'cart');
    const cache = new LogCache(log.source(), { pageSize: 50, maxPages: 4 });
    const atHead = cache.reader(0);
    readToHead(cache, atHead, 1990, 100, undefined);
    const alone = cache.reader(0);
    const { events } = readToHead(cache, alone, 0, 100, { eventTypes: ['Placed'] });
    expect(events).toEqual(log.expected(0, { eventTypes: ['Placed'] }));
    expect(log.filteredReads).toBeGreaterThan(0);
    expect(log.rangeReads).toBeLessThan(10);
  });
});
