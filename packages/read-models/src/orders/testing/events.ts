import type { Actor, NewEvent } from '@shopstream/kernel';
import type { Sealed } from '@shopstream/commerce';
import type { AfterSalesEvent } from '@shopstream/commerce/afterSales';
import type { UserEvent } from '@shopstream/commerce/identity';
import type { OrderingEvent } from '@shopstream/commerce/ordering';
import type { PaymentEvent } from '@shopstream/commerce/payment';
import type { RiskEvent } from '@shopstream/commerce/risk';
import type { ShippingEvent } from '@shopstream/commerce/shipping';
import type { HistoryStep } from '../../testing/harness.js';

/**
 * Event builders for the account, order and tracking read models' tests: schema-valid payloads (the harness's
 * registry validates every append) with readable defaults. Nothing here makes real ciphertext unless a test
 * seals with a vault itself.
 */
export type ShopEvent = UserEvent | OrderingEvent | PaymentEvent | ShippingEvent | AfterSalesEvent | RiskEvent;

export const cny = (amount: number) => ({ amount, currency: 'CNY' });

export const fakeSealed = (subject: string, label = 'x'): Sealed => ({
  v: 1,
  subject,
  keyId: 'key-1',
  iv: 'AAAAAAAAAAAAAAAA',
  data: Buffer.from(label).toString('base64'),
  tag: 'AAAAAAAAAAAAAAAAAAAAAA==',
});

export const at = (minute: number): string => new Date(Date.parse('2026-03-02T09:00:00.000Z') + minute * 60_000).toISOString();

export const customer = (id: string): Actor => ({ kind: 'customer', id });
export const staff = (id: string): Actor => ({ kind: 'staff', id });
export const system: Actor = { kind: 'system', id: 'engine' };

/** One append: the events of one stream, with their time and who caused them. */
export const step = (stream: string, events: readonly ShopEvent[], occurredAt: string, actor: Actor | null = null): HistoryStep => ({
  stream,
  events: events.map((event): NewEvent => ({ type: event.type, data: event.data, occurredAt, metadata: { actor } })),
});

export const orderPlaced = (orderId: string, customerId: string, placedAt: string, sealed: (label: string) => Sealed = (label) => fakeSealed(customerId, label)): OrderingEvent => ({
  type: 'OrderPlaced',
  data: {
    orderId,
    customerId,
    currency: 'CNY',
    lines: [
      {
        lineId: 'line-1',
        productId: 'product-1',
        sku: 'SKU-TEA',
        title: 'Longjing tea 250 g',
        unitPrice: cny(1999),
        quantity: 2,
        subtotal: cny(3998),
        lineDiscount: cny(0),
        orderDiscountShare: cny(0),
        net: cny(3998),
      },
      {
        lineId: 'line-2',
        productId: 'product-2',
        sku: 'SKU-CUP',
        title: 'Tea cup',
        unitPrice: cny(500),
        quantity: 1,
        subtotal: cny(500),
        lineDiscount: cny(0),
        orderDiscountShare: cny(0),
        net: cny(500),
      },
    ],
    discounts: [],
    shippingFee: cny(1000),
    itemsSubtotal: cny(4498),
    discountTotal: cny(0),
    total: cny(5498),
    address: { recipientName: sealed('recipient'), phone: sealed('phone'), addressLines: sealed('lines'), province: '浙江省', city: '杭州市', district: '西湖区' },
    placedAt,
    paymentDueAt: new Date(Date.parse(placedAt) + 30 * 60_000).toISOString(),
    autoConfirmReceiptAfterDays: 10,
  },
});

export const allLines = [
  { lineId: 'line-1', quantity: 2 },
  { lineId: 'line-2', quantity: 1 },
];

export const shipmentLines = [
  { lineId: 'line-1', sku: 'SKU-TEA', quantity: 2 },
  { lineId: 'line-2', sku: 'SKU-CUP', quantity: 1 },
];
