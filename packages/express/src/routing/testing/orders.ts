import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Customer, TestApi } from './harness.js';

/** A product an admin created, published and stocked over HTTP: what a customer puts in the cart. */
export interface ProductOnSale {
  readonly productId: string;
  readonly sku: string;
}

export interface ProductInput {
  readonly title: { readonly zh: string; readonly en: string };
  readonly sku: string;
  readonly price: { readonly amount: number; readonly currency: string };
  /** Units received into stock. */
  readonly quantity: number;
  /** The receipt's purchase-order reference. */
  readonly reference: string;
}

/** Whose order, of which product, shipped where: one of the product each time. */
export interface OrderInput {
  readonly customer: Customer;
  readonly product: ProductOnSale;
  readonly address: object;
}

export interface PlacedOrder {
  readonly orderId: string;
  /** The order's one line. */
  readonly lineId: string;
}

/** Creates and publishes a product with one SKU, and receives stock of it, as the admin. Setup: a refusal throws. */
export const productOnSale = async (api: TestApi, admin: Customer, product: ProductInput): Promise<ProductOnSale> => {
  const created = await api.call('POST', '/products', {
    token: admin.token,
    body: { title: product.title, skus: [{ sku: product.sku, price: product.price }], publish: true },
  });
  if (created.status !== 201) throw new Error(`create product: ${created.text}`);
  const received = await api.call('POST', '/inventory/receipts', { token: admin.token, body: { sku: product.sku, quantity: product.quantity, reference: product.reference } });
  if (received.status !== 200) throw new Error(`receive stock: ${received.text}`);
  return { productId: (created.body as { productId: string }).productId, sku: product.sku };
};

/** A fresh order awaiting payment: one of the product into the customer's cart, checked out (201), and settled. */
export const placedOrder = async (api: TestApi, { customer, product, address }: OrderInput): Promise<PlacedOrder> => {
  await api.call('POST', '/me/cart/items', { token: customer.token, body: { productId: product.productId, sku: product.sku, quantity: 1 } });
  const placed = await api.call('POST', '/checkout', { token: customer.token, body: { shipTo: { address } }, headers: { 'idempotency-key': randomUUID() } });
  expect(placed.status, placed.text).toBe(201);
  const order = placed.body as { orderId: string; lines: { lineId: string }[] };
  await api.shop.settle();
  return { orderId: order.orderId, lineId: order.lines[0]?.lineId ?? '' };
};

/** The customer pays the order by Alipay (201) and the sandbox completes the payment (200); then settled. */
export const payInSandbox = async (api: TestApi, customer: Customer, orderId: string): Promise<void> => {
  const started = await api.call('POST', `/orders/${orderId}/payments`, { token: customer.token, body: { method: 'alipay' } });
  expect(started.status, started.text).toBe(201);
  const { providerReference } = started.body as { providerReference: string };
  expect((await api.call('POST', `/sandbox/payments/${providerReference}/complete`, { token: customer.token })).status).toBe(200);
  await api.shop.settle();
};

/** A fresh paid order: placed, then paid in the sandbox. */
export const paidOrder = async (api: TestApi, order: OrderInput): Promise<PlacedOrder> => {
  const placed = await placedOrder(api, order);
  await payInSandbox(api, order.customer, placed.orderId);
  return placed;
};
