import { z } from 'zod';

/**
 * Money is an integer count of minor units (fen for CNY) and an ISO 4217 code; never a float, so sums,
 * refunds and discounts are exact.
 */
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY');
export type Currency = z.infer<typeof Currency>;

export const Money = z.strictObject({
  amount: z.number().int().safe(),
  currency: Currency,
});
export type Money = z.infer<typeof Money>;

/** Money that cannot be negative: prices, totals, captured and refunded amounts. */
export const NonNegativeMoney = Money.refine((m) => m.amount >= 0, 'amount must not be negative');

export const money = (amount: number, currency: Currency = 'CNY'): Money => {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`money is a whole number of minor units, not ${amount}`);
  return { amount, currency };
};

export const zero = (currency: Currency = 'CNY'): Money => ({ amount: 0, currency });

const same = (a: Money, b: Money): void => {
  if (a.currency !== b.currency) throw new RangeError(`cannot combine ${a.currency} with ${b.currency}`);
};

export const add = (a: Money, b: Money): Money => {
  same(a, b);
  return money(a.amount + b.amount, a.currency);
};

export const subtract = (a: Money, b: Money): Money => {
  same(a, b);
  return money(a.amount - b.amount, a.currency);
};

export const times = (a: Money, factor: number): Money => {
  if (!Number.isSafeInteger(factor)) throw new RangeError(`a quantity is a whole number, not ${factor}`);
  return money(a.amount * factor, a.currency);
};

export const sum = (items: readonly Money[], currency: Currency = 'CNY'): Money => items.reduce(add, zero(currency));

export const min = (a: Money, b: Money): Money => {
  same(a, b);
  return a.amount <= b.amount ? a : b;
};

/**
 * `basisPoints` of an amount (10,000 = 100 %), rounded half away from zero to a whole minor unit, so a
 * percentage discount is exact and the same on every machine.
 */
export const percentOf = (a: Money, basisPoints: number): Money => {
  if (!Number.isSafeInteger(basisPoints)) throw new RangeError('basis points are a whole number');
  const raw = (a.amount * basisPoints) / 10_000;
  return money(Math.sign(raw) * Math.round(Math.abs(raw)), a.currency);
};

/** Splits an amount over weights in proportion, minor units left over going to the largest weights first. */
export const allocate = (total: Money, weights: readonly number[]): Money[] => {
  if (total.amount < 0) throw new RangeError('only a non-negative amount can be allocated');
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) throw new RangeError('weights must be finite and non-negative');
  const weightSum = weights.reduce((s, w) => s + w, 0);
  if (weightSum <= 0) return weights.map(() => zero(total.currency));
  const shares = weights.map((w) => Math.floor((total.amount * w) / weightSum));
  let remainder = total.amount - shares.reduce((s, x) => s + x, 0);
  const order = weights.map((w, i) => [w, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; remainder > 0; k = (k + 1) % order.length, remainder--) {
    const index = (order[k] as readonly [number, number])[1];
    shares[index] = (shares[index] ?? 0) + 1;
  }
  return shares.map((amount) => money(amount, total.currency));
};

export const formatMoney = (m: Money): string => `${m.currency} ${(m.amount / 100).toFixed(2)}`;
