/** Why a coupon gives no discount to this subtotal, shopper and moment. */
export type NotApplicableReason =
  | 'Disabled'
  | 'NotYetValid'
  | 'Expired'
  | 'CurrencyMismatch'
  | 'MinimumSpendNotMet'
  | 'TotalLimitReached'
  | 'PerUserLimitReached';

export interface CouponNotApplicable {
  readonly _tag: 'CouponNotApplicable';
  readonly code: string;
  readonly reason: NotApplicableReason;
}

/** Terms that could never work: an empty validity window, or amounts in another currency than the coupon's. */
export type TermsProblem = 'EmptyValidityWindow' | 'CurrencyMismatch';

export type PromotionError =
  | CouponNotApplicable
  | { readonly _tag: 'CouponNotFound'; readonly code: string }
  | { readonly _tag: 'CouponAlreadyExists'; readonly code: string }
  | { readonly _tag: 'InvalidCouponTerms'; readonly code: string; readonly problems: readonly TermsProblem[] }
  | { readonly _tag: 'CouponRedemptionNotFound'; readonly code: string; readonly orderId: string }
  /** The order's redemption was released (the order was cancelled); a late retry must not redeem it again. */
  | { readonly _tag: 'CouponRedemptionAlreadyReleased'; readonly code: string; readonly orderId: string };

export type PromotionErrorTag = PromotionError['_tag'];
