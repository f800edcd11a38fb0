import { streamName } from '@shopstream/kernel';

/** The stream of one cart. */
export const cartStream = (cartId: string): string => streamName('cart', cartId);

// Values
export { CartLine, AppliedCoupon, CurrentPrice, PriceChange, MAX_CART_LINES } from './values.js';

// Events
export {
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
  cartEvents,
} from './events.js';
export type { CartEvent } from './events.js';

// Commands
export {
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
  CartCommand,
} from './commands.js';

// Errors
export type { CartError, CartErrorTag } from './errors.js';

// Decider, state and totals
export { cartDecider } from './decider.js';
export type { Cart, CartState } from './state.js';
export { cartTotals } from './totals.js';
export type { CartTotals } from './totals.js';
export { mergeLines } from './merge.js';
export type { MergeOutcome } from './merge.js';
