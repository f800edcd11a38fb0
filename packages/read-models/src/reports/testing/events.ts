import type { Sealed } from '@shopstream/commerce';
import type { HistoryStep } from '../../testing/harness.js';

/**
 * Builders of valid commerce events for the reports' tests: each returns one append (a stream and its events),
 * with `occurredAt` set, since periods come from it.
 */

const sealed = (subject: string, label: string): Sealed => ({
  v: 1,
  subject,
  keyId: 'key-1',
  iv: 'AAAAAAAAAAAAAAAA',
  data: Buffer.from(label).toString('base64'),
  tag: 'AAAAAAAAAAAAAAAAAAAAAA==',
});

const cny = (amount: number, currency = 'CNY') => ({ amount, currency });

const step = (stream: string, type: string, data: unknown, at: string): HistoryStep => ({ stream, events: [{ type, data, occurredAt: at }] });

export interface LineSpec {
  readonly lineId: string;
  readonly productId: string;
  readonly quantity: number;
  /** The line's net amount in minor units; the unit price is derived so the line stays consistent. */
  readonly net: number;
  readonly sku?: string;
}

export interface OrderSpec {
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly LineSpec[];
  readonly at: string;
  readonly province?: string;
  readonly city?: string;
  readonly currency?: string;
  readonly shippingFee?: number;
  readonly client?: { readonly channel: 'web' | 'app' | 'mini_program' | 'api' };
}

export const orderPlaced = (spec: OrderSpec): HistoryStep => {
  const currency = spec.currency ?? 'CNY';
  const shipping = spec.shippingFee ?? 0;
  const lines = spec.lines.map((line) => ({
    lineId: line.lineId,
    productId: line.productId,
    sku: line.sku ?? `SKU-${line.lineId}`,
    title: `Product ${line.productId.slice(0, 8)}`,
    unitPrice: cny(Math.ceil(line.net / line.quantity), currency),
    quantity: line.quantity,
    subtotal: cny(Math.ceil(line.net / line.quantity) * line.quantity, currency),
    lineDiscount: cny(Math.ceil(line.net / line.quantity) * line.quantity - line.net, currency),
    orderDiscountShare: cny(0, currency),
    net: cny(line.net, currency),
  }));
  const items = spec.lines.reduce((sum, line) => sum + line.net, 0);
  return step(
    `order-${spec.orderId}`,
    'OrderPlaced',
    {
      orderId: spec.orderId,
      customerId: spec.customerId,
      currency,
      lines,
      discounts: [],
      shippingFee: cny(shipping, currency),
      itemsSubtotal: cny(items, currency),
      discountTotal: cny(0, currency),
      total: cny(items + shipping, currency),
      address: {
        recipientName: sealed(spec.customerId, 'recipient'),
        phone: sealed(spec.customerId, 'phone'),
        addressLines: sealed(spec.customerId, 'street'),
        province: spec.province ?? '浙江省',
        city: spec.city ?? '杭州市',
        district: '西湖区',
      },
      placedAt: spec.at,
      paymentDueAt: spec.at,
      autoConfirmReceiptAfterDays: 10,
      ...(spec.client === undefined ? {} : { client: spec.client }),
    },
    spec.at,
  );
};

export const paymentStarted = (orderId: string, attemptId: string, method: string, amount: number, at: string): HistoryStep =>
  step(`payment-${orderId}`, 'PaymentAttemptStarted', { orderId, attemptId, method, amount: cny(amount), startedAt: at, expiresAt: at }, at);

export const orderPaid = (orderId: string, paymentId: string, amount: number, at: string): HistoryStep =>
  step(`order-${orderId}`, 'OrderPaid', { orderId, paymentId, amount: cny(amount), paidAt: at }, at);

export const refundRecorded = (orderId: string, refundId: string, amount: number, at: string, lineId?: string): HistoryStep =>
  step(`order-${orderId}`, 'OrderRefundRecorded', { orderId, refundId, amount: cny(amount), reason: 'refund', ...(lineId === undefined ? {} : { lineId }), recordedAt: at }, at);

export const productCreated = (productId: string, categoryIds: readonly string[], brandId: string | null, at: string): HistoryStep =>
  step(
    `product-${productId}`,
    'ProductCreated',
    { productId, title: { zh: '商品', en: 'Product' }, description: { zh: '', en: '' }, brandId, categoryIds, attributes: {}, currency: 'CNY' },
    at,
  );

export const productRevised = (productId: string, categoryIds: readonly string[], brandId: string | null, at: string): HistoryStep =>
  step(`product-${productId}`, 'ProductDetailsRevised', { productId, title: { zh: '商品', en: 'Product' }, description: { zh: '', en: '' }, brandId, categoryIds, attributes: {} }, at);

export const categoryDefined = (categoryId: string, zh: string, en: string, at: string): HistoryStep =>
  step('taxonomy-main', 'CategoryDefined', { categoryId, name: { zh, en }, parentId: null }, at);

export const brandDefined = (brandId: string, zh: string, en: string, at: string): HistoryStep => step('taxonomy-main', 'BrandDefined', { brandId, name: { zh, en } }, at);

export interface ReturnSpec {
  readonly caseId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly kind?: 'return' | 'exchange' | 'repair' | 'complaint';
  readonly reason: string;
  readonly lines: readonly { readonly lineId: string; readonly sku: string; readonly quantity: number }[];
  readonly at: string;
}

export const returnRequested = (spec: ReturnSpec): HistoryStep =>
  step(
    `aftersales-${spec.caseId}`,
    'AfterSalesRequested',
    {
      caseId: spec.caseId,
      orderId: spec.orderId,
      customerId: spec.customerId,
      kind: spec.kind ?? 'return',
      reason: spec.reason,
      description: '',
      evidence: [],
      lines: spec.lines.map((line) => ({ ...line, refundable: cny(100) })),
      refundable: cny(100 * spec.lines.length),
      windowStart: spec.at,
      windowDays: 7,
      requestedAt: spec.at,
    },
    spec.at,
  );

export const caseRejected = (caseId: string, orderId: string, at: string): HistoryStep =>
  step(`aftersales-${caseId}`, 'CaseRejected', { caseId, orderId, rejectedBy: 'staff-1', reason: 'no', stage: 'request', at }, at);

export const caseApproved = (caseId: string, orderId: string, at: string): HistoryStep =>
  step(`aftersales-${caseId}`, 'CaseApproved', { caseId, orderId, kind: 'return', approvedBy: 'staff-1', note: '', at }, at);

type Subject = { readonly kind: 'customer' | 'session'; readonly id: string };

export const productViewed = (subject: Subject, productId: string, at: string): HistoryStep =>
  step(`behaviour-${subject.kind}_${subject.id}-${at.slice(0, 10)}`, 'ProductViewed', { subject, productId, source: 'direct', at }, at);

export const sessionIdentified = (sessionId: string, customerId: string, at: string): HistoryStep =>
  step(`behaviour-session_${sessionId}-${at.slice(0, 10)}`, 'SessionIdentified', { sessionId, customerId, at }, at);

export const cartOpened = (cartId: string, userId: string | null, at: string): HistoryStep => step(`cart-${cartId}`, 'CartOpened', { cartId, userId, currency: 'CNY' }, at);

export const cartItemAdded = (cartId: string, productId: string, at: string): HistoryStep =>
  step(`cart-${cartId}`, 'CartItemAdded', { cartId, sku: 'SKU-1', productId, quantity: 1, lineQuantity: 1, unitPrice: cny(100), limit: 10 }, at);

export const cartMerged = (cartId: string, intoCartId: string, at: string): HistoryStep => step(`cart-${cartId}`, 'CartMerged', { cartId, intoCartId }, at);
