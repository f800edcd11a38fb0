import { z } from 'zod';
import { NonNegativeMoney } from '../shared/money.js';
import { Sku } from '../catalog/values.js';
import { CouponCode } from '../promotion/values.js';

/** Lines a cart may hold, so that a cart (and its stream's state) stays small. */
export const MAX_CART_LINES = 100;

export const Quantity = z.number().int().positive().safe();

export const CartLine = z.strictObject({
  sku: Sku,
  productId: z.uuid(),
  quantity: Quantity,
  /** The catalog price when the line was last added to or refreshed; checked again at checkout. */
  unitPrice: NonNegativeMoney,
  /** The most of this SKU one order may hold (the catalog's purchase limit). */
  limit: Quantity,
});
export type CartLine = z.infer<typeof CartLine>;

export const AppliedCoupon = z.strictObject({ code: CouponCode, discount: NonNegativeMoney });
export type AppliedCoupon = z.infer<typeof AppliedCoupon>;

/** The price a SKU sells at now; null when it is no longer sold. */
export const CurrentPrice = z.strictObject({ sku: Sku, unitPrice: NonNegativeMoney.nullable() });
export type CurrentPrice = z.infer<typeof CurrentPrice>;

export const PriceChange = z.strictObject({ sku: Sku, previous: NonNegativeMoney, current: NonNegativeMoney.nullable() });
export type PriceChange = z.infer<typeof PriceChange>;
