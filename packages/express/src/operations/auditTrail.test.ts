import { randomUUID } from 'node:crypto';
import { ManualClock, sequentialIds } from '@shopstream/kernel';
import type { RecordedEvent } from '@shopstream/kernel';
import { alipaySandbox, notificationQueue } from '@shopstream/commerce/payment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../routing/testing/harness.js';
import type { Customer, TestApi } from '../routing/testing/harness.js';

/**
 * Over the reference API, every event a request records names the request (its X-Request-Id, the one sent or
 * the one the API made up, as correlation id) and the signed-in user (customer, or staff for an admin) as actor;
 * a provider's webhook names the provider; what processes record in reaction stays in the request's correlation,
 * caused by the event they reacted to, so an auditor walks from a refund back to the staff member who decided it.
 */
let api: TestApi;
let admin: Customer;
let alice: Customer;
const queue = notificationQueue();
let alipay: ReturnType<typeof alipaySandbox>;

const address = { recipientName: '王小明', phone: '13800138000', region: { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区' }, lines: '文三路 1 号' };
const key = (): Record<string, string> => ({ 'idempotency-key': randomUUID() });

/** Every event appended after `position`, once the shop has settled what the request set off. */
const appendedAfter = async (position: number): Promise<RecordedEvent[]> => {
  await api.shop.settle();
  return api.shop.eventStore.readAll({ after: position });
};

const head = () => api.shop.eventStore.headPosition();

beforeAll(async () => {
  // The shop's own Alipay sandbox: its notifications wait in `queue` until the test POSTs them to the webhook.
  const clock = new ManualClock('2026-03-02T08:00:00.000Z');
  alipay = alipaySandbox({ clock, deliver: queue.sink, ids: sequentialIds(3), secret: 'alipay-webhook-secret' });
  api = await startApi({}, { clock, providers: { alipay } });
  admin = await api.staff('admin', 'admin');
  alice = await api.customer('alice');
  const created = await api.call('POST', '/products', {
    token: admin.token,
    body: { title: { zh: '龙井茶', en: 'Longjing tea' }, skus: [{ sku: 'LJ-250', price: { amount: 8800, currency: 'CNY' } }], publish: true },
  });
  expect(created.status).toBe(201);
  const { productId } = created.body as { productId: string };
  expect((await api.call('POST', '/inventory/receipts', { token: admin.token, body: { sku: 'LJ-250', quantity: 5, reference: 'PO-1' } })).status).toBe(200);
  expect((await api.call('POST', '/me/cart/items', { token: alice.token, body: { productId, sku: 'LJ-250', quantity: 1 } })).status).toBe(200);
});
afterAll(async () => api.close());

describe('the metadata of what a request records', () => {
  let orderId = '';
  let lineId = '';

  it('checkout: the request id and the customer, on the order and on what the checkout process did for it', async () => {
    const before = await head();
    const placed = await api.call('POST', '/checkout', { token: alice.token, body: { shipTo: { address } }, headers: { ...key(), 'x-request-id': 'checkout-req-1' } });
    expect(placed.status).toBe(201);
    const order = placed.body as { orderId: string; lines: { lineId: string }[] };
    orderId = order.orderId;
    lineId = order.lines[0]?.lineId ?? '';
    const events = await appendedAfter(before);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['OrderPlaced', 'StockReserved', 'CartCheckedOut']));
    for (const event of events) expect(event.metadata.correlationId, event.type).toBe('checkout-req-1');
    const placedEvent = events.find((e) => e.type === 'OrderPlaced');
    expect(placedEvent?.metadata.actor).toEqual({ kind: 'customer', id: alice.userId });
    // The process's own commands: the process as actor, the event it reacted to as cause.
    const reserved = events.find((e) => e.type === 'StockReserved');
    expect(reserved?.metadata.actor).toEqual({ kind: 'system', id: 'process:checkout' });
    expect(events.some((e) => e.id === reserved?.metadata.causationId)).toBe(true);
  });

  it('payment: the start names the customer; the webhook names the provider, under its own request id (made up when none is sent)', async () => {
    const before = await head();
    const started = await api.call('POST', `/orders/${orderId}/payments`, { token: alice.token, body: { method: 'alipay' }, headers: { ...key(), 'x-request-id': 'pay-req-1' } });
    expect(started.status).toBe(201);
    const starting = await appendedAfter(before);
    expect(starting.map((e) => [e.type, e.metadata.correlationId, e.metadata.actor])).toEqual([
      ['PaymentAttemptStarted', 'pay-req-1', { kind: 'customer', id: alice.userId }],
      ['PaymentActionRequired', 'pay-req-1', { kind: 'customer', id: alice.userId }],
    ]);

    const { providerReference } = started.body as { providerReference: string };
    alipay.control.act(providerReference);
    const [notification] = queue.take();
    if (notification === undefined) throw new Error('the provider sent no notification');
    const paidFrom = await head();
    const webhook = await api.call('POST', '/webhooks/payments/alipay', { raw: notification.rawBody, headers: { ...notification.headers, 'content-type': 'application/json' } });
    expect(webhook.status).toBe(200);
    const requestId = webhook.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const paid = await appendedAfter(paidFrom);
    expect(paid.map((e) => e.type)).toEqual(expect.arrayContaining(['PaymentCaptured', 'OrderPaid']));
    for (const event of paid) expect(event.metadata.correlationId, event.type).toBe(requestId);
    expect(paid.find((e) => e.type === 'PaymentCaptured')?.metadata.actor).toEqual({ kind: 'integration', id: 'payment-provider:alipay' });
  });

  it("a refund staff decide names the staff member at the root of its chain, and the request it served", async () => {
    const opened = await api.call('POST', '/cases', {
      token: alice.token,
      body: { orderId, kind: 'complaint', reason: 'late_delivery', description: '太慢了', lines: [{ lineId, quantity: 1 }] },
    });
    expect(opened.status, opened.text).toBe(201);
    const { caseId } = opened.body as { caseId: string };
    expect((await api.call('POST', `/cases/${caseId}/decision`, { token: admin.token, body: { decision: 'approve' } })).status).toBe(200);
    const before = await head();
    const resolved = await api.call('POST', `/cases/${caseId}/resolution`, {
      token: admin.token,
      body: { kind: 'resolve_complaint', resolution: '补偿运费', compensation: { amount: 1000, currency: 'CNY' } },
      headers: { 'x-request-id': 'refund-req-1' },
    });
    expect(resolved.status, resolved.text).toBe(200);
    const events = await appendedAfter(before);
    const refunded = events.find((e) => e.type === 'PaymentRefunded');
    expect(refunded?.metadata.correlationId).toBe('refund-req-1');
    // Walk the causes back from the money to the decision.
    const byId = new Map(events.map((e) => [e.id, e]));
    let root = refunded;
    while (root?.metadata.causationId != null && byId.has(root.metadata.causationId)) root = byId.get(root.metadata.causationId);
    expect(root?.type).toBe('ComplaintResolved');
    expect(root?.metadata).toMatchObject({ correlationId: 'refund-req-1', causationId: null, actor: { kind: 'staff', id: admin.userId } });
    for (const event of events) expect(event.metadata.correlationId, event.type).toBe('refund-req-1');
  });

  it('a retry of money owed names the staff member who retried it and the request, on everything it set off', async () => {
    // A goodwill refund the provider refuses: the shop owes it, and it is on the staff's money-owed list.
    alipay.control.failNext('refund', { kind: 'rejected', code: 'SYSTEM_BUSY' });
    const refused = await api.call('POST', `/orders/${orderId}/refunds`, { token: admin.token, body: { amount: { amount: 500, currency: 'CNY' }, reason: 'sorry' } });
    expect(refused.status, refused.text).toBe(201);
    expect(refused.body).toMatchObject({ status: 'failed' });
    const { refundId } = refused.body as { refundId: string };
    await api.shop.settle();
    const listed = await api.call('GET', '/admin/money-owed?order=newest', { token: admin.token });
    expect(listed.status, listed.text).toBe(200);
    const owed = listed.body as { items: { debtId: string; refundId: string; kind: string; customerId: string }[]; totals: unknown[] };
    const debt = owed.items.find((d) => d.refundId === refundId);
    expect(debt).toMatchObject({ kind: 'refund_failed', customerId: alice.userId });
    expect(owed.totals).toEqual([{ amount: { amount: 500, currency: 'CNY' }, debts: 1 }]);

    const before = await head();
    const retried = await api.call('POST', `/admin/money-owed/${encodeURIComponent(debt?.debtId ?? '')}/retry`, { token: admin.token, headers: { 'x-request-id': 'retry-req-1' } });
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body).toEqual({ debtId: debt?.debtId, refundId: `${refundId}-retry-2`, status: 'succeeded' });
    const events = await appendedAfter(before);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['GoodwillRefundClaimed', 'PaymentRefundRequested', 'PaymentRefunded', 'OrderRefundRecorded']));
    for (const event of events) expect(event.metadata.correlationId, event.type).toBe('retry-req-1');
    const requested = events.find((e) => e.type === 'PaymentRefundRequested');
    expect(requested?.metadata).toMatchObject({ actor: { kind: 'staff', id: admin.userId } });
    expect((await api.call('GET', '/admin/money-owed', { token: admin.token })).body).toEqual({ items: [], nextCursor: null, totals: [] });
  });

  it('money owed is for admins, and bad input is a problem, never a 500', async () => {
    expect((await api.call('GET', '/admin/money-owed', { token: alice.token })).status).toBe(403);
    expect((await api.call('POST', `/admin/money-owed/${orderId}:refund:nothing/retry`, { token: alice.token })).status).toBe(403);
    for (const [method, path, status] of [
      ['POST', `/admin/money-owed/${orderId}:refund:nothing/retry`, 404],
      ['GET', '/admin/money-owed?cursor=not-a-cursor', 400],
      ['GET', '/admin/money-owed?pendingAfterMinutes=-1', 400],
      ['GET', '/admin/money-owed?order=sideways', 400],
    ] as const) {
      const answer = await api.call(method, path, { token: admin.token });
      expect(answer.status, `${method} ${path}: ${answer.text}`).toBe(status);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
