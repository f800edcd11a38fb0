import { deciderSpecification } from '@shopstream/kernel/testing';
import { describe, it } from 'vitest';
import { money } from '../shared/money.js';
import { cartDecider } from './decider.js';
import type { CartEvent } from './events.js';
import type { CartLine } from './values.js';
import { MAX_CART_LINES } from './values.js';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const [cartId, guestCartId, otherCart, orderId, productId] = [id(1), id(2), id(3), id(10), id(20)] as const;
const spec = deciderSpecification(cartDecider);

const opened = (userId: string | null = null, cart = cartId): CartEvent => ({ type: 'CartOpened', data: { cartId: cart, userId, currency: 'CNY' } });
const line = (sku: string, quantity: number, price = 1000, limit = 5): CartLine => ({ sku, productId, quantity, unitPrice: money(price), limit });
const added = (sku: string, quantity: number, lineQuantity = quantity, price = 1000, limit = 5): CartEvent => ({
  type: 'CartItemAdded',
  data: { cartId, sku, productId, quantity, lineQuantity, unitPrice: money(price), limit },
});
const add = (sku: string, quantity: number, price = 1000, limit = 5) =>
  ({ type: 'AddCartItem', cartId, userId: null, sku, productId, quantity, unitPrice: money(price), limit }) as const;
const couponApplied: CartEvent = { type: 'CartCouponApplied', data: { cartId, code: 'TENOFF', discount: money(1000) } };
const teaCart = [opened(), added('TEA', 2), added('CUP', 1, 1, 500)];
const checkedOut: CartEvent = {
  type: 'CartCheckedOut',
  data: { cartId, orderId, lines: [line('TEA', 2), line('CUP', 1, 500)], coupon: null, subtotal: money(2500), discount: money(0), total: money(2500) },
};
const currentPrices = [
  { sku: 'TEA', unitPrice: money(1000) },
  { sku: 'CUP', unitPrice: money(500) },
];

describe('AddCartItem', () => {
  it('opens the cart with its first item', () => {
    spec.given([]).when({ ...add('TEA', 2), userId: 'u1' }).then([opened('u1'), added('TEA', 2)]);
  });
  it('adds to the line of a SKU already in the cart, taking the newest price and limit', () => {
    spec.given([opened(), added('TEA', 2)]).when(add('TEA', 1, 900, 4)).then([added('TEA', 1, 3, 900, 4)]);
  });
  it('refuses more than the per-SKU limit', () => {
    spec.given([opened(), added('TEA', 4)]).when(add('TEA', 2)).then({ _tag: 'CartQuantityLimitExceeded', cartId, sku: 'TEA', requested: 6, limit: 5 });
  });
  it('refuses a price in another currency', () => {
    spec.given([opened()]).when({ ...add('TEA', 1), unitPrice: money(100, 'USD') }).then({ _tag: 'CartCurrencyMismatch', cartId, expected: 'CNY', actual: 'USD' });
  });
  it('refuses a negative price', () => {
    spec.given([opened()]).when(add('TEA', 1, -1)).then({ _tag: 'NegativeUnitPrice', cartId, sku: 'TEA', amount: -1 });
  });
  it('refuses a new line in a full cart', () => {
    const full = [opened(), ...Array.from({ length: MAX_CART_LINES }, (_, i) => added(`SKU-${i}`, 1))];
    spec.given(full).when(add('ONE-MORE', 1)).then({ _tag: 'CartFull', cartId, maxLines: MAX_CART_LINES });
    spec.given(full).when(add('SKU-0', 1)).then([added('SKU-0', 1, 2)]);
  });
  it('refuses a closed cart', () => {
    spec.given([...teaCart, checkedOut]).when(add('TEA', 1)).then({ _tag: 'CartClosed', cartId, status: 'checkedOut' });
  });
  it('refuses a command routed to another cart', () => {
    spec.given([opened(null, otherCart)]).when(add('TEA', 1)).then({ _tag: 'CartNotFound', cartId });
  });
});

describe('ChangeCartItemQuantity', () => {
  it('changes the quantity of a line', () => {
    spec.given(teaCart).when({ type: 'ChangeCartItemQuantity', cartId, sku: 'TEA', quantity: 5 }).then([{ type: 'CartItemQuantityChanged', data: { cartId, sku: 'TEA', previous: 2, quantity: 5 } }]);
  });
  it('records nothing for the same quantity', () => {
    spec.given(teaCart).when({ type: 'ChangeCartItemQuantity', cartId, sku: 'TEA', quantity: 2 }).then([]);
  });
  it('refuses more than the per-SKU limit', () => {
    spec.given(teaCart).when({ type: 'ChangeCartItemQuantity', cartId, sku: 'TEA', quantity: 6 }).then({ _tag: 'CartQuantityLimitExceeded', cartId, sku: 'TEA', requested: 6, limit: 5 });
  });
  it('refuses a SKU not in the cart', () => {
    spec.given(teaCart).when({ type: 'ChangeCartItemQuantity', cartId, sku: 'POT', quantity: 1 }).then({ _tag: 'CartItemNotFound', cartId, sku: 'POT' });
  });
  it('refuses a cart that does not exist', () => {
    spec.given([]).when({ type: 'ChangeCartItemQuantity', cartId, sku: 'TEA', quantity: 1 }).then({ _tag: 'CartNotFound', cartId });
  });
});

describe('RemoveCartItem', () => {
  it('removes a line', () => {
    spec.given(teaCart).when({ type: 'RemoveCartItem', cartId, sku: 'CUP' }).then([{ type: 'CartItemRemoved', data: { cartId, sku: 'CUP' } }]);
  });
  it('refuses a SKU not in the cart', () => {
    spec.given(teaCart).when({ type: 'RemoveCartItem', cartId, sku: 'POT' }).then({ _tag: 'CartItemNotFound', cartId, sku: 'POT' });
  });
  it('refuses a cart that does not exist', () => {
    spec.given([]).when({ type: 'RemoveCartItem', cartId, sku: 'TEA' }).then({ _tag: 'CartNotFound', cartId });
  });
});

describe('ClearCart', () => {
  it('clears lines and coupon', () => {
    spec.given([...teaCart, couponApplied]).when({ type: 'ClearCart', cartId }).then([{ type: 'CartCleared', data: { cartId } }]);
  });
  it('records nothing for an empty cart', () => {
    spec.given([opened()]).when({ type: 'ClearCart', cartId }).then([]);
  });
  it('refuses a closed cart', () => {
    spec.given([...teaCart, checkedOut]).when({ type: 'ClearCart', cartId }).thenFails('CartClosed');
  });
  it('refuses a cart that does not exist', () => {
    spec.given([]).when({ type: 'ClearCart', cartId }).then({ _tag: 'CartNotFound', cartId });
  });
});

describe('ApplyCartCoupon and RemoveCartCoupon', () => {
  const apply = { type: 'ApplyCartCoupon', cartId, code: 'TENOFF', discount: money(1000) } as const;
  it('applies a coupon with its evaluated discount', () => {
    spec.given(teaCart).when(apply).then([couponApplied]);
  });
  it('replaces the coupon applied before', () => {
    spec.given([...teaCart, couponApplied]).when({ ...apply, code: 'HALF', discount: money(1250) }).then([{ type: 'CartCouponApplied', data: { cartId, code: 'HALF', discount: money(1250) } }]);
  });
  it('records nothing when the same coupon gives the same discount', () => {
    spec.given([...teaCart, couponApplied]).when(apply).then([]);
  });
  it('refuses an empty cart', () => {
    spec.given([opened()]).when(apply).then({ _tag: 'CartEmpty', cartId });
  });
  it('refuses a discount in another currency', () => {
    spec.given(teaCart).when({ ...apply, discount: money(1, 'USD') }).then({ _tag: 'CartCurrencyMismatch', cartId, expected: 'CNY', actual: 'USD' });
  });
  it('removes the coupon', () => {
    spec.given([...teaCart, couponApplied]).when({ type: 'RemoveCartCoupon', cartId }).then([{ type: 'CartCouponRemoved', data: { cartId, code: 'TENOFF' } }]);
  });
  it('records nothing when there is no coupon to remove', () => {
    spec.given(teaCart).when({ type: 'RemoveCartCoupon', cartId }).then([]);
  });
  it('refuses a cart that does not exist', () => {
    spec.given([]).when(apply).then({ _tag: 'CartNotFound', cartId });
    spec.given([]).when({ type: 'RemoveCartCoupon', cartId }).then({ _tag: 'CartNotFound', cartId });
  });
});

describe('RefreshCartPrices', () => {
  it('takes the new prices, dropping SKUs no longer sold', () => {
    spec
      .given(teaCart)
      .when({ type: 'RefreshCartPrices', cartId, prices: [{ sku: 'TEA', unitPrice: money(1200) }, { sku: 'CUP', unitPrice: null }, { sku: 'POT', unitPrice: money(1) }] })
      .then([{ type: 'CartPricesRefreshed', data: { cartId, changes: [{ sku: 'TEA', previous: money(1000), current: money(1200) }, { sku: 'CUP', previous: money(500), current: null }] } }]);
  });
  it('records nothing when nothing moved', () => {
    spec.given(teaCart).when({ type: 'RefreshCartPrices', cartId, prices: currentPrices }).then([]);
  });
  it('refuses prices in another currency', () => {
    spec.given(teaCart).when({ type: 'RefreshCartPrices', cartId, prices: [{ sku: 'TEA', unitPrice: money(1, 'USD') }] }).thenFails('CartCurrencyMismatch');
  });
  it('refuses a cart that does not exist', () => {
    spec.given([]).when({ type: 'RefreshCartPrices', cartId, prices: currentPrices }).then({ _tag: 'CartNotFound', cartId });
  });
});

describe('CheckOutCart', () => {
  const checkOut = { type: 'CheckOutCart', cartId, orderId, prices: currentPrices, couponDiscount: null } as const;
  it('closes the cart at its lines and totals', () => {
    spec.given(teaCart).when(checkOut).then([checkedOut]);
  });
  it('takes the coupon off the total', () => {
    spec
      .given([...teaCart, couponApplied])
      .when({ ...checkOut, couponDiscount: money(1000) })
      .then([{ type: 'CartCheckedOut', data: { ...checkedOut.data, coupon: { code: 'TENOFF', discount: money(1000) }, discount: money(1000), total: money(1500) } }]);
  });
  it('is idempotent for the same order', () => {
    spec.given([...teaCart, checkedOut]).when(checkOut).then([]);
  });
  it('refuses to check out again for another order', () => {
    spec.given([...teaCart, checkedOut]).when({ ...checkOut, orderId: id(11) }).then({ _tag: 'CartClosed', cartId, status: 'checkedOut' });
  });
  it('refuses when prices moved, listing every change, a missing price as no longer sold', () => {
    spec
      .given(teaCart)
      .when({ ...checkOut, prices: [{ sku: 'TEA', unitPrice: money(1100) }] })
      .then({
        _tag: 'PricesChanged',
        cartId,
        changes: [
          { sku: 'TEA', previous: money(1000), current: money(1100) },
          { sku: 'CUP', previous: money(500), current: null },
        ],
      });
  });
  it('refuses when the coupon gives another discount now, or none', () => {
    spec.given([...teaCart, couponApplied]).when({ ...checkOut, couponDiscount: money(500) }).then({ _tag: 'CouponDiscountChanged', cartId, code: 'TENOFF', previous: money(1000), current: money(500) });
    spec.given([...teaCart, couponApplied]).when(checkOut).then({ _tag: 'CouponDiscountChanged', cartId, code: 'TENOFF', previous: money(1000), current: null });
  });
  it('refuses an empty cart', () => {
    spec.given([opened()]).when(checkOut).then({ _tag: 'CartEmpty', cartId });
  });
  it('refuses a cart that does not exist', () => {
    spec.given([]).when(checkOut).then({ _tag: 'CartNotFound', cartId });
  });
});

describe('MergeGuestCart', () => {
  const merge = (lines: CartLine[]) => ({ type: 'MergeGuestCart', cartId, userId: 'u1', guestCartId, currency: 'CNY', lines }) as const;
  const userCart = [opened('u1'), added('TEA', 3)];
  it('sums quantities of the same SKU, capped by the limit, and adds new SKUs', () => {
    spec
      .given(userCart)
      .when(merge([line('TEA', 4, 900), line('CUP', 1, 500)]))
      .then([{ type: 'CartGuestItemsMerged', data: { cartId, guestCartId, lines: [line('TEA', 5), line('CUP', 1, 500)], capped: [{ sku: 'TEA', requested: 7, kept: 5 }] } }]);
  });
  it('opens the user cart when there is none', () => {
    spec
      .given([])
      .when(merge([line('CUP', 1, 500)]))
      .then([opened('u1'), { type: 'CartGuestItemsMerged', data: { cartId, guestCartId, lines: [line('CUP', 1, 500)], capped: [] } }]);
  });
  it('is idempotent for the same guest cart', () => {
    spec.given([...userCart, { type: 'CartGuestItemsMerged', data: { cartId, guestCartId, lines: [], capped: [] } }]).when(merge([line('CUP', 1)])).then([]);
  });
  it("refuses another user's cart", () => {
    spec.given([opened('u2')]).when(merge([])).then({ _tag: 'CartBelongsToAnotherUser', cartId });
  });
  it('refuses guest lines in another currency', () => {
    spec.given(userCart).when(merge([{ ...line('CUP', 1), unitPrice: money(5, 'USD') }])).then({ _tag: 'CartCurrencyMismatch', cartId, expected: 'CNY', actual: 'USD' });
  });
  it('refuses to merge a cart into itself', () => {
    spec.given(userCart).when({ ...merge([]), guestCartId: cartId }).then({ _tag: 'CannotMergeCartIntoItself', cartId });
  });
  it('refuses a checked-out user cart', () => {
    spec.given([opened('u1'), added('TEA', 2), added('CUP', 1, 1, 500), checkedOut]).when(merge([])).thenFails('CartClosed');
  });
});

describe('MarkCartMerged', () => {
  const mark = { type: 'MarkCartMerged', cartId, intoCartId: otherCart } as const;
  const merged: CartEvent = { type: 'CartMerged', data: { cartId, intoCartId: otherCart } };
  it('closes the guest cart', () => {
    spec.given(teaCart).when(mark).then([merged]);
  });
  it('is idempotent', () => {
    spec.given([...teaCart, merged]).when(mark).then([]);
  });
  it('refuses a cart merged elsewhere or checked out', () => {
    spec.given([...teaCart, merged]).when({ ...mark, intoCartId: id(4) }).then({ _tag: 'CartClosed', cartId, status: 'merged' });
    spec.given([...teaCart, checkedOut]).when(mark).then({ _tag: 'CartClosed', cartId, status: 'checkedOut' });
  });
  it('refuses to merge a cart into itself', () => {
    spec.given(teaCart).when({ ...mark, intoCartId: cartId }).then({ _tag: 'CannotMergeCartIntoItself', cartId });
  });
  it('refuses a cart that does not exist', () => {
    spec.given([]).when(mark).then({ _tag: 'CartNotFound', cartId });
  });
});
