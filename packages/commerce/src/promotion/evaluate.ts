import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import { min, money, percentOf, zero } from '../shared/money.js';
import type { Money } from '../shared/money.js';
import type { CouponNotApplicable, NotApplicableReason } from './errors.js';
import type { CouponTerms } from './values.js';

export interface Redemption {
  readonly userId: string;
  readonly discount: Money;
  /** Released redemptions stay on record (so a late retry is recognised) but no longer count. */
  readonly released: boolean;
}

/** A coupon that exists. */
export interface Coupon {
  readonly status: 'enabled' | 'disabled';
  readonly code: string;
  readonly terms: CouponTerms;
  /** By order id. */
  readonly redemptions: Readonly<Record<string, Redemption>>;
}

export interface Evaluation {
  readonly subtotal: Money;
  readonly userId: string;
  readonly now: Date;
}

/**
 * The discount the terms give on a subtotal, ignoring when and by whom: never negative and never more than the
 * subtotal, so an order total can never go below zero.
 */
export const discountFor = (terms: Pick<CouponTerms, 'discount'>, subtotal: Money): Money => {
  if (subtotal.amount <= 0) return zero(subtotal.currency);
  const raw = match(terms.discount)
    .with({ kind: 'fixed' }, ({ amount }) => money(amount.amount, subtotal.currency))
    .with({ kind: 'percent' }, ({ basisPoints, cap }) => {
      const share = percentOf(subtotal, basisPoints);
      return cap === null ? share : min(share, money(cap.amount, subtotal.currency));
    })
    .exhaustive();
  return min(money(Math.max(0, raw.amount), subtotal.currency), subtotal);
};

const activeRedemptions = (coupon: Coupon): Redemption[] => Object.values(coupon.redemptions).filter((r) => !r.released);

/** The first reason, in the order a shopper would want to hear them, that the coupon does not apply. */
const whyNot = (coupon: Coupon, { subtotal, userId, now }: Evaluation): NotApplicableReason | null => {
  const { terms } = coupon;
  const at = now.getTime();
  if (coupon.status === 'disabled') return 'Disabled';
  if (at < Date.parse(terms.validFrom)) return 'NotYetValid';
  if (at >= Date.parse(terms.validUntil)) return 'Expired';
  if (subtotal.currency !== terms.currency) return 'CurrencyMismatch';
  if (subtotal.amount < terms.minimumSpend.amount) return 'MinimumSpendNotMet';
  const active = activeRedemptions(coupon);
  if (terms.totalLimit !== null && active.length >= terms.totalLimit) return 'TotalLimitReached';
  if (terms.perUserLimit !== null && active.filter((r) => r.userId === userId).length >= terms.perUserLimit) return 'PerUserLimitReached';
  return null;
};

/** What the coupon takes off this subtotal for this shopper now, or why it does not apply. Pure. */
export const evaluate = (coupon: Coupon, evaluation: Evaluation): Either<CouponNotApplicable, Money> => {
  const reason = whyNot(coupon, evaluation);
  return reason === null ? E.right(discountFor(coupon.terms, evaluation.subtotal)) : E.left({ _tag: 'CouponNotApplicable', code: coupon.code, reason });
};
