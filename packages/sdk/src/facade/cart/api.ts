import type { AppliedCoupon, CartLine, CartTotals } from '@shopstream/commerce/cart';
import type { AddressInput } from '@shopstream/commerce/identity';
import type { PlacedOrderState } from '@shopstream/commerce/ordering';
import type { Money } from '@shopstream/commerce';
import type { CallOptions, Outcome } from '../call.js';

/** A customer's current cart as the shop shows it: an empty one when nothing was ever added. */
export interface CartView {
  readonly cartId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly lines: readonly CartLine[];
  readonly coupon: AppliedCoupon | null;
  readonly totals: CartTotals;
  /** The stream's revision: an ETag for If-Match (-1 while the cart does not exist yet). */
  readonly revision: number;
}

/** The shopper's cart: one open cart per customer, a fresh one after each checkout. */
export interface CartFacade {
  /** getMyCart */
  get(customerId: string): Promise<CartView>;
  /** addCartItem: price and purchase limit come from the catalog. */
  addItem(customerId: string, input: { readonly productId: string; readonly sku: string; readonly quantity: number }, options?: CallOptions): Outcome<CartView>;
  /** updateCartItem */
  updateItem(customerId: string, sku: string, quantity: number, options?: CallOptions): Outcome<CartView>;
  /** removeCartItem */
  removeItem(customerId: string, sku: string, options?: CallOptions): Outcome<CartView>;
  /** applyCoupon: evaluated on the cart's subtotal now. */
  applyCoupon(customerId: string, code: string, options?: CallOptions): Outcome<CartView>;
  removeCoupon(customerId: string, options?: CallOptions): Outcome<CartView>;
  /** Takes the catalog's prices now, after a checkout refused with PricesChanged. */
  refreshPrices(customerId: string, options?: CallOptions): Outcome<CartView>;
  clear(customerId: string, options?: CallOptions): Outcome<CartView>;
}

/** Where the order goes: a saved address, or one typed at checkout. */
export type CheckoutAddress = { readonly addressId: string } | { readonly address: AddressInput };

export interface CheckoutRequest {
  readonly shipTo: CheckoutAddress;
  /** Chosen by the caller (a UUID) so that a retried checkout places the same order; a new one otherwise. */
  readonly orderId?: string;
  /** Default: the shop's configured shipping fee (0 unless set). */
  readonly shippingFee?: Money;
}

/** Turning the cart into an order; the checkout process then reserves stock, redeems the coupon and sets the payment deadline. */
export interface CheckoutFacade {
  /** checkout */
  placeOrder(customerId: string, request: CheckoutRequest, options?: CallOptions): Outcome<PlacedOrderState>;
}
