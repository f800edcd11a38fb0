import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Directions } from './order.js';
import { compareKeys, pageAfter } from './order.js';

const item = fc.record({ key: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b', 'c')), id: fc.string({ minLength: 1, maxLength: 3 }) });
const items = fc.uniqueArray(item, { selector: (i) => i.id, maxLength: 40 });
const directions = fc.tuple(fc.constantFrom<1 | -1>(1, -1), fc.constantFrom<1 | -1>(1, -1));

describe('pageAfter', () => {
  it('property: pages walked from the start visit the sorted items once each, in order', () => {
    fc.assert(
      fc.property(items, directions, fc.integer({ min: 1, max: 7 }), (all, d: Directions, limit: number) => {
        const sorted = [...all].sort((a, b) => compareKeys(d, a, b));
        const seen: typeof all = [];
        let after: { k: (number | string)[]; id: string } | null = null;
        for (let guard = 0; guard <= all.length; guard++) {
          const result: { page: typeof all; more: boolean } = pageAfter(all, d, after, limit);
          const { page, more } = result;
          seen.push(...page);
          const last: (typeof all)[number] | undefined = page.at(-1);
          if (!more || last === undefined) break;
          after = { k: [...last.key], id: last.id };
        }
        expect(seen).toEqual(sorted);
      }),
      { numRuns: 50 },
    );
  });
});
