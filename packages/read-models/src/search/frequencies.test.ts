import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldTerms } from './documents.js';
import { TEXT_FIELDS } from './documents.js';
import { frequenciesOf, needleOf, packFrequencies, weightedFrequency } from './frequencies.js';

const term = fc.constantFrom('华为', '手机', 'mate', '60', 'mate60', '1.5', 'a', 'ab', 'b');
const fields: fc.Arbitrary<FieldTerms> = fc.record({
  title: fc.array(term, { maxLength: 8 }),
  brand: fc.array(term, { maxLength: 3 }),
  category: fc.array(term, { maxLength: 3 }),
  attributes: fc.array(term, { maxLength: 4 }),
  description: fc.array(term, { maxLength: 10 }),
});

describe('packed term frequencies', () => {
  it('property: give back each term its count in every field, and nothing for a missing term', () => {
    fc.assert(
      fc.property(fields, term, (f, t) => {
        const packed = packFrequencies(f);
        const expected = TEXT_FIELDS.map((field) => f[field].filter((x) => x === t).length);
        expect(frequenciesOf(packed, t)).toEqual(expected.some((n) => n > 0) ? expected : null);
      }),
      { numRuns: 50 },
    );
  });

  it('never takes a term for another it begins or ends like', () => {
    const packed = packFrequencies({ title: ['ab'], brand: [], category: [], attributes: [], description: [] });
    expect(frequenciesOf(packed, 'a')).toBeNull();
    expect(frequenciesOf(packed, 'b')).toBeNull();
    expect(frequenciesOf(packed, 'ab')).toEqual([1, 0, 0, 0, 0]);
  });
});

describe('weighted frequency', () => {
  it('property: equals the weighted sum of the unpacked frequencies', () => {
    fc.assert(
      fc.property(fields, term, fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 5, maxLength: 5 }), (f, t, weights) => {
        const packed = packFrequencies(f);
        const expected = (frequenciesOf(packed, t) ?? []).reduce((sum, count, i) => sum + count * (weights[i] ?? 0), 0);
        expect(weightedFrequency(packed, needleOf(t), weights)).toBeCloseTo(expected, 9);
      }),
      { numRuns: 50 },
    );
  });
});
