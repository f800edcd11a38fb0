import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POWER_BANDS, powerBandOf, quintileScores, recencyThresholdScore, scoreCustomers, segmentOf, thresholdScore } from './rfm.js';

describe('RFM scoring', () => {
  it('scores quintiles by rank, ties alike', () => {
    expect(quintileScores([10, 20, 30, 40, 50])).toEqual([1, 2, 3, 4, 5]);
    expect(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(quintileScores([7, 7, 7])).toEqual([1, 1, 1]);
    expect(quintileScores([5, 1, 5, 1])).toEqual([3, 1, 3, 1]);
  });

  it('keeps quintile scores in 1..5 and never lower for a better value', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 40 }), (values) => {
        const scores = quintileScores(values);
        values.forEach((a, i) =>
          values.forEach((b, j) => {
            if (a > b) expect(scores[i]).toBeGreaterThanOrEqual(scores[j] ?? 0);
            if (a === b) expect(scores[i]).toBe(scores[j]);
          }),
        );
        for (const score of scores) expect(score >= 1 && score <= 5).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('ranks recency the other way: fewer days since the last order is better', () => {
    const scores = scoreCustomers(
      [
        { recencyDays: 1, frequency: 1, monetary: 100 },
        { recencyDays: 300, frequency: 9, monetary: 9000 },
      ],
      { kind: 'quintiles' },
    );
    expect(scores).toEqual([
      { r: 3, f: 1, m: 1 },
      { r: 1, f: 3, m: 3 },
    ]);
  });

  it('scores by fixed cut points', () => {
    const cuts = [30, 90, 180, 365] as const;
    expect([0, 30, 31, 90, 91, 200, 400].map((days) => recencyThresholdScore(days, cuts))).toEqual([5, 5, 4, 4, 3, 2, 1]);
    expect([0, 1, 2, 5, 10, 11].map((n) => thresholdScore(n, [2, 3, 5, 10]))).toEqual([1, 1, 2, 4, 5, 5]);
  });

  it('names segments by the first rule that holds', () => {
    expect(segmentOf({ r: 5, f: 5, m: 5 })).toBe('champions');
    expect(segmentOf({ r: 3, f: 4, m: 1 })).toBe('loyal');
    expect(segmentOf({ r: 5, f: 1, m: 1 })).toBe('new');
    expect(segmentOf({ r: 1, f: 3, m: 5 })).toBe('at_risk');
    expect(segmentOf({ r: 2, f: 2, m: 5 })).toBe('hibernating');
    expect(segmentOf({ r: 3, f: 3, m: 3 })).toBe('potential');
  });

  it('puts spend in purchasing-power bands', () => {
    expect([0, 19_999, 20_000, 99_999, 100_000, 500_000, -100].map((m) => powerBandOf(m, DEFAULT_POWER_BANDS))).toEqual([
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'premium',
      'low',
    ]);
    expect(powerBandOf(5, [{ name: 'big', from: 10 }])).toBeNull();
  });
});
