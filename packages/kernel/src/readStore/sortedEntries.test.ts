import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedEntries, scalarKeys } from './sortedEntries.js';
import { compareValues } from './values.js';

type Entry = readonly [number, string];
const order = (a: Entry, b: Entry): number => compareValues(a[0], b[0]) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

describe('sorted entries', () => {
  it('hold exactly the entries inserted and not removed, in (key, _id) order, across chunk splits and emptied chunks', () => {
    // Enough entries to split chunks of 512 several times over, with few keys so that ids break most ties.
    const step = fc.tuple(fc.integer({ min: 0, max: 3 }).map((n) => n > 0), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 200 }));
    fc.assert(
      fc.property(fc.array(step, { minLength: 2500, maxLength: 5000 }), fc.boolean(), (steps, bulk) => {
        const model = new Map<string, Entry>();
        const entries = bulk ? SortedEntries.fromUnsorted(scalarKeys, { keys: [], ids: [] }) : new SortedEntries(scalarKeys);
        for (const [insert, key, n] of steps) {
          const id = `d${n}`;
          const entryId = `${key}/${id}`;
          if (insert && !model.has(entryId)) {
            entries.insert(key, id);
            model.set(entryId, [key, id]);
          } else if (!insert) {
            expect(entries.remove(key, id)).toBe(model.delete(entryId));
          }
        }
        const held: Entry[] = [];
        entries.scan(null, null, (key, id) => {
          held.push([key as number, id]);
        });
        expect(held).toEqual([...model.values()].sort(order));
        expect(entries.size).toBe(model.size);
        const bound = { value: 20, inclusive: true };
        const twenty: string[] = [];
        entries.scan(bound, bound, (_, id) => {
          twenty.push(id);
        });
        expect(twenty).toEqual(held.filter(([key]) => key === 20).map(([, id]) => id));
      }),
      { numRuns: 30 },
    );
  });
});
