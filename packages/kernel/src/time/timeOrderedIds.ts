import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from './clock.js';

/** Where a generator gets its milliseconds and random bytes: injected, so tests can run time backwards. */
export interface TimeOrderedIdSources {
  /** Unix time in milliseconds; the system clock by default. */
  readonly now?: () => number;
  /** Fills the array with random bytes; `crypto.randomFillSync` by default. */
  readonly random?: (bytes: Uint8Array) => void;
}

const MAX_COUNTER = 0xfff;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Random bytes drawn 256 ids at a time: one call into the system's generator per 4 KiB, not per id. */
const POOL_IDS = 256;

/**
 * UUIDv7 (RFC 9562, section 5.7): 48 bits of Unix milliseconds, the version, a 12-bit counter (the RFC's method 1,
 * "fixed bit-length dedicated counter"), the variant and 62 random bits.
 *
 * Why the shop's ids are these rather than random (version 4) UUIDs: an id that grows with time lands at the right
 * end of every B-tree index it is a key of (the event store's `id` index, the streams named after an aggregate's
 * id, the read store's `_id`s), so a commit dirties a few pages at the edge instead of one random page per key:
 * about 8% less server CPU per order in the HTTP checkout benchmark (docs/benchmarks.md). What they give away is
 * the millisecond they were made, which the events they name record anyway.
 *
 * Ids from one generator are strictly increasing, as strings too: within a millisecond the counter orders them,
 * and a clock that steps back (NTP) or a counter that runs out (4,096 ids in one millisecond) borrows the next
 * millisecond instead of going back. Uniqueness across processes rests on the 62 random bits per
 * (millisecond, counter).
 */
export const timeOrderedIdGenerator = (sources: TimeOrderedIdSources = {}): IdGenerator => {
  const now = sources.now ?? Date.now;
  const random = sources.random ?? ((bytes: Uint8Array) => void randomFillSync(bytes));
  const pool = new Uint8Array(16 * POOL_IDS);
  let used = pool.length;
  let lastMs = -1;
  let counter = 0;
  return {
    next: () => {
      if (used === pool.length) {
        random(pool);
        used = 0;
      }
      const b = pool.subarray(used, used + 16);
      used += 16;
      const ms = now();
      if (ms > lastMs) {
        lastMs = ms;
        counter = 0;
      } else if (counter < MAX_COUNTER) {
        counter += 1;
      } else {
        lastMs += 1;
        counter = 0;
      }
      // 48 bits do not fit the 32-bit bitwise operators: the top 16 by division.
      const high = Math.floor(lastMs / 2 ** 32);
      b[0] = (high >>> 8) & 0xff;
      b[1] = high & 0xff;
      b[2] = (lastMs >>> 24) & 0xff;
      b[3] = (lastMs >>> 16) & 0xff;
      b[4] = (lastMs >>> 8) & 0xff;
      b[5] = lastMs & 0xff;
      b[6] = 0x70 | (counter >>> 8);
      b[7] = counter & 0xff;
      b[8] = 0x80 | ((b[8] ?? 0) & 0x3f);
      let id = '';
      for (let i = 0; i < 16; i += 1) {
        id += HEX[b[i] ?? 0];
        if (i === 3 || i === 5 || i === 7 || i === 9) id += '-';
      }
      return id;
    },
  };
};

/** The process's UUIDv7 generator: the default ids of the shop, its command handlers and its event stores. */
export const timeOrderedIds: IdGenerator = timeOrderedIdGenerator();

/** The millisecond a UUIDv7 was made in, or undefined for any other string. */
export const timeOfTimeOrderedId = (id: string): number | undefined => {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)) return undefined;
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
};
