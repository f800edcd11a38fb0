import { money, subtract, sum, times } from '../shared/money.js';
import type { Money } from '../shared/money.js';
import type { Cart } from './state.js';

export interface CartTotals {
  readonly subtotal: Money;
  /** The coupon's discount, never more than the subtotal. */
  readonly discount: Money;
  /** Subtotal less discount: never negative. */
  readonly total: Money;
}

/** What the cart comes to, in its own currency. Pure. */
export const cartTotals = (cart: Pick<Cart, 'currency' | 'lines' | 'coupon'>): CartTotals => {
  const subtotal = sum(
    cart.lines.map((line) => times(line.unitPrice, line.quantity)),
    cart.currency,
  );
  const claimed = cart.coupon?.discount.amount ?? 0;
  const discount = money(Math.min(Math.max(0, claimed), Math.max(0, subtotal.amount)), cart.currency);
  return { subtotal, discount, total: subtract(subtotal, discount) };
};
