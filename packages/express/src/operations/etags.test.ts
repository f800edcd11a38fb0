import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../routing/testing/harness.js';
import type { Answer, Customer, TestApi } from '../routing/testing/harness.js';
import { payInSandbox, placedOrder, productOnSale } from '../routing/testing/orders.js';
import type { OrderInput, PlacedOrder } from '../routing/testing/orders.js';

/**
 * ETags and conditional requests on the cart, orders, payments and after-sales cases: every read answers the
 * resource's stream revision as the ETag and a 304 for one the client holds; every write on them honours If-Match
 * (the risk team's on an order: risk.test.ts).
 */
let api: TestApi;
let admin: Customer;
let carol: Customer;
let carolsOrder: OrderInput;

const address = { recipientName: '李雷', phone: '13800138000', region: { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区' }, lines: '文三路 3 号' };
const body = <T>(answer: Answer): T => answer.body as T;
const etagOf = (answer: Answer): string => answer.headers.get('etag') ?? '';
const revisionIn = (etag: string): number => Number(/^"(\d+)"$/.exec(etag)?.[1] ?? Number.NaN);

beforeAll(async () => {
  api = await startApi();
  admin = await api.staff('etag-admin', 'admin');
  carol = await api.customer('carol');
  const product = await productOnSale(api, admin, { title: { zh: '碧螺春', en: 'Biluochun' }, sku: 'BLC-100', price: { amount: 6600, currency: 'CNY' }, quantity: 50, reference: 'PO-ETAG' });
  carolsOrder = { customer: carol, product, address };
});
afterAll(async () => api.close());

/** A fresh order of Carol's, awaiting payment. */
const placeOrder = (): Promise<PlacedOrder> => placedOrder(api, carolsOrder);
const pay = (orderId: string): Promise<void> => payInSandbox(api, carol, orderId);

const deliver = async (orderId: string): Promise<void> => {
  expect((await api.call('POST', `/orders/${orderId}/shipments`, { token: admin.token, body: {} })).status).toBe(201);
  expect((await api.call('POST', '/sandbox/carrier/advance', { token: admin.token, body: { ms: 5 * 86_400_000 } })).status).toBe(200);
  await api.shop.settle();
};

const get = (path: string, token: string, held?: string): Promise<Answer> => api.call('GET', path, { token, ...(held === undefined ? {} : { headers: { 'if-none-match': held } }) });

/** The resource answers 200 with its revision as the ETag (and in the body), then 304 for any way of naming it. */
const expectConditionalRead = async (path: string, token: string): Promise<string> => {
  const first = await get(path, token);
  expect(first.status).toBe(200);
  const etag = etagOf(first);
  expect(etag).toMatch(/^"\d+"$/);
  expect(body<{ revision: number }>(first).revision).toBe(revisionIn(etag));
  for (const held of [etag, `W/${etag}`, `"999999", ${etag}`, '*']) {
    const again = await get(path, token, held);
    expect(again.status, held).toBe(304);
    expect(again.text).toBe('');
    expect(etagOf(again)).toBe(etag);
  }
  for (const other of [`"${revisionIn(etag) + 1}"`, '"abc"', 'not a tag', `${etag} ${etag}`]) {
    const full = await get(path, token, other);
    expect(full.status, other).toBe(200);
    expect(etagOf(full)).toBe(etag);
  }
  return etag;
};

const expectPreconditionFailed = (answer: Answer): void => {
  expect(answer.status).toBe(412);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(body<{ code: string }>(answer).code).toBe('PreconditionFailed');
};

describe('conditional reads', () => {
  it('the cart answers 304 for the revision the client holds', async () => {
    await api.call('POST', '/me/cart/items', { token: carol.token, body: { productId: carolsOrder.product.productId, sku: 'BLC-100', quantity: 2 } });
    await expectConditionalRead('/me/cart', carol.token);
    await api.call('DELETE', '/me/cart/items/BLC-100', { token: carol.token });
  });

  it('an order, its payment and a 404 for an order that is not the caller’s, whatever the If-None-Match', async () => {
    const { orderId } = await placeOrder();
    await pay(orderId);
    const etag = await expectConditionalRead(`/orders/${orderId}`, carol.token);
    // Staff read the same revision, unredacted, under the same ETag.
    expect(etagOf(await get(`/orders/${orderId}`, admin.token))).toBe(etag);
    await expectConditionalRead(`/orders/${orderId}/payment`, carol.token);
    const stranger = await api.customer('stranger');
    expect((await get(`/orders/${orderId}`, stranger.token, '*')).status).toBe(404);
    expect((await get(`/orders/${orderId}/payment`, stranger.token, etag)).status).toBe(404);
  });

  it("a customer's redacted view still gets a new ETag after a risk event, without the risk team's judgement", async () => {
    const { orderId } = await placeOrder();
    await pay(orderId);
    const before = etagOf(await get(`/orders/${orderId}`, carol.token));
    const held = await api.shop.risk.hold(orderId, { reason: 'card shared with 4 accounts', decidedBy: { kind: 'staff', staffId: 'staff-zhao' } });
    expect(held._tag).toBe('Right');
    const after = await get(`/orders/${orderId}`, carol.token, before);
    expect(after.status).toBe(200);
    expect(revisionIn(etagOf(after))).toBeGreaterThan(revisionIn(before));
    expect(body<{ status: string; riskHold: unknown }>(after)).toMatchObject({ status: 'on_risk_hold', riskHold: { heldAt: expect.any(String) as unknown } });
    expect(after.text).not.toContain('card shared');
    expect(after.text).not.toContain('staff-zhao');
  });
});

describe('conditional writes', () => {
  it('cancelOrder: a stale If-Match is 412 and changes nothing; the current one cancels and answers the new ETag', async () => {
    const { orderId } = await placeOrder();
    const placed = etagOf(await get(`/orders/${orderId}`, carol.token));
    await pay(orderId);
    const paid = etagOf(await get(`/orders/${orderId}`, carol.token));
    expect(paid).not.toBe(placed);

    expectPreconditionFailed(await api.call('POST', `/orders/${orderId}/cancel`, { token: carol.token, body: {}, headers: { 'if-match': placed } }));
    expectPreconditionFailed(await api.call('POST', `/orders/${orderId}/cancel`, { token: carol.token, body: {}, headers: { 'if-match': `W/${paid}` } }));
    const unchanged = await get(`/orders/${orderId}`, carol.token);
    expect(body<{ status: string }>(unchanged).status).toBe('paid');
    expect(etagOf(unchanged)).toBe(paid);

    const cancelled = await api.call('POST', `/orders/${orderId}/cancel`, { token: carol.token, body: {}, headers: { 'if-match': paid } });
    expect(cancelled.status).toBe(200);
    expect(body<{ status: string }>(cancelled).status).toBe('cancelled');
    expect(revisionIn(etagOf(cancelled))).toBeGreaterThan(revisionIn(paid));
    expect(body<{ revision: number }>(cancelled).revision).toBe(revisionIn(etagOf(cancelled)));
  });

  it('confirmReceipt: the view from before shipment is stale; the delivered one confirms', async () => {
    const { orderId } = await placeOrder();
    await pay(orderId);
    const paid = etagOf(await get(`/orders/${orderId}`, carol.token));
    await deliver(orderId);
    const delivered = etagOf(await get(`/orders/${orderId}`, carol.token));
    expectPreconditionFailed(await api.call('POST', `/orders/${orderId}/confirm-receipt`, { token: carol.token, headers: { 'if-match': paid } }));
    const confirmed = await api.call('POST', `/orders/${orderId}/confirm-receipt`, { token: carol.token, headers: { 'if-match': delivered } });
    expect(confirmed.status).toBe(200);
    expect(revisionIn(etagOf(confirmed))).toBeGreaterThan(revisionIn(delivered));
  });

  it('after-sales cases: 304 on a read, 412 on a stale decision, success and a new ETag on the current one', async () => {
    const { orderId, lineId } = await placeOrder();
    await pay(orderId);
    await deliver(orderId);
    const opened = await api.call('POST', '/cases', { token: carol.token, body: { orderId, kind: 'return', reason: 'no_reason', lines: [{ lineId, quantity: 1 }] } });
    expect(opened.status).toBe(201);
    const { caseId } = body<{ caseId: string }>(opened);
    await api.shop.settle();
    const requested = await expectConditionalRead(`/cases/${caseId}`, carol.token);

    const approved = await api.call('POST', `/cases/${caseId}/decision`, { token: admin.token, body: { decision: 'approve' }, headers: { 'if-match': requested } });
    expect(approved.status).toBe(200);
    const approvedTag = etagOf(approved);
    expect(revisionIn(approvedTag)).toBeGreaterThan(revisionIn(requested));
    // A second decision on the view from before the approval: refused before the domain is asked.
    expectPreconditionFailed(await api.call('POST', `/cases/${caseId}/decision`, { token: admin.token, body: { decision: 'reject', reason: 'changed my mind' }, headers: { 'if-match': requested } }));
    expectPreconditionFailed(await api.call('POST', `/cases/${caseId}/received-item`, { token: admin.token, body: { condition: 'as_described' }, headers: { 'if-match': requested } }));
    expect(body<{ status: string }>(await get(`/cases/${caseId}`, admin.token)).status).toBe('awaiting_item');

    const received = await api.call('POST', `/cases/${caseId}/received-item`, { token: admin.token, body: { condition: 'as_described' }, headers: { 'if-match': approvedTag } });
    expect(received.status).toBe(200);
    expect(revisionIn(etagOf(received))).toBeGreaterThan(revisionIn(approvedTag));
    await api.shop.settle();
    // The refund the process records afterwards moves the case on: the ETag from the receipt is stale.
    const refunded = await get(`/cases/${caseId}`, carol.token, etagOf(received));
    expect(refunded.status).toBe(200);
    expectPreconditionFailed(await api.call('POST', `/cases/${caseId}/resolution`, { token: admin.token, body: { kind: 'close' }, headers: { 'if-match': etagOf(received) } }));
  });

  it("startPayment: If-Match takes the payment's ETag; a stale one is 412 and starts nothing, none is needed for the first attempt", async () => {
    const { orderId } = await placeOrder();
    const orderTag = etagOf(await get(`/orders/${orderId}`, carol.token));
    const start = (ifMatch?: string): Promise<Answer> =>
      api.call('POST', `/orders/${orderId}/payments`, { token: carol.token, body: { method: 'alipay' }, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });
    // No payment yet, so no ETag a client could hold: the order's is not the payment's.
    expectPreconditionFailed(await start(orderTag));
    expect((await get(`/orders/${orderId}/payment`, carol.token)).status).toBe(404);

    const first = await start();
    expect(first.status).toBe(201);
    const firstTag = etagOf(first);
    expect(etagOf(await get(`/orders/${orderId}/payment`, carol.token))).toBe(firstTag);
    const { providerReference } = body<{ providerReference: string }>(first);
    expect((await api.call('POST', `/sandbox/payments/${providerReference}/decline`, { token: carol.token })).status).toBe(200);
    await api.shop.settle();
    const declined = await get(`/orders/${orderId}/payment`, carol.token);
    expect(revisionIn(etagOf(declined))).toBeGreaterThan(revisionIn(firstTag));

    // The view from before the decline is stale: the customer would retry without knowing the first one failed.
    expectPreconditionFailed(await start(firstTag));
    const attempts = (answer: Answer): number => body<{ attempts: unknown[] }>(answer).attempts.length;
    expect(attempts(await get(`/orders/${orderId}/payment`, carol.token))).toBe(1);
    const retried = await start(etagOf(declined));
    expect(retried.status).toBe(201);
    expect(revisionIn(etagOf(retried))).toBeGreaterThan(revisionIn(etagOf(declined)));
    expect(attempts(await get(`/orders/${orderId}/payment`, carol.token))).toBe(2);
    // Someone else's order is 404 whatever the If-Match, as without it.
    const stranger = await api.customer('payment-stranger');
    const foreign = await api.call('POST', `/orders/${orderId}/payments`, { token: stranger.token, body: { method: 'alipay' }, headers: { 'if-match': etagOf(retried) } });
    expect(foreign.status).toBe(404);
  });

  it('If-Match with a tag this API never gives is 412 and nothing changes', async () => {
    const { orderId } = await placeOrder();
    const current = etagOf(await get(`/orders/${orderId}`, carol.token));
    for (const tag of ['"abc"', `${current}, ${current}`, `W/${current}`]) {
      expectPreconditionFailed(await api.call('POST', `/orders/${orderId}/cancel`, { token: carol.token, body: {}, headers: { 'if-match': tag } }));
    }
    expect(body<{ status: string }>(await get(`/orders/${orderId}`, carol.token)).status).toBe('awaiting_payment');
  });
});
