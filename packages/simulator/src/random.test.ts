import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './random.js';

describe('seededRandom', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const draw = (s: number) => {
          const random = seededRandom(s);
          return Array.from({ length: 20 }, () => random.next());
        };
        expect(draw(seed)).toEqual(draw(seed));
        expect(draw(seed)).not.toEqual(draw((seed + 1) >>> 0));
      }),
    );
  });

  it('keeps every draw in its range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 100 }), (seed, min, span) => {
        const random = seededRandom(seed);
        for (let i = 0; i < 50; i++) {
          const n = random.int(min, min + span);
          expect(n).toBeGreaterThanOrEqual(min);
          expect(n).toBeLessThanOrEqual(min + span);
          const f = random.next();
          expect(f).toBeGreaterThanOrEqual(0);
          expect(f).toBeLessThan(1);
        }
      }),
    );
  });

  it('makes well-formed, distinct UUIDs', () => {
    const random = seededRandom(7);
    const ids = Array.from({ length: 1_000 }, () => random.uuid());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws weighted picks in proportion to their weights', () => {
    const random = seededRandom(42);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 20_000; i++) counts[random.weighted([['a', 1], ['b', 3]] as const)] += 1;
    expect(counts.b / counts.a).toBeGreaterThan(2.7);
    expect(counts.b / counts.a).toBeLessThan(3.3);
  });

  it('samples distinct items', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer(), { maxLength: 30 }), fc.nat(40), (seed, items, count) => {
        const unique = [...new Set(items)];
        const sample = seededRandom(seed).sample(unique, count);
        expect(sample.length).toBe(Math.min(count, unique.length));
        expect(new Set(sample).size).toBe(sample.length);
        for (const item of sample) expect(unique).toContain(item);
      }),
    );
  });

  it('forks streams that do not depend on later draws of the parent', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const forkA = a.fork('customer-1');
    const forkB = b.fork('customer-1');
    b.next();
    expect(Array.from({ length: 5 }, () => forkA.next())).toEqual(Array.from({ length: 5 }, () => forkB.next()));
  });
});
