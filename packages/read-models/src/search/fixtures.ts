/**
 * Event builders and a history generator for the search projection's tests. Not part of the build.
 */
import { productStream, taxonomyStream } from '@shopstream/commerce/catalog';
import { inventoryStream } from '@shopstream/commerce/inventory';
import { orderStream } from '@shopstream/commerce/ordering';
import { reviewStream } from '@shopstream/commerce/reviews';
import type { NewEvent } from '@shopstream/kernel';
import fc from 'fast-check';
import type { HistoryStep } from '../testing/harness.js';
import type { Text } from './documents.js';

const uuid = (kind: number, n: number): string => `${String(kind).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const productId = (n: number): string => uuid(3, n);
export const brandId = (n: number): string => uuid(2, n);
export const categoryId = (n: number): string => uuid(1, n);
export const orderId = (n: number): string => uuid(4, n);
export const reservationId = (n: number): string => uuid(5, n);
export const skuOf = (product: number, variant = 1): string => `SKU-${product}-${variant}`;

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const text = (zh: string, en = ''): Text => ({ zh, en });
const event = (type: string, data: unknown, occurredAt?: string): NewEvent => (occurredAt === undefined ? { type, data } : { type, data, occurredAt });

export const taxonomy = (...events: NewEvent[]): HistoryStep => ({ stream: taxonomyStream(), events });
export const brandDefined = (n: number, zh: string, en: string): NewEvent => event('BrandDefined', { brandId: brandId(n), name: text(zh, en) });
export const brandRenamed = (n: number, zh: string, en: string): NewEvent => event('BrandRenamed', { brandId: brandId(n), name: text(zh, en) });
export const categoryDefined = (n: number, zh: string, parent: number | null = null): NewEvent =>
  event('CategoryDefined', { categoryId: categoryId(n), name: text(zh), parentId: parent === null ? null : categoryId(parent) });
export const categoryMoved = (n: number, parent: number | null): NewEvent =>
  event('CategoryMoved', { categoryId: categoryId(n), previousParentId: null, parentId: parent === null ? null : categoryId(parent) });
export const categoryRetired = (n: number): NewEvent => event('CategoryRetired', { categoryId: categoryId(n) });
export const categoryRenamed = (n: number, zh: string): NewEvent => event('CategoryRenamed', { categoryId: categoryId(n), name: text(zh) });

export type ProductSpec = {
  readonly n: number;
  readonly title: Text;
  readonly description?: Text;
  readonly brand?: number | null;
  readonly categories?: readonly number[];
  readonly attributes?: Readonly<Record<string, string>>;
  readonly createdAt?: string;
};

export const product = (n: number, ...events: NewEvent[]): HistoryStep => ({ stream: productStream(productId(n)), events });
export const productCreated = (spec: ProductSpec): NewEvent =>
  event(
    'ProductCreated',
    {
      productId: productId(spec.n),
      title: spec.title,
      description: spec.description ?? text(''),
      brandId: spec.brand === undefined || spec.brand === null ? null : brandId(spec.brand),
      categoryIds: (spec.categories ?? []).map(categoryId),
      attributes: spec.attributes ?? {},
      currency: 'CNY',
    },
    spec.createdAt,
  );
export const skuAdded = (n: number, price: number | null, variant = 1, attributes: Readonly<Record<string, string>> = {}): NewEvent =>
  event('ProductSkuAdded', { productId: productId(n), sku: skuOf(n, variant), attributes, price: price === null ? null : cny(price) });
export const detailsRevised = (spec: ProductSpec): NewEvent => {
  const { currency: _currency, ...details } = productCreated(spec).data as { readonly currency: string } & Record<string, unknown>;
  return event('ProductDetailsRevised', details);
};
export const skuRemoved = (n: number, variant = 1): NewEvent => event('ProductSkuRemoved', { productId: productId(n), sku: skuOf(n, variant) });
export const priceChanged = (n: number, previous: number | null, price: number, variant = 1): NewEvent =>
  event('ProductPriceChanged', { productId: productId(n), sku: skuOf(n, variant), previous: previous === null ? null : cny(previous), price: cny(price) });
export const published = (n: number): NewEvent => event('ProductPublished', { productId: productId(n) });
export const unpublished = (n: number): NewEvent => event('ProductUnpublished', { productId: productId(n) });

/** A published product with one priced SKU, in one step. */
export const listed = (spec: ProductSpec & { readonly price: number }): HistoryStep => product(spec.n, productCreated(spec), skuAdded(spec.n, spec.price), published(spec.n));

export const stock = (sku: string, ...events: NewEvent[]): HistoryStep => ({ stream: inventoryStream(sku), events });
export const received = (sku: string, quantity: number): NewEvent => event('StockReceived', { sku, quantity, reference: null });
export const adjusted = (sku: string, previous: number, counted: number): NewEvent => event('StockAdjusted', { sku, previous, counted, reason: 'stocktake' });
const reservation = (sku: string, r: number, quantity: number) => ({ sku, reservationId: reservationId(r), orderId: orderId(r), quantity });
export const reserved = (sku: string, r: number, quantity: number): NewEvent => event('StockReserved', { ...reservation(sku, r, quantity), expiresAt: '2026-03-01T09:00:00.000Z' });
export const released = (sku: string, r: number, quantity: number): NewEvent => event('StockReservationReleased', { ...reservation(sku, r, quantity), reason: 'cancelled' });
export const committed = (sku: string, r: number, quantity: number): NewEvent => event('StockReservationCommitted', reservation(sku, r, quantity));
export const expired = (sku: string, r: number, quantity: number): NewEvent => event('StockReservationExpired', { ...reservation(sku, r, quantity), expiresAt: '2026-03-01T09:00:00.000Z' });

const sealed = (label: string) => ({ v: 1, subject: 'customer-1', keyId: 'key-1', iv: 'AAAAAAAAAAAAAAAA', data: Buffer.from(label).toString('base64'), tag: 'AAAAAAAAAAAAAAAAAAAAAA==' });
const AT = '2026-03-01T08:00:00.000Z';

export const order = (o: number, ...events: NewEvent[]): HistoryStep => ({ stream: orderStream(orderId(o)), events });
/** An order of `quantity` units of each product listed, at ¥10 a unit. */
export const orderPlaced = (o: number, lines: readonly { readonly product: number; readonly quantity: number }[]): NewEvent => {
  const placed = lines.map(({ product: p, quantity }, i) => ({
    lineId: `line-${i + 1}`,
    productId: productId(p),
    sku: skuOf(p),
    title: `product ${p}`,
    unitPrice: cny(1000),
    quantity,
    subtotal: cny(1000 * quantity),
    lineDiscount: cny(0),
    orderDiscountShare: cny(0),
    net: cny(1000 * quantity),
  }));
  const total = placed.reduce((sum, line) => sum + line.net.amount, 0);
  return event('OrderPlaced', {
    orderId: orderId(o),
    customerId: 'customer-1',
    currency: 'CNY',
    lines: placed,
    discounts: [],
    shippingFee: cny(0),
    itemsSubtotal: cny(total),
    discountTotal: cny(0),
    total: cny(total),
    address: { recipientName: sealed('recipient'), phone: sealed('phone'), addressLines: sealed('address'), province: '浙江省', city: '杭州市', district: '西湖区' },
    placedAt: AT,
    paymentDueAt: '2026-03-01T08:30:00.000Z',
    autoConfirmReceiptAfterDays: 10,
  });
};
export const orderPaid = (o: number, amount: number): NewEvent => event('OrderPaid', { orderId: orderId(o), paymentId: `payment-${o}`, amount: cny(amount), paidAt: AT });
export const orderCancelled = (o: number, refund: number): NewEvent =>
  event('OrderCancelled', { orderId: orderId(o), reason: 'customer_request', cancelledBy: { kind: 'customer', customerId: 'customer-1' }, refundDue: cny(refund), cancelledAt: AT });

/** The search read model counts ratings and never reads a review's words: any envelope will do. */
const sealedWords = { v: 1, subject: 'customer-1', keyId: 'key-1', iv: 'AAAAAAAAAAAAAAAA', data: '', tag: 'AAAAAAAAAAAAAAAAAAAAAA==' };
export const review = (r: string, ...events: NewEvent[]): HistoryStep => ({ stream: reviewStream(orderId(1), `line-${r}`), events });
export const reviewWritten = (r: string, p: number, rating: number): NewEvent =>
  event('ReviewWritten', { reviewId: r, orderId: orderId(1), lineId: `line-${r}`, productId: productId(p), authorId: 'customer-1', anonymous: false, rating, content: sealedWords, writtenAt: AT });
export const reviewHidden = (r: string): NewEvent => event('ReviewHidden', { reviewId: r, moderatorId: 'mod-1', reason: 'spam', at: AT });
export const reviewRestored = (r: string): NewEvent => event('ReviewRestored', { reviewId: r, moderatorId: 'mod-1', reason: 'appeal', at: AT });

const TITLES = ['华为 Mate 60 Pro 手机', '小米14 手机壳', 'iPhone 15 保护套', '苹果 MacBook Air 笔记本', '红富士苹果 5斤', '男士跑步鞋'] as const;

/**
 * Random histories over a few products, SKUs, categories, brands, orders and reviews, in any order the
 * streams allow: events may name a product, category or SKU before it exists, as catch-up subscriptions and
 * independent streams make possible. Every event is schema-valid; the projection must give the same
 * documents whether it follows the history live or rebuilds it from scratch.
 */
export const searchHistory = (): fc.Arbitrary<HistoryStep[]> => {
  const p = fc.integer({ min: 1, max: 4 });
  const title = fc.constantFrom(...TITLES).map((zh) => text(zh, 'phone case'));
  const step: fc.Arbitrary<HistoryStep> = fc.oneof(
    fc.record({ n: p, title, brand: fc.option(fc.integer({ min: 1, max: 2 })), category: fc.integer({ min: 1, max: 3 }) }).map((s) =>
      product(s.n, productCreated({ n: s.n, title: s.title, brand: s.brand, categories: [s.category], attributes: { model: 'Mate 60' } })),
    ),
    fc.record({ n: p, title, brand: fc.option(fc.integer({ min: 1, max: 2 })), category: fc.integer({ min: 1, max: 3 }), model: fc.constantFrom('Mate 60', 'P70') }).map((s) =>
      product(s.n, detailsRevised({ n: s.n, title: s.title, brand: s.brand, categories: [s.category], attributes: { model: s.model } })),
    ),
    fc.tuple(p, fc.integer({ min: 1, max: 2 }), fc.option(fc.integer({ min: 1, max: 900_000 })), fc.constantFrom<Readonly<Record<string, string>>>({}, { colour: '黑色' }, { colour: 'white 256GB' })).map(([n, v, price, attributes]) =>
      product(n, skuAdded(n, price, v, attributes)),
    ),
    fc.tuple(p, fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 900_000 })).map(([n, v, price]) => product(n, priceChanged(n, null, price, v))),
    fc.tuple(p, fc.integer({ min: 1, max: 2 })).map(([n, v]) => product(n, skuRemoved(n, v))),
    p.map((n) => product(n, published(n))),
    p.map((n) => product(n, unpublished(n))),
    fc.tuple(fc.integer({ min: 1, max: 2 }), fc.constantFrom('华为', '小米', '苹果')).map(([b, zh]) => taxonomy(brandDefined(b, zh, `brand ${b}`))),
    fc.tuple(fc.integer({ min: 1, max: 2 }), fc.constantFrom('荣耀', 'Apple')).map(([b, zh]) => taxonomy(brandRenamed(b, zh, 'renamed'))),
    fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom('手机', '手机配件', '水果'), fc.option(fc.integer({ min: 1, max: 3 }))).map(([c, name, parent]) =>
      taxonomy(categoryDefined(c, name, parent === c ? null : parent)),
    ),
    fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom('智能手机', '笔记本电脑')).map(([c, name]) => taxonomy(categoryRenamed(c, name))),
    fc.tuple(fc.integer({ min: 1, max: 3 }), fc.option(fc.integer({ min: 1, max: 3 }))).map(([c, parent]) => taxonomy(categoryMoved(c, parent))),
    fc.integer({ min: 1, max: 3 }).map((c) => taxonomy(categoryRetired(c))),
    fc.tuple(p, fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 50 })).map(([n, v, q]) => stock(skuOf(n, v), received(skuOf(n, v), q))),
    fc.tuple(p, fc.integer({ min: 0, max: 20 })).map(([n, q]) => stock(skuOf(n), adjusted(skuOf(n), 0, q))),
    fc.tuple(p, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 })).map(([n, r, q]) => stock(skuOf(n), reserved(skuOf(n), r, q))),
    fc.tuple(p, fc.integer({ min: 1, max: 3 }), fc.constantFrom(released, committed, expired)).map(([n, r, end]) => stock(skuOf(n), end(skuOf(n), r, 1))),
    fc.tuple(fc.integer({ min: 1, max: 3 }), p, fc.integer({ min: 1, max: 3 })).map(([o, n, q]) => order(o, orderPlaced(o, [{ product: n, quantity: q }]))),
    fc.integer({ min: 1, max: 3 }).map((o) => order(o, orderPaid(o, 1000))),
    fc.integer({ min: 1, max: 3 }).map((o) => order(o, orderCancelled(o, 0))),
    fc.tuple(fc.constantFrom('r1', 'r2', 'r3'), p, fc.integer({ min: 1, max: 5 })).map(([r, n, rating]) => review(r, reviewWritten(r, n, rating))),
    fc.constantFrom('r1', 'r2', 'r3').map((r) => review(r, reviewHidden(r))),
    fc.constantFrom('r1', 'r2', 'r3').map((r) => review(r, reviewRestored(r))),
  );
  return fc.array(step, { minLength: 1, maxLength: 25 });
};
