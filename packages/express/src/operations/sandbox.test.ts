import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alipaySandbox } from '@shopstream/commerce/payment';
import { ManualClock } from '@shopstream/kernel';
import { startApi } from '../routing/testing/harness.js';
import type { Customer, TestApi } from '../routing/testing/harness.js';

describe('sandbox switches of a shop that brings its own payment providers', () => {
  let api: TestApi;
  let admin: Customer;
  beforeAll(async () => {
    const clock = new ManualClock('2026-05-04T08:00:00.000Z');
    api = await startApi({}, { clock, providers: { alipay: alipaySandbox({ secret: 'its own', clock, deliver: () => undefined }) } });
    admin = await api.staff('ops', 'admin');
  });
  afterAll(() => api.close());

  it('has no payment switches (404, absent from the API description), and keeps those of the parts it still runs', async () => {
    const completed = await api.call('POST', '/sandbox/payments/2026abc/complete', { token: admin.token });
    expect(completed.status).toBe(404);
    expect(completed.headers.get('content-type')).toContain('application/problem+json');
    const advanced = await api.call('POST', '/sandbox/carrier/advance', { token: admin.token, body: { ms: 1000 } });
    expect(advanced.status).toBe(200);
    expect((await api.call('GET', '/sandbox/outbox', { token: admin.token })).status).toBe(200);
    const described = (await api.call('GET', '/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(described.paths).filter((path) => path.startsWith('/sandbox/payments'))).toEqual([]);
    expect(Object.keys(described.paths)).toContain('/sandbox/carrier/advance');
  });
});

describe("the sandbox's switches record the request they serve", () => {
  let api: TestApi;
  let admin: Customer;
  let alice: Customer;
  beforeAll(async () => {
    api = await startApi({}, { clock: new ManualClock('2026-05-04T08:00:00.000Z') });
    admin = await api.staff('ops', 'admin');
    alice = await api.customer('alice');
  });
  afterAll(() => api.close());

  /** Every event appended after `position`, once the shop has settled what the request set off. */
  const appendedAfter = async (position: number) => {
    await api.shop.settle();
    return api.shop.eventStore.readAll({ after: position });
  };

  it("a payment completed on the switch and a carrier run are in the switch request's correlation, by the provider and the carrier", async () => {
    const created = await api.call('POST', '/products', {
      token: admin.token,
      body: { title: { zh: '龙井茶', en: 'Longjing tea' }, skus: [{ sku: 'LJ-250', price: { amount: 8800, currency: 'CNY' } }], publish: true },
    });
    const { productId } = created.body as { productId: string };
    expect((await api.call('POST', '/inventory/receipts', { token: admin.token, body: { sku: 'LJ-250', quantity: 5, reference: 'PO-1' } })).status).toBe(200);
    expect((await api.call('POST', '/me/cart/items', { token: alice.token, body: { productId, sku: 'LJ-250', quantity: 1 } })).status).toBe(200);
    const address = { recipientName: '王小明', phone: '13800138000', region: { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区' }, lines: '文三路 1 号' };
    const placed = await api.call('POST', '/checkout', { token: alice.token, body: { shipTo: { address } }, headers: { 'idempotency-key': 'checkout-1' } });
    expect(placed.status, placed.text).toBe(201);
    const { orderId } = placed.body as { orderId: string };
    const started = await api.call('POST', `/orders/${orderId}/payments`, { token: alice.token, body: { method: 'alipay' }, headers: { 'idempotency-key': 'pay-1' } });
    expect(started.status, started.text).toBe(201);
    const { providerReference } = started.body as { providerReference: string };

    const beforePaying = await api.shop.eventStore.headPosition();
    const paid = await api.call('POST', `/sandbox/payments/${providerReference}/complete`, { token: alice.token, headers: { 'x-request-id': 'pay-page-1' } });
    expect(paid.status, paid.text).toBe(200);
    const payment = await appendedAfter(beforePaying);
    expect(payment.map((event) => event.type)).toEqual(expect.arrayContaining(['PaymentCaptured', 'OrderPaid']));
    for (const event of payment) expect(event.metadata.correlationId, event.type).toBe('pay-page-1');
    expect(payment.find((event) => event.type === 'PaymentCaptured')?.metadata.actor).toEqual({ kind: 'integration', id: 'payment-provider:alipay' });

    expect((await api.call('POST', `/orders/${orderId}/shipments`, { token: admin.token, body: {} })).status).toBe(201);
    const beforeCarrying = await api.shop.eventStore.headPosition();
    const carried = await api.call('POST', '/sandbox/carrier/advance', { token: admin.token, body: { ms: 5 * 86_400_000 }, headers: { 'x-request-id': 'carrier-run-1' } });
    expect(carried.status, carried.text).toBe(200);
    const tracking = await appendedAfter(beforeCarrying);
    expect(tracking.map((event) => event.type)).toEqual(expect.arrayContaining(['TrackingCheckpointRecorded', 'OrderLinesDelivered']));
    for (const event of tracking) expect(event.metadata.correlationId, event.type).toBe('carrier-run-1');
    expect(new Set(tracking.filter((event) => event.type === 'TrackingCheckpointRecorded').map((event) => JSON.stringify(event.metadata.actor)))).toEqual(
      new Set([JSON.stringify({ kind: 'integration', id: 'carrier:sandbox' })]),
    );
  });
});
