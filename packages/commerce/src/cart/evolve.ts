import { match } from 'ts-pattern';
import type { CartEvent } from './events.js';
import { cartExists } from './state.js';
import type { Cart, CartState } from './state.js';
import type { CartLine } from './values.js';

const onCart = (state: CartState, cartId: string, change: (cart: Cart) => Cart): CartState =>
  cartExists(state) && state.cartId === cartId ? change(state) : state;

/** Puts a line in place of the one for the same SKU, or at the end. Lines in another currency never get in. */
const upsert = (cart: Cart, line: CartLine): Cart => {
  if (line.unitPrice.currency !== cart.currency) return cart;
  const at = cart.lines.findIndex((l) => l.sku === line.sku);
  return { ...cart, lines: at === -1 ? [...cart.lines, line] : cart.lines.map((l, i) => (i === at ? line : l)) };
};

export const evolve = (state: CartState, event: CartEvent): CartState =>
  match(event)
    .returnType<CartState>()
    .with({ type: 'CartOpened' }, ({ data }) => ({
      status: 'open',
      ...data,
      lines: [],
      coupon: null,
      mergedGuestCartIds: [],
      orderId: null,
      mergedInto: null,
    }))
    .with({ type: 'CartItemAdded' }, ({ data: { cartId, lineQuantity, quantity: _added, ...line } }) =>
      onCart(state, cartId, (cart) => upsert(cart, { ...line, quantity: lineQuantity })),
    )
    .with({ type: 'CartItemQuantityChanged' }, ({ data }) =>
      onCart(state, data.cartId, (cart) => ({
        ...cart,
        lines: cart.lines.map((l) => (l.sku === data.sku ? { ...l, quantity: data.quantity } : l)),
      })),
    )
    .with({ type: 'CartItemRemoved' }, ({ data }) =>
      onCart(state, data.cartId, (cart) => ({ ...cart, lines: cart.lines.filter((l) => l.sku !== data.sku) })),
    )
    .with({ type: 'CartCleared' }, ({ data }) => onCart(state, data.cartId, (cart) => ({ ...cart, lines: [], coupon: null })))
    .with({ type: 'CartCouponApplied' }, ({ data: { cartId, code, discount } }) =>
      onCart(state, cartId, (cart) => (discount.currency === cart.currency ? { ...cart, coupon: { code, discount } } : cart)),
    )
    .with({ type: 'CartCouponRemoved' }, ({ data }) => onCart(state, data.cartId, (cart) => ({ ...cart, coupon: null })))
    .with({ type: 'CartPricesRefreshed' }, ({ data }) =>
      onCart(state, data.cartId, (cart) =>
        data.changes.reduce<Cart>((c, { sku, current }) => {
          const line = c.lines.find((l) => l.sku === sku);
          if (!line) return c;
          return current === null ? { ...c, lines: c.lines.filter((l) => l.sku !== sku) } : upsert(c, { ...line, unitPrice: current });
        }, cart),
      ),
    )
    .with({ type: 'CartCheckedOut' }, ({ data }) => onCart(state, data.cartId, (cart) => ({ ...cart, status: 'checkedOut', orderId: data.orderId })))
    .with({ type: 'CartGuestItemsMerged' }, ({ data }) =>
      onCart(state, data.cartId, (cart) => ({
        ...data.lines.reduce(upsert, cart),
        mergedGuestCartIds: cart.mergedGuestCartIds.includes(data.guestCartId) ? cart.mergedGuestCartIds : [...cart.mergedGuestCartIds, data.guestCartId],
      })),
    )
    .with({ type: 'CartMerged' }, ({ data }) => onCart(state, data.cartId, (cart) => ({ ...cart, status: 'merged', mergedInto: data.intoCartId })))
    .exhaustive();
