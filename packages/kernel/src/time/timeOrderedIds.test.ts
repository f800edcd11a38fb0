import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timeOfTimeOrderedId, timeOrderedIdGenerator, timeOrderedIds } from './timeOrderedIds.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Milliseconds from 1970 up to the end of UUIDv7's 48 bits. */
const instant = fc.integer({ min: 0, max: 2 ** 48 - 1 - 10_000 });

describe('timeOrderedIdGenerator', () => {
  it('makes RFC 9562 version 7 UUIDs carrying the millisecond they were made in', () => {
    const at = Date.UTC(2026, 11, 7, 16, 30);
    const id = timeOrderedIdGenerator({ now: () => at }).next();
    expect(id).toMatch(UUID_V7);
    expect(timeOfTimeOrderedId(id)).toBe(at);
    expect(id.slice(0, 13)).toBe(`${at.toString(16).padStart(12, '0').slice(0, 8)}-${at.toString(16).padStart(12, '0').slice(8)}`);
  });

  it('answers strictly increasing ids whatever the clock does, backwards steps and crowded milliseconds included', () => {
    fc.assert(
      fc.property(instant, fc.array(fc.integer({ min: -5_000, max: 5_000 }), { minLength: 1, maxLength: 60 }), fc.array(fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: fc.integer({ min: 4_000, max: 5_000 }) }), { maxLength: 60 }), (start, steps, bursts) => {
        let clock = start;
        const ids = timeOrderedIdGenerator({ now: () => clock });
        let previous = '';
        steps.forEach((step, i) => {
          clock = Math.min(Math.max(0, clock + step), 2 ** 48 - 1 - 10_000);
          // Some readings of the clock make many ids at once, past the counter's 4,096 per millisecond.
          for (let n = 0; n < (bursts[i] ?? 1); n += 1) {
            const id = ids.next();
            expect(id).toMatch(UUID_V7);
            expect(id > previous).toBe(true);
            previous = id;
          }
        });
      }),
      { numRuns: 100 },
    );
  });

  it('borrows a millisecond only when the clock stands still past 4,096 ids or steps back, and never drifts otherwise', () => {
    let clock = 1_000_000;
    const ids = timeOrderedIdGenerator({ now: () => clock });
    const first = Array.from({ length: 4_097 }, () => ids.next());
    expect(first.slice(0, 4_096).every((id) => timeOfTimeOrderedId(id) === 1_000_000)).toBe(true);
    expect(timeOfTimeOrderedId(first[4_096] ?? '')).toBe(1_000_001);
    clock = 999_000;
    expect(timeOfTimeOrderedId(ids.next())).toBe(1_000_001);
    clock = 1_000_050;
    expect(timeOfTimeOrderedId(ids.next())).toBe(1_000_050);
  });

  it('differs between generators reading the same millisecond, by the random bits', () => {
    const seen = new Set<string>();
    for (let g = 0; g < 200; g += 1) {
      const ids = timeOrderedIdGenerator({ now: () => 42 });
      for (let n = 0; n < 50; n += 1) seen.add(ids.next());
    }
    expect(seen.size).toBe(10_000);
  });

  it('takes its random bits from the source it is given, drawing them in blocks', () => {
    let draws = 0;
    const ids = timeOrderedIdGenerator({
      now: () => 7,
      random: (bytes) => {
        draws += 1;
        bytes.fill(0xff);
      },
    });
    const made = Array.from({ length: 300 }, () => ids.next());
    expect(draws).toBe(2);
    // The variant's two bits are set over whatever the source gave.
    expect(made[0]).toBe('00000000-0007-7000-bfff-ffffffffffff');
  });

  it('is the process default, and tells no time for ids of other versions', () => {
    expect(timeOrderedIds.next()).toMatch(UUID_V7);
    expect(timeOfTimeOrderedId('9827f50d-d32a-42ce-873e-8b85b18f586f')).toBeUndefined();
    expect(timeOfTimeOrderedId('not an id')).toBeUndefined();
  });
});
