import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../routing/testing/harness.js';
import type { Answer, Customer, TestApi } from '../routing/testing/harness.js';

/** Staff's goodwill refunds over HTTP: what the order still has free, once per refund id, admins only. */
let api: TestApi;
let admin: Customer;
let auditor: Customer;
let erin: Customer;
let productId = '';

const PRICE = 12_800;
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const address = { recipientName: '李雷', phone: '13900139001', region: { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区' }, lines: '文三路 1 号' };
const body = <T>(answer: Answer): T => answer.body as T;

beforeAll(async () => {
  api = await startApi();
  admin = await api.staff('refund-admin', 'admin');
  auditor = await api.staff('refund-auditor', 'auditor');
  erin = await api.customer('erin');
  const created = await api.call('POST', '/products', {
    token: admin.token,
    body: { title: { zh: '碧螺春', en: 'Biluochun' }, skus: [{ sku: 'BLC-100', price: cny(PRICE) }], publish: true },
  });
  productId = body<{ productId: string }>(created).productId;
  await api.call('POST', '/inventory/receipts', { token: admin.token, body: { sku: 'BLC-100', quantity: 20, reference: 'PO-REFUND' } });
});
afterAll(async () => api.close());

const paidOrder = async (): Promise<string> => {
  await api.call('POST', '/me/cart/items', { token: erin.token, body: { productId, sku: 'BLC-100', quantity: 1 } });
  const placed = await api.call('POST', '/checkout', { token: erin.token, body: { shipTo: { address } }, headers: { 'idempotency-key': randomUUID() } });
  expect(placed.status, placed.text).toBe(201);
  const { orderId } = body<{ orderId: string }>(placed);
  await api.shop.settle();
  const started = await api.call('POST', `/orders/${orderId}/payments`, { token: erin.token, body: { method: 'alipay' } });
  expect(started.status, started.text).toBe(201);
  const { providerReference } = body<{ providerReference: string }>(started);
  expect((await api.call('POST', `/sandbox/payments/${providerReference}/complete`, { token: erin.token })).status).toBe(200);
  await api.shop.settle();
  return orderId;
};

const refund = (orderId: string, token: string, payload: object): Promise<Answer> => api.call('POST', `/orders/${orderId}/refunds`, { token, body: payload });

const refundsOf = async (orderId: string): Promise<{ refundId: string; amount: { amount: number } }[]> =>
  body<{ refunds: { refundId: string; amount: { amount: number } }[] }>(await api.call('GET', `/orders/${orderId}/payment`, { token: admin.token })).refunds;

describe('refundPayment', () => {
  it('refunds part of a paid order as the admin asked, once per refund id, and records who asked', async () => {
    const orderId = await paidOrder();
    const refundId = randomUUID();
    const first = await refund(orderId, admin.token, { amount: cny(3_000), reason: 'late delivery, goodwill', refundId });
    expect(first.status, first.text).toBe(201);
    expect(body<object>(first)).toMatchObject({ refundId });
    // The same id again is the same refund, not a second one.
    const again = await refund(orderId, admin.token, { amount: cny(3_000), reason: 'late delivery, goodwill', refundId });
    expect(again.status, again.text).toBe(201);
    await api.shop.settle();
    expect((await refundsOf(orderId)).map((r) => [r.refundId, r.amount.amount])).toEqual([[refundId, 3_000]]);

    const recorded = (await api.shop.eventStore.readStream(`payment-${orderId}`)).find((e) => e.type === 'PaymentRefundRequested' || e.type === 'PaymentRefunded');
    expect(recorded?.metadata.actor).toMatchObject({ id: admin.userId });
  });

  it('refuses more than the order has free, naming what is', async () => {
    const orderId = await paidOrder();
    expect((await refund(orderId, admin.token, { amount: cny(10_000), reason: 'goodwill' })).status).toBe(201);
    await api.shop.settle();
    const over = await refund(orderId, admin.token, { amount: cny(5_000), reason: 'goodwill again' });
    expect(over.status, over.text).toBe(409);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    expect(body<object>(over)).toMatchObject({ code: 'RefundExceedsUnclaimed', available: cny(PRICE - 10_000) });
    expect((await refundsOf(orderId)).map((r) => r.amount.amount)).toEqual([10_000]);
  });

  it('is for admins only, answers 404 for an order that does not exist, and refuses a malformed amount', async () => {
    const orderId = await paidOrder();
    expect((await refund(orderId, erin.token, { amount: cny(100), reason: 'me' })).status).toBe(403);
    expect((await refund(orderId, auditor.token, { amount: cny(100), reason: 'audit' })).status).toBe(403);
    expect((await refund(randomUUID(), admin.token, { amount: cny(100), reason: 'nobody' })).status).toBe(404);
    const malformed = await refund(orderId, admin.token, { amount: { amount: -5, currency: 'CNY' }, reason: 'negative' });
    expect([400, 422]).toContain(malformed.status);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    expect(await refundsOf(orderId)).toEqual([]);
  });
});
