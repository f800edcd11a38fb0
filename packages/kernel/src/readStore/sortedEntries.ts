import { compareValues } from './values.js';

export const compareKeys = (a: readonly unknown[], b: readonly unknown[]): number => {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
};

/** A bound on the first key field: entries compare against `value` alone. */
export interface Bound {
  readonly value: unknown;
  readonly inclusive: boolean;
}

/** Whether a first key field lies within the bounds, exactly as `scan` decides it. */
export const withinBounds = (value: unknown, lower: Bound | null, upper: Bound | null): boolean => {
  if (lower !== null) {
    const c = compareValues(value, lower.value);
    if (c < 0 || (c === 0 && !lower.inclusive)) return false;
  }
  if (upper !== null) {
    const u = compareValues(value, upper.value);
    if (u > 0 || (u === 0 && !upper.inclusive)) return false;
  }
  return true;
};

/**
 * How an index's entries hold their keys: a single-field index keeps the key value itself, a compound one the
 * tuple of values. Either way the entries sort by key, then by `_id`.
 */
export interface KeyShape {
  readonly compare: (a: unknown, b: unknown) => number;
  /** The first key field, which bounds compare against. */
  readonly first: (key: unknown) => unknown;
}

export const scalarKeys: KeyShape = { compare: compareValues, first: (key) => key };
export const tupleKeys: KeyShape = { compare: (a, b) => compareKeys(a as unknown[], b as unknown[]), first: (key) => (key as unknown[])[0] };

/** Entries being collected for `SortedEntries.fromUnsorted`: keys and `_id`s side by side. */
export interface UnsortedEntries {
  readonly keys: unknown[];
  readonly ids: string[];
}

const CHUNK = 512;

/**
 * Index entries (key, `_id`) kept in order as a list of sorted chunks (the layout of Python's sortedcontainers):
 * insert and delete touch one chunk of at most 2×512 entries, a lookup is two binary searches, and a range is a
 * walk along the chunks. Each chunk is two parallel arrays, keys and `_id`s, so an entry costs two array slots
 * rather than an object and a key array of its own (16 bytes against about 200: the entries of a million
 * documents' indexes were most of a restarted store's heap).
 */
export class SortedEntries {
  #keys: unknown[][] = [];
  #ids: string[][] = [];
  #size = 0;

  constructor(readonly shape: KeyShape) {}

  static fromUnsorted(shape: KeyShape, entries: UnsortedEntries): SortedEntries {
    const list = new SortedEntries(shape);
    const { keys, ids } = entries;
    const order = Array.from(keys, (_, i) => i);
    order.sort((a, b) => {
      const c = shape.compare(keys[a], keys[b]);
      if (c !== 0) return c;
      const x = ids[a] as string;
      const y = ids[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    for (let i = 0; i < order.length; i += CHUNK) {
      const slice = order.slice(i, i + CHUNK);
      list.#keys.push(slice.map((j) => keys[j]));
      list.#ids.push(slice.map((j) => ids[j] as string));
    }
    list.#size = order.length;
    return list;
  }

  get size(): number {
    return this.#size;
  }

  /** Compares the entry at `i` of `chunk` with (key, id). */
  #compareAt(chunk: number, i: number, key: unknown, id: string): number {
    const c = this.shape.compare((this.#keys[chunk] as unknown[])[i], key);
    if (c !== 0) return c;
    const other = (this.#ids[chunk] as string[])[i] as string;
    return other < id ? -1 : other > id ? 1 : 0;
  }

  /** Index of the first chunk whose last entry is >= the probe under `cmp(chunk, i)`, or the chunk count. */
  #chunkFor(cmp: (chunk: number, i: number) => number): number {
    let lo = 0;
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(mid, (this.#keys[mid] as unknown[]).length - 1) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First position in a chunk where `cmp(chunk, i) >= 0`. */
  #lowerIndex(chunk: number, cmp: (chunk: number, i: number) => number): number {
    let lo = 0;
    let hi = (this.#keys[chunk] as unknown[]).length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(chunk, mid) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Where (key, id) is or would go: the chunk whose last entry is the first >= it (the last chunk when none is),
   * and the first position in that chunk whose entry is >= it. Written out rather than through `#chunkFor` and a
   * comparison closure, since every index write of every commit lands here.
   */
  #locate(key: unknown, id: string): void {
    const chunks = this.#keys;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compareAt(mid, (chunks[mid] as unknown[]).length - 1, key, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    const chunk = lo;
    this.#foundChunk = chunk;
    if (chunk === chunks.length) return;
    lo = 0;
    hi = (chunks[chunk] as unknown[]).length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compareAt(chunk, mid, key, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.#foundAt = lo;
  }

  /** `#locate`'s answer (fields, not a returned pair, so that a lookup allocates nothing). */
  #foundChunk = 0;
  #foundAt = 0;

  insert(key: unknown, id: string): void {
    this.#size++;
    if (this.#keys.length === 0) {
      this.#keys.push([key]);
      this.#ids.push([id]);
      return;
    }
    this.#locate(key, id);
    let c = this.#foundChunk;
    let at = this.#foundAt;
    if (c === this.#keys.length) {
      // After every entry: at the end of the last chunk.
      c--;
      at = (this.#keys[c] as unknown[]).length;
    }
    const keys = this.#keys[c] as unknown[];
    const ids = this.#ids[c] as string[];
    keys.splice(at, 0, key);
    ids.splice(at, 0, id);
    if (keys.length > 2 * CHUNK) {
      this.#keys.splice(c, 1, keys.slice(0, CHUNK), keys.slice(CHUNK));
      this.#ids.splice(c, 1, ids.slice(0, CHUNK), ids.slice(CHUNK));
    }
  }

  remove(key: unknown, id: string): boolean {
    this.#locate(key, id);
    const c = this.#foundChunk;
    if (c === this.#keys.length) return false;
    const i = this.#foundAt;
    const keys = this.#keys[c] as unknown[];
    if (i === keys.length || this.#compareAt(c, i, key, id) !== 0) return false;
    keys.splice(i, 1);
    (this.#ids[c] as string[]).splice(i, 1);
    if (keys.length === 0) {
      this.#keys.splice(c, 1);
      this.#ids.splice(c, 1);
    }
    this.#size--;
    return true;
  }

  /**
   * Visits, in order, the entries whose first key field lies within the bounds (null: unbounded on that side);
   * stops early when `visit` returns false.
   */
  scan(lower: Bound | null, upper: Bound | null, visit: (key: unknown, id: string) => boolean | void): void {
    const { first } = this.shape;
    const startCmp = (chunk: number, i: number): number => {
      if (lower === null) return 1;
      const c = compareValues(first((this.#keys[chunk] as unknown[])[i]), lower.value);
      return c === 0 ? (lower.inclusive ? 1 : -1) : c;
    };
    let c = lower === null ? 0 : this.#chunkFor(startCmp);
    let i = c < this.#keys.length ? this.#lowerIndex(c, startCmp) : 0;
    for (; c < this.#keys.length; c++, i = 0) {
      const keys = this.#keys[c] as unknown[];
      const ids = this.#ids[c] as string[];
      for (; i < keys.length; i++) {
        const key = keys[i];
        if (upper !== null) {
          const u = compareValues(first(key), upper.value);
          if (u > 0 || (u === 0 && !upper.inclusive)) return;
        }
        if (visit(key, ids[i] as string) === false) return;
      }
    }
  }
}
