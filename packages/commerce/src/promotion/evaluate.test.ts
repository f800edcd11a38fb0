import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import { discountFor, evaluate } from './evaluate.js';
import type { Coupon } from './evaluate.js';

const coupon: Coupon = {
  status: 'enabled',
  code: 'TENOFF',
  terms: {
    currency: 'CNY',
    discount: { kind: 'fixed', amount: money(1000) },
    minimumSpend: money(0),
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: '2027-01-01T00:00:00.000Z',
    totalLimit: null,
    perUserLimit: null,
  },
  redemptions: {},
};
const now = new Date('2026-06-01T00:00:00.000Z');

describe('evaluate', () => {
  it('gives a fixed discount', () => {
    expect(evaluate(coupon, { subtotal: money(5000), userId: 'u1', now })).toEqual(E.right(money(1000)));
  });
  it('never gives more than the subtotal', () => {
    expect(evaluate(coupon, { subtotal: money(600), userId: 'u1', now })).toEqual(E.right(money(600)));
    expect(evaluate(coupon, { subtotal: money(0), userId: 'u1', now })).toEqual(E.right(money(0)));
  });
  it('says why it does not apply, the validity window before the amount', () => {
    const late = { ...coupon, terms: { ...coupon.terms, minimumSpend: money(10_000) } };
    expect(evaluate(late, { subtotal: money(1), userId: 'u1', now: new Date('2027-01-01T00:00:00.000Z') })).toEqual(
      E.left({ _tag: 'CouponNotApplicable', code: 'TENOFF', reason: 'Expired' }),
    );
  });
});

describe('discountFor', () => {
  it('rounds a percentage half away from zero to a whole minor unit', () => {
    expect(discountFor({ discount: { kind: 'percent', basisPoints: 1500, cap: null } }, money(1003))).toEqual(money(150));
    expect(discountFor({ discount: { kind: 'percent', basisPoints: 1500, cap: null } }, money(1010))).toEqual(money(152));
  });
  it('takes the whole subtotal at 100 %', () => {
    expect(discountFor({ discount: { kind: 'percent', basisPoints: 10_000, cap: null } }, money(4321))).toEqual(money(4321));
  });
});
