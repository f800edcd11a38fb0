import { cartStream } from '@shopstream/commerce/cart';
import type { CartState } from '@shopstream/commerce/cart';
import { nameBasedId } from '@shopstream/commerce/processes';
import type { CurrentState } from '@shopstream/kernel';

/** The k-th cart of a customer: derived, so that no lookup table is needed and every process finds the same one. */
export const cartIdFor = (customerId: string, k: number): string => nameBasedId(`cart:${customerId}:${k}`);

export interface CurrentCart {
  readonly cartId: string;
  readonly state: CartState;
  readonly revision: number;
}

/**
 * Finds a customer's open cart: the first of their carts that is not closed. Carts close only by checkout (or
 * merge) and never open again, and each opens after the one before closed, so "closed" holds for carts 0..K-1
 * and for none after: a galloping search finds K in a logarithmic number of stream reads, and a hint of the
 * last K seen makes the usual case one read.
 */
export const customerCarts = (carts: { current(stream: string): Promise<CurrentState<CartState>> }) => {
  const hints = new Map<string, number>();
  // Through the carts' command handler: a cart it just wrote is confirmed by its head, not read and folded again.
  const load = async (customerId: string, k: number): Promise<CurrentCart> => {
    const cartId = cartIdFor(customerId, k);
    const { state, revision } = await carts.current(cartStream(cartId));
    return { cartId, state, revision };
  };
  const closed = (cart: CurrentCart) => cart.state.status === 'checkedOut' || cart.state.status === 'merged';

  return {
    current: async (customerId: string): Promise<CurrentCart> => {
      let low = hints.get(customerId) ?? 0;
      const first = await load(customerId, low);
      if (!closed(first)) return first;
      // Gallop: `low` is closed; find a `high` that is not.
      let step = 1;
      let high = low + step;
      let atHigh = await load(customerId, high);
      while (closed(atHigh)) {
        low = high;
        step *= 2;
        high = low + step;
        atHigh = await load(customerId, high);
      }
      // Bisect: the first open cart is in (low, high].
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        const atMiddle = await load(customerId, middle);
        if (closed(atMiddle)) low = middle;
        else {
          high = middle;
          atHigh = atMiddle;
        }
      }
      hints.set(customerId, high);
      return atHigh;
    },
  };
};

export type CustomerCarts = ReturnType<typeof customerCarts>;
