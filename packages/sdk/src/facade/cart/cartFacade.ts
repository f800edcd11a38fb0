import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { HandleOptions } from '@shopstream/kernel';
import {
  AddCartItem,
  ApplyCartCoupon,
  cartStream,
  cartTotals,
  ChangeCartItemQuantity,
  ClearCart,
  RefreshCartPrices,
  RemoveCartCoupon,
  RemoveCartItem,
} from '@shopstream/commerce/cart';
import type { CartCommand, CartState } from '@shopstream/commerce/cart';
import { productStream } from '@shopstream/commerce/catalog';
import type { ProductState } from '@shopstream/commerce/catalog';
import { couponDecider, couponStream, evaluate } from '@shopstream/commerce/promotion';
import type { z } from 'zod';
import type { CustomerCarts } from '../../shop/carts.js';
import type { ShopContext } from '../../shop/context.js';
import { loadAggregate } from '../../shop/handlers.js';
import type { ShopError } from '../errors.js';
import { parse } from '../support.js';
import type { CartFacade, CartView } from './api.js';

export const cartView = (customerId: string, cartId: string, state: CartState, revision: number, currency: string): CartView => {
  const lines = state.status === 'none' ? [] : state.lines;
  const coupon = state.status === 'none' ? null : state.coupon;
  const cartCurrency = state.status === 'none' ? currency : state.currency;
  return { cartId, customerId, currency: cartCurrency, lines, coupon, totals: cartTotals({ currency: cartCurrency, lines, coupon }), revision };
};

export const cartFacade = (context: ShopContext, carts: CustomerCarts): CartFacade => {
  const { handlers, gate, storage, settings, clock } = context;
  // The catalog's handler: its cached state after one head read, where a load read and parsed the whole product.
  const product = async (productId: string): Promise<ProductState> => (await handlers.products.current(productStream(productId))).state;

  const view = async (customerId: string): Promise<CartView> => {
    const { cartId, state, revision } = await carts.current(customerId);
    return cartView(customerId, cartId, state, revision, settings.currency);
  };

  /** Sends a command to the customer's open cart; Right is the cart after it. */
  const send = async (
    customerId: string,
    schema: z.ZodType<CartCommand>,
    command: (cartId: string, state: CartState) => Promise<Either<ShopError, unknown>> | Either<ShopError, unknown>,
    h: HandleOptions,
  ): Promise<Either<ShopError, CartView>> => {
    const { cartId, state } = await carts.current(customerId);
    const built = await command(cartId, state);
    if (E.isLeft(built)) return built;
    const parsed = parse(schema, built.right);
    if (E.isLeft(parsed)) return parsed;
    const result = await handlers.carts(cartStream(cartId), parsed.right, h);
    if (E.isLeft(result)) return result;
    return E.right(cartView(customerId, cartId, result.right.state, result.right.nextExpectedRevision, settings.currency));
  };

  const priceOf = async (productId: string, sku: string): Promise<Either<ShopError, { readonly amount: number; readonly currency: string }>> => {
    const state = await product(productId);
    if (state.status === 'none') return E.left({ _tag: 'ProductUnavailable', productId, sku, reason: 'unknown_product' });
    if (state.status !== 'published') return E.left({ _tag: 'ProductUnavailable', productId, sku, reason: 'not_published' });
    const found = state.skus.find((s) => s.sku === sku);
    if (!found) return E.left({ _tag: 'ProductUnavailable', productId, sku, reason: 'unknown_sku' });
    return found.price === null ? E.left({ _tag: 'ProductUnavailable', productId, sku, reason: 'not_priced' }) : E.right(found.price);
  };

  return {
    get: view,

    addItem: (customerId, input, options) =>
      gate.run(options, (h) =>
        send(
          customerId,
          AddCartItem,
          async (cartId) => {
            const price = await priceOf(input.productId, input.sku);
            if (E.isLeft(price)) return price;
            return E.right({
              type: 'AddCartItem',
              cartId,
              userId: customerId,
              sku: input.sku,
              productId: input.productId,
              quantity: input.quantity,
              unitPrice: price.right,
              limit: settings.maxQuantityPerLine,
            });
          },
          h,
        ),
      ),

    updateItem: (customerId, sku, quantity, options) =>
      gate.run(options, (h) => send(customerId, ChangeCartItemQuantity, (cartId) => E.right({ type: 'ChangeCartItemQuantity', cartId, sku, quantity }), h)),

    removeItem: (customerId, sku, options) => gate.run(options, (h) => send(customerId, RemoveCartItem, (cartId) => E.right({ type: 'RemoveCartItem', cartId, sku }), h)),

    applyCoupon: (customerId, code, options) =>
      gate.run(options, (h) =>
        send(
          customerId,
          ApplyCartCoupon,
          async (cartId, state) => {
            if (state.status === 'none') return E.left({ _tag: 'CartEmpty', cartId });
            const coupon = (await loadAggregate(storage.eventStore, couponDecider, couponStream(code))).state;
            if (coupon.status === 'none') return E.left({ _tag: 'CouponNotFound', code });
            const subtotal = { amount: state.lines.reduce((total, l) => total + l.unitPrice.amount * l.quantity, 0), currency: state.currency };
            const discount = evaluate(coupon, { subtotal, userId: customerId, now: clock.now() });
            return E.isLeft(discount) ? discount : E.right({ type: 'ApplyCartCoupon', cartId, code, discount: discount.right });
          },
          h,
        ),
      ),

    removeCoupon: (customerId, options) => gate.run(options, (h) => send(customerId, RemoveCartCoupon, (cartId) => E.right({ type: 'RemoveCartCoupon', cartId }), h)),

    refreshPrices: (customerId, options) =>
      gate.run(options, (h) =>
        send(
          customerId,
          RefreshCartPrices,
          async (cartId, state) => {
            const lines = state.status === 'none' ? [] : state.lines;
            const prices = [];
            for (const line of lines) {
              const price = await priceOf(line.productId, line.sku);
              prices.push({ sku: line.sku, unitPrice: E.isRight(price) ? price.right : null });
            }
            return E.right({ type: 'RefreshCartPrices', cartId, prices });
          },
          h,
        ),
      ),

    clear: (customerId, options) => gate.run(options, (h) => send(customerId, ClearCart, (cartId) => E.right({ type: 'ClearCart', cartId }), h)),
  };
};
