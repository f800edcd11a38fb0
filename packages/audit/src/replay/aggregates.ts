import { timeoutDecider } from '@shopstream/kernel';
import type { Decider, Event } from '@shopstream/kernel';
import { afterSales, behaviour, cart, catalog, identity, inbox, inventory, ordering, payment, promotion, reviews, risk, shipping } from '@shopstream/commerce';

/** An aggregate as replay needs it: its initial state and its fold, over the events of its streams. */
export interface Aggregate {
  readonly name: string;
  readonly initialState: () => unknown;
  readonly evolve: (state: unknown, event: Event) => unknown;
}

/**
 * Erases a decider's types: replay reads events from a stream of the decider's category, which only that
 * decider writes, so the events are of its union (and a stray one makes `evolve` throw, which replay reports).
 */
export const aggregate = <S, E extends Event>(name: string, decider: Pick<Decider<S, never, E, never>, 'initialState' | 'evolve'>): Aggregate => ({
  name,
  initialState: decider.initialState,
  evolve: (state, event) => decider.evolve(state as S, event as E),
});

/** The shop's aggregates by stream category (`order-<id>` is an order). */
export const commerceAggregates: ReadonlyMap<string, Aggregate> = new Map([
  ['user', aggregate('user', identity.userDecider())],
  ['contact', aggregate('contact claim', identity.contactClaimDecider)],
  ['administration', aggregate('administration ledger', identity.administrationLedger)],
  ['product', aggregate('product', catalog.productDecider)],
  ['taxonomy', aggregate('taxonomy', catalog.taxonomyDecider)],
  ['inventory', aggregate('stock', inventory.inventoryDecider)],
  ['coupon', aggregate('coupon', promotion.couponDecider)],
  ['cart', aggregate('cart', cart.cartDecider)],
  ['order', aggregate('order', ordering.orderDecider)],
  ['payment', aggregate('payment', payment.paymentDecider)],
  ['shipment', aggregate('shipment', shipping.shipmentDecider)],
  ['aftersales', aggregate('after-sales case', afterSales.afterSales)],
  ['caseclaims', aggregate('order case claims', afterSales.caseClaims)],
  ['review', aggregate('review', reviews.reviews)],
  ['inbox', aggregate('notification inbox', inbox.inbox)],
  ['risk', aggregate('risk assessment', risk.riskDecider)],
  ['behaviour', aggregate('activity', behaviour.activity)],
  ['favourites', aggregate('favourites', behaviour.favourites)],
  ['timeout', aggregate('timeout', timeoutDecider)],
]);
