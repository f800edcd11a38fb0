import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { z } from 'zod';
import { Currency, NonNegativeMoney } from '../shared/money.js';
import { Sku } from '../catalog/values.js';
import { CouponCode } from '../promotion/values.js';
import { AppliedCoupon, CartLine, PriceChange, Quantity } from './values.js';

const cartId = z.uuid();

// One stream per cart, `cart-<cartId>`.

export const CartOpened = defineEvent('CartOpened', z.strictObject({ cartId, userId: z.string().min(1).nullable(), currency: Currency }));

/** `quantity` was added; `lineQuantity` is what the line holds afterwards. */
export const CartItemAdded = defineEvent(
  'CartItemAdded',
  z.strictObject({ cartId, sku: Sku, productId: z.uuid(), quantity: Quantity, lineQuantity: Quantity, unitPrice: NonNegativeMoney, limit: Quantity }),
);

export const CartItemQuantityChanged = defineEvent(
  'CartItemQuantityChanged',
  z.strictObject({ cartId, sku: Sku, previous: Quantity, quantity: Quantity }),
);

export const CartItemRemoved = defineEvent('CartItemRemoved', z.strictObject({ cartId, sku: Sku }));

/** Every line and the coupon are gone. */
export const CartCleared = defineEvent('CartCleared', z.strictObject({ cartId }));

export const CartCouponApplied = defineEvent('CartCouponApplied', z.strictObject({ cartId, code: CouponCode, discount: NonNegativeMoney }));

export const CartCouponRemoved = defineEvent('CartCouponRemoved', z.strictObject({ cartId, code: CouponCode }));

/** The shopper accepted the catalog's current prices; lines whose SKU is no longer sold are gone. */
export const CartPricesRefreshed = defineEvent('CartPricesRefreshed', z.strictObject({ cartId, changes: z.array(PriceChange).min(1) }));

/** The cart became an order, at these lines and totals; it takes no more changes. */
export const CartCheckedOut = defineEvent(
  'CartCheckedOut',
  z.strictObject({
    cartId,
    orderId: z.uuid(),
    lines: z.array(CartLine).min(1),
    coupon: AppliedCoupon.nullable(),
    subtotal: NonNegativeMoney,
    discount: NonNegativeMoney,
    total: NonNegativeMoney,
  }),
);

/**
 * A guest cart's lines were merged into this (the user's) cart at login. `lines` are the resulting lines for
 * every SKU the guest cart held; `capped` says where a purchase limit or the cart's size kept less than the sum.
 */
export const CartGuestItemsMerged = defineEvent(
  'CartGuestItemsMerged',
  z.strictObject({
    cartId,
    guestCartId: z.uuid(),
    lines: z.array(CartLine),
    capped: z.array(z.strictObject({ sku: Sku, requested: Quantity, kept: z.number().int().nonnegative() })),
  }),
);

/** This guest cart was merged into a user's cart and is closed. */
export const CartMerged = defineEvent('CartMerged', z.strictObject({ cartId, intoCartId: z.uuid() }));

export const cartEvents = [
  CartOpened,
  CartItemAdded,
  CartItemQuantityChanged,
  CartItemRemoved,
  CartCleared,
  CartCouponApplied,
  CartCouponRemoved,
  CartPricesRefreshed,
  CartCheckedOut,
  CartGuestItemsMerged,
  CartMerged,
] as const;
export type CartEvent = EventOf<(typeof cartEvents)[number]>;
