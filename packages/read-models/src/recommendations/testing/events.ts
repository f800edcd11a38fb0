import { activityStream, favouritesStream } from '@shopstream/commerce/behaviour';
import { productStream } from '@shopstream/commerce/catalog';
import { userStream } from '@shopstream/commerce/identity';
import { inventoryStream } from '@shopstream/commerce/inventory';
import { orderStream } from '@shopstream/commerce/ordering';
import type { NewEvent } from '@shopstream/kernel';
import { addressFixture } from '../../../../commerce/src/ordering/testing.js';
import type { HistoryStep } from '../../testing/harness.js';

/**
 * Builders of valid commerce events for the recommendations tests, one history step each. Every builder takes
 * the instant it happened at, so decay and windows are under the test's control.
 */

const uuid = (group: string, n: number): string => `${group}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
export const productId = (n: number): string => uuid('10000000', n);
export const categoryId = (n: number): string => uuid('20000000', n);
export const brandId = (n: number): string => uuid('30000000', n);
/** Reservations and the orders they hold stock for: the inventory events want UUIDs. */
export const uuidOf = (n: number): string => uuid('40000000', n);
export const skuOf = (product: string): string => `SKU-${product.slice(-6)}`;

const DAY = 86_400_000;
/** An instant `minutes` after 2026-03-01, the tests' day one. */
export const at = (minutes: number): string => new Date(Date.parse('2026-03-01T00:00:00.000Z') + minutes * 60_000).toISOString();
export const atDay = (days: number): string => new Date(Date.parse('2026-03-01T00:00:00.000Z') + days * DAY).toISOString();

const step = (stream: string, occurredAt: string, ...events: { type: string; data: unknown }[]): HistoryStep => ({
  stream,
  events: events.map((e): NewEvent => ({ ...e, occurredAt })),
});

const text = { zh: '茶', en: 'tea' };

/** A product created with one SKU, in the given categories and brand; published unless told otherwise. */
export const productListed = (
  product: string,
  options: { readonly categories?: readonly string[]; readonly brand?: string | null; readonly published?: boolean; readonly when?: string } = {},
): HistoryStep =>
  step(
    productStream(product),
    options.when ?? at(0),
    {
      type: 'ProductCreated',
      data: { productId: product, title: text, description: text, brandId: options.brand ?? null, categoryIds: options.categories ?? [], attributes: {}, currency: 'CNY' },
    },
    { type: 'ProductSkuAdded', data: { productId: product, sku: skuOf(product), attributes: {}, price: { amount: 1000, currency: 'CNY' } } },
    ...(options.published === false ? [] : [{ type: 'ProductPublished', data: { productId: product } }]),
  );

export const productPublished = (product: string, published: boolean, when = at(0)): HistoryStep =>
  step(productStream(product), when, { type: published ? 'ProductPublished' : 'ProductUnpublished', data: { productId: product } });

export const productRevised = (product: string, category: string, brand: string | null, when = at(0)): HistoryStep =>
  step(productStream(product), when, {
    type: 'ProductDetailsRevised',
    data: { productId: product, title: text, description: text, brandId: brand, categoryIds: [category], attributes: {} },
  });

export const stockReceived = (product: string, quantity: number, when = at(0)): HistoryStep =>
  step(inventoryStream(skuOf(product)), when, { type: 'StockReceived', data: { sku: skuOf(product), quantity, reference: null } });

export const stockCounted = (product: string, counted: number, previous: number, when = at(0)): HistoryStep =>
  step(inventoryStream(skuOf(product)), when, { type: 'StockAdjusted', data: { sku: skuOf(product), previous, counted, reason: 'stocktake' } });

export const stockReserved = (product: string, reservationId: string, orderId: string, quantity: number, when = at(0)): HistoryStep =>
  step(inventoryStream(skuOf(product)), when, {
    type: 'StockReserved',
    data: { sku: skuOf(product), reservationId, orderId, quantity, expiresAt: new Date(Date.parse(when) + 30 * 60_000).toISOString() },
  });

export const reservationEnded = (
  product: string,
  reservationId: string,
  orderId: string,
  quantity: number,
  how: 'StockReservationCommitted' | 'StockReservationReleased',
  when = at(0),
): HistoryStep =>
  step(inventoryStream(skuOf(product)), when, {
    type: how,
    data: { sku: skuOf(product), reservationId, orderId, quantity, ...(how === 'StockReservationReleased' ? { reason: 'cancelled' } : {}) },
  });

const cny = (amount: number) => ({ amount, currency: 'CNY' });

export const orderPlaced = (orderId: string, customerId: string, products: readonly string[], when = at(0)): HistoryStep => {
  const lines = products.map((p, i) => ({
    lineId: `line-${i + 1}`,
    productId: p,
    sku: skuOf(p),
    title: 'tea',
    unitPrice: cny(1000),
    quantity: 1,
    subtotal: cny(1000),
    lineDiscount: cny(0),
    orderDiscountShare: cny(0),
    net: cny(1000),
  }));
  const total = cny(1000 * products.length);
  return step(orderStream(orderId), when, {
    type: 'OrderPlaced',
    data: {
      orderId,
      customerId,
      currency: 'CNY',
      lines,
      discounts: [],
      shippingFee: cny(0),
      itemsSubtotal: total,
      discountTotal: cny(0),
      total,
      address: addressFixture(customerId),
      placedAt: when,
      paymentDueAt: new Date(Date.parse(when) + 30 * 60_000).toISOString(),
      autoConfirmReceiptAfterDays: 10,
    },
  });
};

export const orderPaid = (orderId: string, amount: number, when = at(0)): HistoryStep =>
  step(orderStream(orderId), when, { type: 'OrderPaid', data: { orderId, paymentId: `pay-${orderId}`, amount: cny(amount), paidAt: when } });

export const orderCancelled = (orderId: string, when = at(0)): HistoryStep =>
  step(orderStream(orderId), when, {
    type: 'OrderCancelled',
    data: { orderId, reason: 'customer_request', cancelledBy: { kind: 'system' }, refundDue: cny(0), cancelledAt: when },
  });

/** A paid order: placed and paid at the same instant. */
export const orderBought = (orderId: string, customerId: string, products: readonly string[], when = at(0)): HistoryStep[] => [
  orderPlaced(orderId, customerId, products, when),
  orderPaid(orderId, 1000 * products.length, when),
];

export type Who = { readonly kind: 'customer' | 'session'; readonly id: string };
export const customer = (id: string): Who => ({ kind: 'customer', id });
export const session = (id: string): Who => ({ kind: 'session', id });

export const viewed = (who: Who, product: string, when = at(0)): HistoryStep =>
  step(activityStream(who, when.slice(0, 10)), when, { type: 'ProductViewed', data: { subject: who, productId: product, source: 'direct', at: when } });

export const favourited = (who: Who, product: string, when = at(0)): HistoryStep =>
  step(favouritesStream(who), when, { type: 'ProductFavourited', data: { subject: who, productId: product, at: when } });

export const sessionIdentified = (sessionId: string, customerId: string, when = at(0)): HistoryStep =>
  step(activityStream(session(sessionId), when.slice(0, 10)), when, { type: 'SessionIdentified', data: { sessionId, customerId, at: when } });

export const consent = (customerId: string, given: boolean, when = at(0)): HistoryStep =>
  step(userStream(customerId), when, { type: given ? 'ConsentGiven' : 'ConsentWithdrawn', data: { purpose: 'personalisation', at: when } });

export const marketingConsent = (customerId: string, when = at(0)): HistoryStep =>
  step(userStream(customerId), when, { type: 'ConsentGiven', data: { purpose: 'marketing', at: when } });

export const accountClosed = (customerId: string, when = at(0)): HistoryStep =>
  step(userStream(customerId), when, { type: 'AccountClosed', data: { at: when, reason: 'customer-request' } });
