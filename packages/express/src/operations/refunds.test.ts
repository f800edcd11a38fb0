import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../routing/testing/harness.js';
import type { Answer, Customer, TestApi } from '../routing/testing/harness.js';
import { paidOrder, productOnSale } from '../routing/testing/orders.js';
import type { OrderInput } from '../routing/testing/orders.js';

/** Staff's goodwill refunds over HTTP: what the order still has free, once per refund id, admins only. */
let api: TestApi;
let admin: Customer;
let auditor: Customer;
let erin: Customer;
let erinsOrder: OrderInput;

const PRICE = 12_800;
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const address = { recipientName: '李雷', phone: '13900139001', region: { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区' }, lines: '文三路 1 号' };
const body = <T>(answer: Answer): T => answer.body as T;

beforeAll(async () => {
  api = await startApi();
  admin = await api.staff('refund-admin', 'admin');
  auditor = await api.staff('refund-auditor', 'auditor');
  erin = await api.customer('erin');
  const product = await productOnSale(api, admin, { title: { zh: '碧螺春', en: 'Biluochun' }, sku: 'BLC-100', price: cny(PRICE), quantity: 20, reference: 'PO-REFUND' });
  erinsOrder = { customer: erin, product, address };
});
afterAll(async () => api.close());

const refund = (orderId: string, token: string, payload: object): Promise<Answer> => api.call('POST', `/orders/${orderId}/refunds`, { token, body: payload });

const refundsOf = async (orderId: string): Promise<{ refundId: string; amount: { amount: number } }[]> =>
  body<{ refunds: { refundId: string; amount: { amount: number } }[] }>(await api.call('GET', `/orders/${orderId}/payment`, { token: admin.token })).refunds;

describe('refundPayment', () => {
  it('refunds part of a paid order as the admin asked, once per refund id, and records who asked', async () => {
    const { orderId } = await paidOrder(api, erinsOrder);
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
    const { orderId } = await paidOrder(api, erinsOrder);
    expect((await refund(orderId, admin.token, { amount: cny(10_000), reason: 'goodwill' })).status).toBe(201);
    await api.shop.settle();
    const over = await refund(orderId, admin.token, { amount: cny(5_000), reason: 'goodwill again' });
    expect(over.status, over.text).toBe(409);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    expect(body<object>(over)).toMatchObject({ code: 'RefundExceedsUnclaimed', available: cny(PRICE - 10_000) });
    expect((await refundsOf(orderId)).map((r) => r.amount.amount)).toEqual([10_000]);
  });

  it('is for admins only, answers 404 for an order that does not exist, and refuses a malformed amount', async () => {
    const { orderId } = await paidOrder(api, erinsOrder);
    expect((await refund(orderId, erin.token, { amount: cny(100), reason: 'me' })).status).toBe(403);
    expect((await refund(orderId, auditor.token, { amount: cny(100), reason: 'audit' })).status).toBe(403);
    expect((await refund(randomUUID(), admin.token, { amount: cny(100), reason: 'nobody' })).status).toBe(404);
    const malformed = await refund(orderId, admin.token, { amount: { amount: -5, currency: 'CNY' }, reason: 'negative' });
    expect([400, 422]).toContain(malformed.status);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    expect(await refundsOf(orderId)).toEqual([]);
  });
});
