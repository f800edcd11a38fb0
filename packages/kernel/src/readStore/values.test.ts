import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonCopy, sameJson } from './values.js';

const refuse = (reason: string): never => {
  throw new Error(reason);
};
/** Field names a document may have; integer-like ones too, which objects list first whatever the insertion order. */
const key = fc.stringMatching(/^[a-z0-9_]{1,6}$/);
/** Stored values: JSON as jsonCopy leaves it (no undefined, no -0). */
const stored = fc
  .letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -3, max: 3 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ maxLength: 3 }),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    ),
  }))
  .value.map((value) => jsonCopy(value, '$', refuse));

describe('sameJson', () => {
  it('answers what comparing the JSON texts answers, for unrelated values', () => {
    fc.assert(
      fc.property(stored, stored, (a, b) => {
        expect(sameJson(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
      { numRuns: 200 },
    );
  });

  it('holds a copy the same, and a copy with one field changed or keys reordered not', () => {
    const documents = fc.dictionary(key, stored, { minKeys: 2 });
    fc.assert(
      fc.property(documents, fc.string(), (document, replacement) => {
        const copy = structuredClone(document);
        expect(sameJson(document, copy)).toBe(true);
        const [first] = Object.keys(document);
        const changed = { ...copy, [first as string]: replacement };
        expect(sameJson(document, changed)).toBe(JSON.stringify(document) === JSON.stringify(changed));
        const reordered = Object.fromEntries(Object.entries(copy).reverse());
        expect(sameJson(document, reordered)).toBe(JSON.stringify(document) === JSON.stringify(reordered));
      }),
      { numRuns: 100 },
    );
  });

  it('tells arrays from objects and nulls, and lengths apart', () => {
    expect(sameJson([], {})).toBe(false);
    expect(sameJson({}, [])).toBe(false);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson([1, 2], [1, 2, 3])).toBe(false);
    expect(sameJson({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
  });
});
