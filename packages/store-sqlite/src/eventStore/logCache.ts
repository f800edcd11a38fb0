import { firstAfterPosition } from '@shopstream/kernel';
import type { EventFilter, RecordedEvent, ScannedBatch } from '@shopstream/kernel';
import { rowMatches } from './rows.js';
import type { LogRow } from './rows.js';

/** What the cache reads the log with. */
export interface LogCacheSource {
  /** Every row with a position in (after, upTo], in order, and the head, read in one snapshot. */
  readonly readRange: (after: number, upTo: number) => { readonly rows: LogRow[]; readonly head: number };
  /** A subscription's own filtered read, for one too far from the others to share pages with. */
  readonly readFiltered: (after: number, maxCount: number, filter: EventFilter | undefined) => ScannedBatch;
  /** Other connections' commit count (`PRAGMA data_version`), as of now or earlier: taken before each read. */
  readonly externalVersion: () => number;
  /** A row as subscribers receive it: upcast, and frozen since every subscriber gets the same object. */
  readonly decode: (row: LogRow) => RecordedEvent;
}

export interface LogCacheOptions {
  /** Consecutive positions per page. */
  readonly pageSize: number;
  /** Pages kept at most: the cache holds at most pageSize × maxPages events, however long the log. */
  readonly maxPages: number;
}

/** Where one subscription reads, so the cache knows which pages someone still needs. */
export interface LogReader {
  cursor: number;
}

interface Page {
  readonly index: number;
  /** Every event with a position in (index × pageSize, scannedTo], in order. */
  readonly rows: LogRow[];
  /** `rows` decoded, filled in on first use: a type no subscriber wants is never parsed. */
  readonly events: (RecordedEvent | undefined)[];
  scannedTo: number;
  /** `externalVersion()` taken before the read that last extended the page. */
  external: number;
  /** An append through this store could not extend the page, so the page must be read again to be trusted. */
  stale: boolean;
  used: number;
}

/** Pages near the head are always read whole: every live subscription will want them. */
const NEAR_HEAD_PAGES = 2;
/** Pages one read may load before handing back what it has, so a rare filter cannot block the process long. */
const MAX_LOADS_PER_READ = 8;

/**
 * One shared, bounded cache of the log for every subscription of a store.
 *
 * The log is cut into pages of consecutive positions. A page is read once, unfiltered, with the head in the
 * same snapshot, and then serves every subscription that passes through it, each filtered in memory by the
 * stored type and category; rows are decoded on first use and the decoded event is shared. Pages rather than
 * one tail window, because the two costly patterns are both sequential: the live shop (every subscription
 * within a few events of the head, all on the last page) and a rebuild (a dozen projections scanning from 0
 * at different speeds, a few pages apart).
 *
 * The page holding the head is partial: its `scannedTo` is the head when read. Appends through this store
 * extend it directly when they follow on; anything else (another process, another connection, an append that
 * does not follow on) shows as a changed `data_version` or marks it stale, and the next subscription to reach
 * its end reads just the new rows. So N subscriptions at the head cost one read per append from elsewhere and
 * none per append through this store.
 *
 * A subscription far from every other reader (a new reactor catching up alone, say) reads SQL with its own
 * filter, as before: reading whole pages only pays when someone else will read them too.
 */
export class LogCache {
  private readonly pages = new Map<number, Page>();
  private readonly readers = new Set<LogReader>();
  private knownHead = 0;
  private clock = 0;

  constructor(
    private readonly source: LogCacheSource,
    private readonly options: LogCacheOptions,
  ) {
    if (!Number.isSafeInteger(options.pageSize) || options.pageSize < 1) throw new TypeError('pageSize must be a positive integer');
    if (!Number.isSafeInteger(options.maxPages) || options.maxPages < 1) throw new TypeError('maxPages must be a positive integer');
  }

  reader(after: number): LogReader {
    const reader = { cursor: after };
    this.readers.add(reader);
    return reader;
  }

  release(reader: LogReader): void {
    this.readers.delete(reader);
  }

  /** The next matching events after `after`, as `catchUpSubscription` asks for them. */
  read(reader: LogReader, after: number, maxCount: number, filter: EventFilter | undefined): ScannedBatch {
    const { pageSize } = this.options;
    const events: RecordedEvent[] = [];
    let at = after;
    let loads = 0;
    reader.cursor = after;
    for (;;) {
      const index = Math.floor(Math.max(0, at) / pageSize);
      const end = (index + 1) * pageSize;
      let page = this.pages.get(index);
      if (!page || (page.scannedTo < end && !this.fresh(page))) {
        if (!page && !this.worthSharing(reader, index)) {
          return at === after ? this.source.readFiltered(after, maxCount, filter) : { events, scannedTo: at, more: true };
        }
        if (loads === MAX_LOADS_PER_READ) return { events, scannedTo: at, more: true };
        loads += 1;
        page = this.load(index, page);
      }
      this.clock += 1;
      page.used = this.clock;
      const { rows } = page;
      for (let i = firstAfterPosition(rows, at); i < rows.length; i++) {
        const row = rows[i] as LogRow; // i < rows.length
        if (!rowMatches(filter, row)) continue;
        events.push(this.eventAt(page, i));
        if (events.length === maxCount) {
          reader.cursor = row.position;
          return { events, scannedTo: row.position, more: true };
        }
      }
      at = Math.max(at, page.scannedTo);
      reader.cursor = at;
      // A fresh partial page ends at the head, as of the version it was read at.
      if (page.scannedTo < end) return { events, scannedTo: at, more: false };
    }
  }

  /**
   * Rows just appended through this store, as it inserted them: they extend the cached tail when they follow
   * on from it. Readers decode their own copies from the rows' text, sharing nothing with the appender.
   */
  appended(rows: readonly LogRow[]): void {
    for (const row of rows) {
      const index = Math.floor((row.position - 1) / this.options.pageSize);
      const page = this.pages.get(index) ?? this.openPageAfter(index, row.position);
      if (!page || page.stale || page.scannedTo !== row.position - 1) {
        this.markPartialPagesStale();
        return;
      }
      page.rows.push(row);
      page.scannedTo = row.position;
      this.knownHead = Math.max(this.knownHead, row.position);
      if (row === rows[rows.length - 1]) this.openNextIfAtHead(page, row.position);
    }
  }

  /** Cached pages and events, for tests and diagnostics. */
  size(): { readonly pages: number; readonly rows: number } {
    let rows = 0;
    for (const page of this.pages.values()) rows += page.rows.length;
    return { pages: this.pages.size, rows };
  }

  private fresh(page: Page): boolean {
    return !page.stale && page.external === this.source.externalVersion();
  }

  /**
   * Whether reading a whole page pays: it is near the head, or another subscription has yet to pass it and is
   * close enough to reach it before it is evicted.
   */
  private worthSharing(reader: LogReader, index: number): boolean {
    const { pageSize, maxPages } = this.options;
    if (index >= Math.floor(this.knownHead / pageSize) - NEAR_HEAD_PAGES) return true;
    const end = (index + 1) * pageSize;
    const reach = index * pageSize - Math.floor(maxPages / 2) * pageSize;
    for (const other of this.readers) {
      if (other !== reader && other.cursor < end && other.cursor >= reach) return true;
    }
    return false;
  }

  /** Reads a page, or the rest of a partial one, in one snapshot with the head. */
  private load(index: number, partial: Page | undefined): Page {
    const { pageSize } = this.options;
    const start = index * pageSize;
    const end = start + pageSize;
    const external = this.source.externalVersion();
    const from = partial ? Math.max(start, partial.scannedTo) : start;
    const { rows, head } = this.source.readRange(from, end);
    this.knownHead = Math.max(this.knownHead, head);
    let page: Page;
    if (partial) {
      partial.rows.push(...rows);
      partial.scannedTo = Math.max(partial.scannedTo, Math.min(end, head));
      partial.external = external;
      partial.stale = false;
      page = partial;
    } else {
      page = this.insert({ index, rows, events: [], scannedTo: Math.min(end, head), external, stale: false, used: this.clock });
    }
    this.openNextIfAtHead(page, head);
    return page;
  }

  /**
   * When a page ends exactly at the head, the next page is known to be empty as of the same version: opening it
   * spares every reader arriving at the page's end a read just to learn that.
   */
  private openNextIfAtHead(page: Page, head: number): void {
    const end = (page.index + 1) * this.options.pageSize;
    if (page.scannedTo !== end || head !== end || this.pages.has(page.index + 1)) return;
    this.insert({ index: page.index + 1, rows: [], events: [], scannedTo: end, external: page.external, stale: false, used: this.clock });
  }

  /** An empty page for an append that crosses into it from a complete, trusted page before it. */
  private openPageAfter(index: number, position: number): Page | undefined {
    const start = index * this.options.pageSize;
    const previous = this.pages.get(index - 1);
    if (!previous || previous.stale || previous.scannedTo !== start || position !== start + 1) return undefined;
    return this.insert({ index, rows: [], events: [], scannedTo: start, external: previous.external, stale: false, used: this.clock });
  }

  private markPartialPagesStale(): void {
    for (const page of this.pages.values()) {
      if (page.scannedTo < (page.index + 1) * this.options.pageSize) page.stale = true;
    }
  }

  private eventAt(page: Page, i: number): RecordedEvent {
    const cached = page.events[i];
    if (cached) return cached;
    const event = this.source.decode(page.rows[i] as LogRow); // callers pass i < rows.length
    page.events[i] = event;
    return event;
  }

  /**
   * Adds a page. Pages every subscription has passed are dropped then and there (a live shop keeps little more
   * than the page at the head); over the bound, the page whose next reader is furthest behind it goes, since
   * readers move forwards and it will be needed last. Among equals, the one used longest ago.
   */
  private insert(page: Page): Page {
    this.pages.set(page.index, page);
    const { pageSize, maxPages } = this.options;
    let victim: Page | undefined;
    let victimGap = Number.NEGATIVE_INFINITY;
    for (const candidate of this.pages.values()) {
      if (candidate === page) continue;
      const start = candidate.index * pageSize;
      let nearest = Number.NEGATIVE_INFINITY;
      for (const reader of this.readers) {
        if (reader.cursor < start + pageSize) nearest = Math.max(nearest, reader.cursor);
      }
      if (nearest === Number.NEGATIVE_INFINITY) {
        this.pages.delete(candidate.index);
        continue;
      }
      const gap = start - nearest;
      if (!victim || gap > victimGap || (gap === victimGap && candidate.used < victim.used)) {
        victim = candidate;
        victimGap = gap;
      }
    }
    if (victim && this.pages.size > maxPages) this.pages.delete(victim.index);
    return page;
  }
}
