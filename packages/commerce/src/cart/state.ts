import type { Currency } from '../shared/money.js';
import type { AppliedCoupon, CartLine } from './values.js';

/** A cart that exists. */
export interface Cart {
  readonly status: 'open' | 'checkedOut' | 'merged';
  readonly cartId: string;
  /** Null for a guest's cart. */
  readonly userId: string | null;
  readonly currency: Currency;
  /** One line per SKU, in the order they were first added. */
  readonly lines: readonly CartLine[];
  readonly coupon: AppliedCoupon | null;
  /** Guest carts already merged in, so a repeated login merge adds nothing twice. */
  readonly mergedGuestCartIds: readonly string[];
  /** The order it became, once checked out. */
  readonly orderId: string | null;
  /** The user's cart it went into, once merged. */
  readonly mergedInto: string | null;
}

export type CartState = { readonly status: 'none' } | Cart;

export const cartExists = (state: CartState): state is Cart => state.status !== 'none';
