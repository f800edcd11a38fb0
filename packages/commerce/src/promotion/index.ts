import { streamName } from '@shopstream/kernel';

/** The stream of one coupon, named by its code. */
export const couponStream = (code: string): string => streamName('coupon', code);

// Values
export { CouponCode, CouponDiscount, CouponTerms } from './values.js';

// Events
export { CouponCreated, CouponDisabled, CouponEnabled, CouponRedeemed, CouponRedemptionReleased, promotionEvents } from './events.js';
export type { PromotionEvent } from './events.js';

// Commands
export { CreateCoupon, DisableCoupon, EnableCoupon, RedeemCoupon, ReleaseCouponRedemption, PromotionCommand } from './commands.js';

// Errors
export type { CouponNotApplicable, NotApplicableReason, PromotionError, PromotionErrorTag, TermsProblem } from './errors.js';

// Decider and evaluation
export { couponDecider } from './decider.js';
export type { CouponState } from './decider.js';
export { evaluate, discountFor } from './evaluate.js';
export type { Coupon, Evaluation, Redemption } from './evaluate.js';
