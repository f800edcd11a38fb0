import type { JsonValue } from '../readStore/readStore.js';
import type { Clock } from '../time/clock.js';

/**
 * What several host instances of one shop must share and the event log should not hold: sessions, idempotency
 * records, rate-limit counters, the webhook outbox. Small values under `(namespace, key)`, each with a version
 * for compare-and-set and an optional expiry. Expired entries are invisible to every read and swept later.
 */
export interface ShopStateStore {
  /** The live entry, or null when there is none or it has expired. */
  get(namespace: string, key: string): Promise<StateEntry | null>;
  /**
   * Writes the value; with `ifVersion` only when the live entry has that version (or, for 'absent', when
   * there is no live entry). Returns whether it wrote. Each write gives the entry the next version.
   */
  put(namespace: string, key: string, value: JsonValue, options?: PutOptions): Promise<boolean>;
  /** Removes the entry (with `ifVersion`, only at that version). Returns whether a live entry was removed. */
  delete(namespace: string, key: string, options?: DeleteOptions): Promise<boolean>;
  /**
   * Adds `by` (default 1) to a counter atomically and returns the new count. A missing or expired counter
   * starts again from zero with a fresh expiry of `ttlMs`; a live one keeps its expiry (a fixed window).
   */
  increment(namespace: string, key: string, options: IncrementOptions): Promise<number>;
  /** Live entries of a namespace in ascending key order, optionally only keys starting with `prefix`. */
  list(namespace: string, options?: ListOptions): Promise<readonly StateEntry[]>;
  /** Deletes every expired entry now; returns how many. Stores also do this by themselves now and then. */
  sweep(): Promise<number>;
  /** Stops the periodic sweep and releases the storage. */
  close(): Promise<void>;
}

export interface StateEntry {
  readonly namespace: string;
  readonly key: string;
  readonly value: JsonValue;
  /** 1 for the first write, then one more for each write. */
  readonly version: number;
  /** Epoch milliseconds after which the entry is gone, or null when it never expires. */
  readonly expiresAt: number | null;
}

export interface PutOptions {
  /** The entry expires this long after the write; without it the entry never expires. */
  readonly ttlMs?: number;
  /** Compare-and-set: write only over this version, or only when there is no live entry. */
  readonly ifVersion?: number | 'absent';
}

export interface DeleteOptions {
  readonly ifVersion?: number;
}

export interface IncrementOptions {
  readonly by?: number;
  /** The window of a counter that (re)starts with this increment. */
  readonly ttlMs: number;
}

export interface ListOptions {
  readonly prefix?: string;
  readonly limit?: number;
}

/** What every store takes besides its storage. */
export interface StateStoreOptions {
  /** Where expiry reads the time; tests pass a ManualClock. */
  readonly clock?: Clock;
  /** How often expired entries are deleted in the background (0: never; `sweep()` still works). */
  readonly sweepIntervalMs?: number;
}

/** How often stores sweep expired entries unless told otherwise. */
export const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

/** Validates the arguments every store shares, so that each refuses the same mistakes. */
export const checkKey = (namespace: string, key: string): void => {
  if (typeof namespace !== 'string' || namespace.length === 0) throw new TypeError('a state namespace must be a non-empty string');
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('a state key must be a non-empty string');
};

export const checkTtl = (ttlMs: number | undefined): void => {
  if (ttlMs !== undefined && (!Number.isSafeInteger(ttlMs) || ttlMs <= 0)) throw new TypeError('ttlMs must be a positive integer');
};

export const checkIncrement = (options: IncrementOptions): number => {
  checkTtl(options.ttlMs);
  const by = options.by ?? 1;
  if (!Number.isSafeInteger(by)) throw new TypeError('increment must be by a safe integer');
  return by;
};

export const checkLimit = (limit: number | undefined): void => {
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw new TypeError('limit must be an integer >= 0');
};

/** The value as JSON text: what the SQLite store keeps, and how the memory store copies, so both agree. */
export const encodeValue = (value: JsonValue): string => {
  const text = JSON.stringify(value);
  // JSON.stringify(undefined) or of a function gives undefined: not a JSON value.
  if (typeof text !== 'string') throw new TypeError('a state value must be JSON');
  return text;
};

export const decodeValue = (text: string): JsonValue => JSON.parse(text) as JsonValue;
