import { fold, toEvent } from '@shopstream/kernel';
import type { Clock, CommandResult, ConcurrencyConflict, EventStore, HandleOptions } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { cartStream } from '../cart/index.js';
import type { CartError } from '../cart/index.js';
import { productStream } from '../catalog/index.js';
import type { ProductState } from '../catalog/index.js';
import { orderStream } from '../ordering/index.js';
import type { AddressSnapshot, OrderClient, OrderingError, OrderingEvent, OrderState } from '../ordering/index.js';
import { couponDecider, couponStream, evaluate } from '../promotion/index.js';
import type { PromotionEvent } from '../promotion/index.js';
import type { Money } from '../shared/money.js';
import type { ProcessConfig } from './config.js';
import type { CommerceHandlers } from './ports.js';

export interface PlaceOrderFromCart {
  readonly cartId: string;
  /** Chosen by the caller (a UUID), so that a retried checkout places the same order. */
  readonly orderId: string;
  readonly customerId: string;
  readonly address: AddressSnapshot;
  readonly shippingFee: Money;
  /** Where the shopper placed it from (channel, device, keyed hash of the IP), for risk rules and reports. */
  readonly client?: OrderClient;
}

export type PlaceOrderError = CartError | OrderingError | ConcurrencyConflict | { readonly _tag: 'CartNotFound'; readonly cartId: string };

export interface CheckoutServiceConfig {
  readonly eventStore: EventStore;
  readonly handlers: CommerceHandlers;
  readonly clock: Clock;
  readonly config: ProcessConfig;
}

/**
 * Turns a cart into an order: the catalog's prices now and the coupon evaluated again are checked by the cart
 * (which refuses when either moved, so the shopper confirms what they pay), then the order is placed with the
 * payment deadline and receipt window of the configuration. The checkout process takes it from there.
 */
export const checkoutService = ({ eventStore, handlers, clock, config }: CheckoutServiceConfig) => {
  const { carts, products: catalog } = handlers;
  // The shop's product handler: the cached state after one head read, not the whole product read and folded.
  const product = async (productId: string): Promise<ProductState> => (await catalog.current(productStream(productId))).state;

  return {
    placeOrder: async (request: PlaceOrderFromCart, options?: HandleOptions): Promise<Either<PlaceOrderError, CommandResult<OrderState, OrderingEvent>>> => {
      // The cart the shopper just filled through the same handler: its cached state, once its head is confirmed.
      const { state: cart } = await carts.current(cartStream(request.cartId));
      if (cart.status === 'none') return E.left({ _tag: 'CartNotFound', cartId: request.cartId });
      const products = new Map<string, ProductState>();
      for (const line of cart.lines) if (!products.has(line.productId)) products.set(line.productId, await product(line.productId));
      const current = (productId: string, sku: string) => {
        const p = products.get(productId);
        return p && p.status === 'published' ? p.skus.find((s) => s.sku === sku) : undefined;
      };
      const prices = cart.lines.map((line) => ({ sku: line.sku, unitPrice: current(line.productId, line.sku)?.price ?? null }));

      let couponDiscount: Money | null = null;
      if (cart.coupon) {
        const coupon = fold(couponDecider, (await eventStore.readStream(couponStream(cart.coupon.code))).map((e) => toEvent<PromotionEvent>(e)));
        const subtotal = { amount: cart.lines.reduce((total, l) => total + l.unitPrice.amount * l.quantity, 0), currency: cart.currency };
        const evaluated = coupon.status === 'none' ? null : evaluate(coupon, { subtotal, userId: request.customerId, now: clock.now() });
        couponDiscount = evaluated && E.isRight(evaluated) ? evaluated.right : null;
      }

      const checkedOut = await carts(cartStream(request.cartId), { type: 'CheckOutCart', cartId: request.cartId, orderId: request.orderId, prices, couponDiscount }, options);
      if (E.isLeft(checkedOut)) return checkedOut;
      const closed = checkedOut.right.state;
      if (closed.status === 'none') return E.left({ _tag: 'CartNotFound', cartId: request.cartId });

      const titleOf = (productId: string, sku: string): string => {
        const p = products.get(productId);
        const title = p && p.status !== 'none' ? p.title.zh || p.title.en : '';
        return title.trim() === '' ? sku : title;
      };
      const paymentDueAt = new Date(clock.now().getTime() + config.paymentTimeoutMs).toISOString();
      return handlers.orders(
        orderStream(request.orderId),
        {
          type: 'PlaceOrder',
          data: {
            orderId: request.orderId,
            customerId: request.customerId,
            cartId: request.cartId,
            currency: closed.currency,
            lines: closed.lines.map((line, i) => ({
              lineId: `line-${i + 1}`,
              productId: line.productId,
              sku: line.sku,
              title: titleOf(line.productId, line.sku),
              unitPrice: line.unitPrice,
              quantity: line.quantity,
              discount: { amount: 0, currency: closed.currency },
            })),
            discounts: closed.coupon ? [{ promotionId: closed.coupon.code, code: closed.coupon.code, amount: closed.coupon.discount }] : [],
            shippingFee: request.shippingFee,
            address: request.address,
            paymentDueAt,
            autoConfirmReceiptAfterDays: config.autoConfirmReceiptAfterDays,
            ...(request.client === undefined ? {} : { client: request.client }),
          },
        },
        options,
      );
    },
  };
};

export type CheckoutService = ReturnType<typeof checkoutService>;
