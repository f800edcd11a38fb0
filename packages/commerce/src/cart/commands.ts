import { z } from 'zod';
import { Currency, NonNegativeMoney } from '../shared/money.js';
import { Sku } from '../catalog/values.js';
import { CouponCode } from '../promotion/values.js';
import { CartLine, CurrentPrice, Quantity } from './values.js';

const cartId = z.uuid();

/** Adds units of a SKU, opening the cart on its first item. Price and limit are the catalog's, looked up by the caller. */
export const AddCartItem = z.strictObject({
  type: z.literal('AddCartItem'),
  cartId,
  /** The signed-in user, or null for a guest; only used when this opens the cart. */
  userId: z.string().min(1).nullable(),
  sku: Sku,
  productId: z.uuid(),
  quantity: Quantity,
  unitPrice: NonNegativeMoney,
  limit: Quantity,
});

export const ChangeCartItemQuantity = z.strictObject({ type: z.literal('ChangeCartItemQuantity'), cartId, sku: Sku, quantity: Quantity });
export const RemoveCartItem = z.strictObject({ type: z.literal('RemoveCartItem'), cartId, sku: Sku });
export const ClearCart = z.strictObject({ type: z.literal('ClearCart'), cartId });

/** The discount is promotion's `evaluate` on the cart's current subtotal, worked out by the caller. */
export const ApplyCartCoupon = z.strictObject({ type: z.literal('ApplyCartCoupon'), cartId, code: CouponCode, discount: NonNegativeMoney });
export const RemoveCartCoupon = z.strictObject({ type: z.literal('RemoveCartCoupon'), cartId });

/** The shopper confirms the prices they were shown after a checkout failed with PricesChanged. */
export const RefreshCartPrices = z.strictObject({ type: z.literal('RefreshCartPrices'), cartId, prices: z.array(CurrentPrice) });

export const CheckOutCart = z.strictObject({
  type: z.literal('CheckOutCart'),
  cartId,
  orderId: z.uuid(),
  /** The catalog's price now for every SKU in the cart. */
  prices: z.array(CurrentPrice),
  /** The applied coupon evaluated again on the current subtotal; null when it no longer applies. Ignored without a coupon. */
  couponDiscount: NonNegativeMoney.nullable(),
});

/** At login: the guest cart's lines go into the user's cart (opened if need be). */
export const MergeGuestCart = z.strictObject({
  type: z.literal('MergeGuestCart'),
  cartId,
  userId: z.string().min(1),
  guestCartId: z.uuid(),
  currency: Currency,
  lines: z.array(CartLine),
});

/** Closes a guest cart once its lines are merged into the user's cart. */
export const MarkCartMerged = z.strictObject({ type: z.literal('MarkCartMerged'), cartId, intoCartId: z.uuid() });

export const CartCommand = z.discriminatedUnion('type', [
  AddCartItem,
  ChangeCartItemQuantity,
  RemoveCartItem,
  ClearCart,
  ApplyCartCoupon,
  RemoveCartCoupon,
  RefreshCartPrices,
  CheckOutCart,
  MergeGuestCart,
  MarkCartMerged,
]);
export type CartCommand = z.infer<typeof CartCommand>;
