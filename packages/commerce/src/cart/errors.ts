import type { Currency, Money } from '../shared/money.js';
import type { PriceChange } from './values.js';

export type CartError =
  | { readonly _tag: 'CartNotFound'; readonly cartId: string }
  /** Checked out or merged into another cart: a closed cart takes no changes. */
  | { readonly _tag: 'CartClosed'; readonly cartId: string; readonly status: 'checkedOut' | 'merged' }
  | { readonly _tag: 'CartEmpty'; readonly cartId: string }
  | { readonly _tag: 'CartFull'; readonly cartId: string; readonly maxLines: number }
  | { readonly _tag: 'CartItemNotFound'; readonly cartId: string; readonly sku: string }
  | { readonly _tag: 'CartQuantityLimitExceeded'; readonly cartId: string; readonly sku: string; readonly requested: number; readonly limit: number }
  | { readonly _tag: 'NegativeUnitPrice'; readonly cartId: string; readonly sku: string; readonly amount: number }
  | { readonly _tag: 'CartCurrencyMismatch'; readonly cartId: string; readonly expected: Currency; readonly actual: Currency }
  /** The catalog's prices moved since the shopper saw them; they confirm with RefreshCartPrices. */
  | { readonly _tag: 'PricesChanged'; readonly cartId: string; readonly changes: readonly PriceChange[] }
  /** The coupon now gives another discount, or none (`current` null); the shopper applies or removes it again. */
  | { readonly _tag: 'CouponDiscountChanged'; readonly cartId: string; readonly code: string; readonly previous: Money; readonly current: Money | null }
  | { readonly _tag: 'CartBelongsToAnotherUser'; readonly cartId: string }
  | { readonly _tag: 'CannotMergeCartIntoItself'; readonly cartId: string };

export type CartErrorTag = CartError['_tag'];
