import type { Decider } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import type { Money } from '../shared/money.js';
import type { CartCommand } from './commands.js';
import type { CartError } from './errors.js';
import type { CartEvent } from './events.js';
import { evolve } from './evolve.js';
import { mergeLines } from './merge.js';
import { cartExists } from './state.js';
import type { Cart, CartState } from './state.js';
import { cartTotals } from './totals.js';
import type { CurrentPrice, PriceChange } from './values.js';
import { MAX_CART_LINES } from './values.js';

type Decision = Either<CartError, readonly CartEvent[]>;
const accept = (...events: CartEvent[]): Decision => E.right(events);
const reject = (error: CartError): Decision => E.left(error);

type Command<T extends CartCommand['type']> = Extract<CartCommand, { type: T }>;

const sameMoney = (a: Money, b: Money): boolean => a.amount === b.amount && a.currency === b.currency;

const currencyError = (cart: Cart, price: Money): CartError | null =>
  price.currency === cart.currency ? null : { _tag: 'CartCurrencyMismatch', cartId: cart.cartId, expected: cart.currency, actual: price.currency };

/** How the prices given differ from the cart's snapshots. A SKU missing from `prices` counts only when `all`. */
const priceChanges = (cart: Cart, prices: readonly CurrentPrice[], all: boolean): PriceChange[] =>
  cart.lines.flatMap(({ sku, unitPrice }): PriceChange[] => {
    const given = prices.find((p) => p.sku === sku);
    if (!given && !all) return [];
    const current = given?.unitPrice ?? null;
    return current !== null && sameMoney(current, unitPrice) ? [] : [{ sku, previous: unitPrice, current }];
  });

const addItem = ({ cartId, sku, productId, quantity, unitPrice, limit }: Command<'AddCartItem'>, cart: Cart): Decision => {
  if (unitPrice.amount < 0) return reject({ _tag: 'NegativeUnitPrice', cartId, sku, amount: unitPrice.amount });
  const wrongCurrency = currencyError(cart, unitPrice);
  if (wrongCurrency) return reject(wrongCurrency);
  const line = cart.lines.find((l) => l.sku === sku);
  if (!line && cart.lines.length >= MAX_CART_LINES) return reject({ _tag: 'CartFull', cartId, maxLines: MAX_CART_LINES });
  const lineQuantity = (line?.quantity ?? 0) + quantity;
  if (lineQuantity > limit) return reject({ _tag: 'CartQuantityLimitExceeded', cartId, sku, requested: lineQuantity, limit });
  return accept({ type: 'CartItemAdded', data: { cartId, sku, productId, quantity, lineQuantity, unitPrice, limit } });
};

const checkOut = ({ cartId, orderId, prices, couponDiscount }: Command<'CheckOutCart'>, cart: Cart): Decision => {
  if (cart.lines.length === 0) return reject({ _tag: 'CartEmpty', cartId });
  const changes = priceChanges(cart, prices, true);
  if (changes.length > 0) return reject({ _tag: 'PricesChanged', cartId, changes });
  const { coupon } = cart;
  if (coupon && (couponDiscount === null || !sameMoney(couponDiscount, coupon.discount))) {
    return reject({ _tag: 'CouponDiscountChanged', cartId, code: coupon.code, previous: coupon.discount, current: couponDiscount });
  }
  return accept({ type: 'CartCheckedOut', data: { cartId, orderId, lines: [...cart.lines], coupon, ...cartTotals(cart) } });
};

const mergeGuestCart = ({ cartId, userId, guestCartId, lines }: Command<'MergeGuestCart'>, cart: Cart): Decision => {
  if (cart.userId !== userId) return reject({ _tag: 'CartBelongsToAnotherUser', cartId });
  if (cart.mergedGuestCartIds.includes(guestCartId)) return accept();
  const foreign = lines.find((l) => l.unitPrice.currency !== cart.currency);
  if (foreign) return reject({ _tag: 'CartCurrencyMismatch', cartId, expected: cart.currency, actual: foreign.unitPrice.currency });
  return accept({ type: 'CartGuestItemsMerged', data: { cartId, guestCartId, ...mergeLines(cart, lines) } });
};

/** Commands on an open cart. */
const decideOpen = (command: CartCommand, cart: Cart): Decision => {
  const { cartId } = cart;
  return match(command)
    .returnType<Decision>()
    .with({ type: 'AddCartItem' }, (c) => addItem(c, cart))
    .with({ type: 'ChangeCartItemQuantity' }, ({ sku, quantity }) => {
      const line = cart.lines.find((l) => l.sku === sku);
      if (!line) return reject({ _tag: 'CartItemNotFound', cartId, sku });
      if (quantity > line.limit) return reject({ _tag: 'CartQuantityLimitExceeded', cartId, sku, requested: quantity, limit: line.limit });
      return quantity === line.quantity ? accept() : accept({ type: 'CartItemQuantityChanged', data: { cartId, sku, previous: line.quantity, quantity } });
    })
    .with({ type: 'RemoveCartItem' }, ({ sku }) =>
      cart.lines.some((l) => l.sku === sku) ? accept({ type: 'CartItemRemoved', data: { cartId, sku } }) : reject({ _tag: 'CartItemNotFound', cartId, sku }),
    )
    .with({ type: 'ClearCart' }, () => (cart.lines.length === 0 && cart.coupon === null ? accept() : accept({ type: 'CartCleared', data: { cartId } })))
    .with({ type: 'ApplyCartCoupon' }, ({ code, discount }) => {
      if (cart.lines.length === 0) return reject({ _tag: 'CartEmpty', cartId });
      const wrongCurrency = currencyError(cart, discount);
      if (wrongCurrency) return reject(wrongCurrency);
      if (cart.coupon?.code === code && sameMoney(cart.coupon.discount, discount)) return accept();
      return accept({ type: 'CartCouponApplied', data: { cartId, code, discount } });
    })
    .with({ type: 'RemoveCartCoupon' }, () => (cart.coupon ? accept({ type: 'CartCouponRemoved', data: { cartId, code: cart.coupon.code } }) : accept()))
    .with({ type: 'RefreshCartPrices' }, ({ prices }) => {
      const wrong = prices.find((p) => p.unitPrice !== null && p.unitPrice.currency !== cart.currency);
      if (wrong?.unitPrice) return reject({ _tag: 'CartCurrencyMismatch', cartId, expected: cart.currency, actual: wrong.unitPrice.currency });
      const changes = priceChanges(cart, prices, false);
      return changes.length === 0 ? accept() : accept({ type: 'CartPricesRefreshed', data: { cartId, changes } });
    })
    .with({ type: 'CheckOutCart' }, (c) => checkOut(c, cart))
    .with({ type: 'MergeGuestCart' }, (c) => mergeGuestCart(c, cart))
    .with({ type: 'MarkCartMerged' }, ({ intoCartId }) => accept({ type: 'CartMerged', data: { cartId, intoCartId } }))
    .exhaustive();
};

/** A closed cart answers only the retry of what closed it. */
const decideClosed = (command: CartCommand, cart: Cart): Decision => {
  const retried =
    (command.type === 'CheckOutCart' && cart.status === 'checkedOut' && command.orderId === cart.orderId) ||
    (command.type === 'MarkCartMerged' && cart.status === 'merged' && command.intoCartId === cart.mergedInto);
  return retried ? accept() : reject({ _tag: 'CartClosed', cartId: cart.cartId, status: cart.status === 'merged' ? 'merged' : 'checkedOut' });
};

/** Adding the first item, or merging into a user's cart that does not exist yet, opens the cart first. */
const openWith = (command: CartCommand): Decision | null => {
  const opening = match(command)
    .returnType<CartEvent | null>()
    .with({ type: 'AddCartItem' }, ({ cartId, userId, unitPrice }) => ({ type: 'CartOpened', data: { cartId, userId, currency: unitPrice.currency } }))
    .with({ type: 'MergeGuestCart' }, ({ cartId, userId, currency }) => ({ type: 'CartOpened', data: { cartId, userId, currency } }))
    .otherwise(() => null);
  if (!opening) return null;
  const opened = evolve({ status: 'none' }, opening);
  return cartExists(opened) ? E.map((events: readonly CartEvent[]) => [opening, ...events])(decideOpen(command, opened)) : null;
};

const decide = (command: CartCommand, state: CartState): Decision => {
  if (command.type === 'MergeGuestCart' && command.guestCartId === command.cartId) return reject({ _tag: 'CannotMergeCartIntoItself', cartId: command.cartId });
  if (command.type === 'MarkCartMerged' && command.intoCartId === command.cartId) return reject({ _tag: 'CannotMergeCartIntoItself', cartId: command.cartId });
  const notFound: CartError = { _tag: 'CartNotFound', cartId: command.cartId };
  if (!cartExists(state)) return openWith(command) ?? reject(notFound);
  // A command routed to another cart's stream is as good as one for a cart that does not exist.
  if (state.cartId !== command.cartId) return reject(notFound);
  return state.status === 'open' ? decideOpen(command, state) : decideClosed(command, state);
};

/** A shopper's cart. Stream: `cart-<cartId>`. */
export const cartDecider: Decider<CartState, CartCommand, CartEvent, CartError> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide: (command, state) => decide(command, state),
};
