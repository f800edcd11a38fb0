import { deciderSpecification } from '@shopstream/kernel/testing';
import { describe, it } from 'vitest';
import { money } from '../shared/money.js';
import { couponDecider } from './decider.js';
import type { NotApplicableReason, PromotionError } from './errors.js';
import type { PromotionEvent } from './events.js';
import type { CouponTerms } from './values.js';

const code = 'SPRING20';
const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const [order1, order2, order3] = [id(1), id(2), id(3)] as const;
const now = new Date('2026-03-15T00:00:00.000Z');
const spec = deciderSpecification(couponDecider, { now });

const terms: CouponTerms = {
  currency: 'CNY',
  discount: { kind: 'percent', basisPoints: 2000, cap: money(5000) },
  minimumSpend: money(10_000),
  validFrom: '2026-03-01T00:00:00.000Z',
  validUntil: '2026-04-01T00:00:00.000Z',
  totalLimit: 2,
  perUserLimit: 1,
};
const created: PromotionEvent = { type: 'CouponCreated', data: { code, terms } };
const redeemed = (orderId: string, userId: string, subtotal = 12_000, discount = 2400): PromotionEvent => ({
  type: 'CouponRedeemed',
  data: { code, orderId, userId, subtotal: money(subtotal), discount: money(discount) },
});
const released = (orderId: string, userId: string): PromotionEvent => ({
  type: 'CouponRedemptionReleased',
  data: { code, orderId, userId, reason: 'order cancelled' },
});
const redeem = (orderId: string, userId: string, subtotal = 12_000) => ({ type: 'RedeemCoupon', code, orderId, userId, subtotal: money(subtotal) }) as const;
const notApplicable = (reason: NotApplicableReason): PromotionError => ({ _tag: 'CouponNotApplicable', code, reason });

describe('CreateCoupon', () => {
  it('creates an enabled coupon', () => {
    spec.given([]).when({ type: 'CreateCoupon', code, terms }).then([created]);
  });
  it('refuses a code that is taken', () => {
    spec.given([created]).when({ type: 'CreateCoupon', code, terms }).then({ _tag: 'CouponAlreadyExists', code });
  });
  it('refuses terms that could never apply', () => {
    spec
      .given([])
      .when({ type: 'CreateCoupon', code, terms: { ...terms, validUntil: terms.validFrom, minimumSpend: money(1, 'USD') } })
      .then({ _tag: 'InvalidCouponTerms', code, problems: ['EmptyValidityWindow', 'CurrencyMismatch'] });
    spec
      .given([])
      .when({ type: 'CreateCoupon', code, terms: { ...terms, discount: { kind: 'fixed', amount: money(500, 'EUR') } } })
      .then({ _tag: 'InvalidCouponTerms', code, problems: ['CurrencyMismatch'] });
  });
});

describe('DisableCoupon and EnableCoupon', () => {
  const disabled: PromotionEvent = { type: 'CouponDisabled', data: { code, reason: 'abused' } };
  it('disables and enables again', () => {
    spec.given([created]).when({ type: 'DisableCoupon', code, reason: 'abused' }).then([disabled]);
    spec.given([created, disabled]).when({ type: 'EnableCoupon', code }).then([{ type: 'CouponEnabled', data: { code } }]);
  });
  it('records nothing when already so', () => {
    spec.given([created, disabled]).when({ type: 'DisableCoupon', code, reason: 'again' }).then([]);
    spec.given([created]).when({ type: 'EnableCoupon', code }).then([]);
  });
  it('refuses a coupon that does not exist', () => {
    spec.given([]).when({ type: 'DisableCoupon', code, reason: 'x' }).then({ _tag: 'CouponNotFound', code });
    spec.given([]).when({ type: 'EnableCoupon', code }).then({ _tag: 'CouponNotFound', code });
  });
  it('a disabled coupon does not apply', () => {
    spec.given([created, disabled]).when(redeem(order1, 'u1')).then(notApplicable('Disabled'));
  });
});

describe('RedeemCoupon', () => {
  it('grants the percentage of the subtotal', () => {
    spec.given([created]).when(redeem(order1, 'u1')).then([redeemed(order1, 'u1')]);
  });
  it('caps a percentage discount', () => {
    spec.given([created]).when(redeem(order1, 'u1', 40_000)).then([redeemed(order1, 'u1', 40_000, 5000)]);
  });
  it('is idempotent for the same order, even once the coupon has run out', () => {
    spec.given([created, redeemed(order1, 'u1'), redeemed(order2, 'u2')]).when(redeem(order1, 'u1')).then([]);
  });
  it('refuses to redeem again for an order whose redemption was released', () => {
    spec.given([created, redeemed(order1, 'u1'), released(order1, 'u1')]).when(redeem(order1, 'u1')).then({ _tag: 'CouponRedemptionAlreadyReleased', code, orderId: order1 });
  });
  it('refuses before the validity window', () => {
    spec.given([created]).when(redeem(order1, 'u1'), { now: new Date('2026-02-28T23:59:59.999Z') }).then(notApplicable('NotYetValid'));
  });
  it('refuses from the end of the validity window', () => {
    spec.given([created]).when(redeem(order1, 'u1'), { now: new Date(terms.validUntil) }).then(notApplicable('Expired'));
  });
  it('refuses a subtotal in another currency', () => {
    spec.given([created]).when({ ...redeem(order1, 'u1'), subtotal: money(12_000, 'USD') }).then(notApplicable('CurrencyMismatch'));
  });
  it('refuses a subtotal below the minimum spend', () => {
    spec.given([created]).when(redeem(order1, 'u1', 9_999)).then(notApplicable('MinimumSpendNotMet'));
  });
  it('refuses once the total limit is reached', () => {
    spec.given([created, redeemed(order1, 'u1'), redeemed(order2, 'u2')]).when(redeem(order3, 'u3')).then(notApplicable('TotalLimitReached'));
  });
  it('refuses once the user has used it as often as allowed', () => {
    spec.given([created, redeemed(order1, 'u1')]).when(redeem(order2, 'u1')).then(notApplicable('PerUserLimitReached'));
  });
  it('no longer counts a released redemption against the limits', () => {
    spec.given([created, redeemed(order1, 'u1'), released(order1, 'u1')]).when(redeem(order2, 'u1')).then([redeemed(order2, 'u1')]);
  });
  it('refuses a coupon that does not exist', () => {
    spec.given([]).when(redeem(order1, 'u1')).then({ _tag: 'CouponNotFound', code });
  });
});

describe('ReleaseCouponRedemption', () => {
  const release = { type: 'ReleaseCouponRedemption', code, orderId: order1, reason: 'order cancelled' } as const;
  it('releases a redemption', () => {
    spec.given([created, redeemed(order1, 'u1')]).when(release).then([released(order1, 'u1')]);
  });
  it('is idempotent', () => {
    spec.given([created, redeemed(order1, 'u1'), released(order1, 'u1')]).when(release).then([]);
  });
  it('refuses an order that never redeemed the coupon', () => {
    spec.given([created]).when(release).then({ _tag: 'CouponRedemptionNotFound', code, orderId: order1 });
  });
  it('refuses a coupon that does not exist', () => {
    spec.given([]).when(release).then({ _tag: 'CouponNotFound', code });
  });
});
