import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, add, allocate, formatMoney, money, percentOf, subtract, sum, times } from './money.js';

const amount = fc.integer({ min: -10_000_000, max: 10_000_000 });

describe('money', () => {
  it('is whole minor units in one currency', () => {
    expect(() => money(1.5)).toThrow(RangeError);
    expect(() => add(money(1, 'CNY'), money(1, 'USD'))).toThrow(/CNY with USD/);
    expect(Money.safeParse({ amount: 1.5, currency: 'CNY' }).success).toBe(false);
    expect(Money.safeParse({ amount: 100, currency: 'cny' }).success).toBe(false);
    expect(formatMoney(money(123456))).toBe('CNY 1234.56');
  });

  it('adds, subtracts and multiplies exactly', () => {
    fc.assert(
      fc.property(amount, amount, fc.integer({ min: 0, max: 1000 }), (a, b, k) => {
        expect(subtract(add(money(a), money(b)), money(b))).toEqual(money(a));
        expect(times(money(a), k).amount).toBe(a * k);
        expect(sum([money(a), money(b)])).toEqual(money(a + b));
      }),
    );
  });

  it('takes a percentage rounded half away from zero, never beyond the amount', () => {
    expect(percentOf(money(1999), 1500).amount).toBe(300); // 299.85
    expect(percentOf(money(5), 5000).amount).toBe(3); // 2.5
    expect(percentOf(money(-5), 5000).amount).toBe(-3);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000 }), (a, bp) => {
        const part = percentOf(money(a), bp).amount;
        expect(part).toBeGreaterThanOrEqual(0);
        expect(part).toBeLessThanOrEqual(a);
        expect(Math.abs(part - (a * bp) / 10_000)).toBeLessThanOrEqual(0.5);
      }),
    );
  });

  it('allocates a total over weights to the last minor unit', () => {
    expect(allocate(money(100), [1, 1, 1]).map((m) => m.amount)).toEqual([34, 33, 33]);
    expect(allocate(money(0), [0, 0]).map((m) => m.amount)).toEqual([0, 0]);
    expect(() => allocate(money(-1), [1])).toThrow(RangeError);
    expect(() => allocate(money(1), [-1, 2])).toThrow(RangeError);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 20 }), (total, weights) => {
        const shares = allocate(money(total), weights).map((m) => m.amount);
        const weightSum = weights.reduce((s, w) => s + w, 0);
        if (weightSum === 0) return;
        expect(shares.reduce((s, x) => s + x, 0)).toBe(total);
        shares.forEach((share, i) => {
          expect(share).toBeGreaterThanOrEqual(0);
          expect(Math.abs(share - (total * (weights[i] ?? 0)) / weightSum)).toBeLessThan(1 + 1e-9);
        });
      }),
    );
  });
});
