import { z } from 'zod';
import { Currency, Money, NonNegativeMoney } from '../shared/money.js';

/** What shoppers type: upper-case letters, digits, "_" and "-", 3 to 32 long. It names the coupon's stream. */
export const CouponCode = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{2,31}$/, 'upper-case letters, digits, "_" or "-", 3 to 32 long');
export type CouponCode = z.infer<typeof CouponCode>;

const PositiveMoney = Money.refine((m) => m.amount > 0, 'amount must be positive');

export const CouponDiscount = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), amount: PositiveMoney }),
  /** Basis points of the subtotal (10,000 = 100 %), at most `cap` when one is set. */
  z.strictObject({ kind: z.literal('percent'), basisPoints: z.number().int().min(1).max(10_000), cap: PositiveMoney.nullable() }),
]);
export type CouponDiscount = z.infer<typeof CouponDiscount>;

export const CouponTerms = z.strictObject({
  currency: Currency,
  discount: CouponDiscount,
  minimumSpend: NonNegativeMoney,
  /** Valid from this instant (inclusive) until `validUntil` (exclusive). */
  validFrom: z.iso.datetime(),
  validUntil: z.iso.datetime(),
  /** Redemptions across all shoppers; null for no limit. Released redemptions do not count. */
  totalLimit: z.number().int().positive().safe().nullable(),
  perUserLimit: z.number().int().positive().safe().nullable(),
});
export type CouponTerms = z.infer<typeof CouponTerms>;
