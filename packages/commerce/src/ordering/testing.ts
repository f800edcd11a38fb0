import { money } from '../shared/money.js';
import type { Sealed } from '../shared/sealed.js';
import type { OrderingCommand } from './commands.js';
import type { AddressSnapshot } from './events.js';

/**
 * Test data builders for orders, shared by this context's tests and by the processes and read models that
 * need a realistic order to work on. Nothing here opens or makes real ciphertext: the domain treats sealed
 * values as opaque.
 */
export const sealedFixture = (subject: string, label: string): Sealed => ({
  v: 1,
  subject,
  keyId: 'key-1',
  iv: 'AAAAAAAAAAAAAAAA',
  data: Buffer.from(label).toString('base64'),
  tag: 'AAAAAAAAAAAAAAAAAAAAAA==',
});

export const addressFixture = (customerId: string): AddressSnapshot => ({
  recipientName: sealedFixture(customerId, 'recipient'),
  phone: sealedFixture(customerId, 'phone'),
  addressLines: sealedFixture(customerId, 'address lines'),
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
});

type PlaceOrderData = Extract<OrderingCommand, { type: 'PlaceOrder' }>['data'];

/**
 * Two lines (19.99 x 2 with 3.98 off, and 5.00 x 1), a 4.10 coupon and 10.00 shipping: 46.90 to pay.
 * The coupon splits 3.60 / 0.50 over the lines, so line nets are 32.40 and 4.50.
 */
export const placeOrderFixture = (overrides: Partial<PlaceOrderData> = {}): Extract<OrderingCommand, { type: 'PlaceOrder' }> => ({
  type: 'PlaceOrder',
  data: {
    orderId: 'order-1',
    customerId: 'customer-1',
    cartId: 'cart-1',
    currency: 'CNY',
    lines: [
      { lineId: 'line-1', productId: 'product-1', sku: 'SKU-TEA-250G', title: 'Longjing tea 250 g', unitPrice: money(1999), quantity: 2, discount: money(398) },
      { lineId: 'line-2', productId: 'product-2', sku: 'SKU-CUP', title: 'Tea cup', unitPrice: money(500), quantity: 1, discount: money(0) },
    ],
    discounts: [{ promotionId: 'promo-coupon', code: 'SPRING', amount: money(410) }],
    shippingFee: money(1000),
    address: addressFixture('customer-1'),
    paymentDueAt: '2026-01-01T00:30:00.000Z',
    autoConfirmReceiptAfterDays: 10,
    ...overrides,
  },
});
