import { z } from 'zod';
import { NonNegativeMoney } from '../shared/money.js';
import { CouponCode, CouponTerms } from './values.js';

export const CreateCoupon = z.strictObject({ type: z.literal('CreateCoupon'), code: CouponCode, terms: CouponTerms });
export const DisableCoupon = z.strictObject({ type: z.literal('DisableCoupon'), code: CouponCode, reason: z.string().min(1).max(500) });
export const EnableCoupon = z.strictObject({ type: z.literal('EnableCoupon'), code: CouponCode });

/** Redeems the coupon for an order; the discount is worked out here, on the order's subtotal, not taken on trust. */
export const RedeemCoupon = z.strictObject({
  type: z.literal('RedeemCoupon'),
  code: CouponCode,
  orderId: z.uuid(),
  /** The shopper's user id (guests get one when they check out), for the per-user limit. */
  userId: z.string().min(1),
  subtotal: NonNegativeMoney,
});

export const ReleaseCouponRedemption = z.strictObject({
  type: z.literal('ReleaseCouponRedemption'),
  code: CouponCode,
  orderId: z.uuid(),
  reason: z.string().min(1).max(500),
});

export const PromotionCommand = z.discriminatedUnion('type', [CreateCoupon, DisableCoupon, EnableCoupon, RedeemCoupon, ReleaseCouponRedemption]);
export type PromotionCommand = z.infer<typeof PromotionCommand>;
