import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { z } from 'zod';
import { NonNegativeMoney } from '../shared/money.js';
import { CouponCode, CouponTerms } from './values.js';

// One stream per coupon, `coupon-<code>`: its limits are decided against all of its redemptions.

export const CouponCreated = defineEvent('CouponCreated', z.strictObject({ code: CouponCode, terms: CouponTerms }));
export const CouponDisabled = defineEvent('CouponDisabled', z.strictObject({ code: CouponCode, reason: z.string().min(1).max(500) }));
export const CouponEnabled = defineEvent('CouponEnabled', z.strictObject({ code: CouponCode }));

/** The discount granted to one order; the subtotal it was computed on is kept so the grant can be explained. */
export const CouponRedeemed = defineEvent(
  'CouponRedeemed',
  z.strictObject({ code: CouponCode, orderId: z.uuid(), userId: z.string().min(1), subtotal: NonNegativeMoney, discount: NonNegativeMoney }),
);

/** The order was cancelled: the redemption no longer counts against the coupon's limits. */
export const CouponRedemptionReleased = defineEvent(
  'CouponRedemptionReleased',
  z.strictObject({ code: CouponCode, orderId: z.uuid(), userId: z.string().min(1), reason: z.string().min(1).max(500) }),
);

export const promotionEvents = [CouponCreated, CouponDisabled, CouponEnabled, CouponRedeemed, CouponRedemptionReleased] as const;
export type PromotionEvent = EventOf<(typeof promotionEvents)[number]>;
