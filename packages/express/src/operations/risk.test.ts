import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../routing/testing/harness.js';
import type { Answer, Customer, TestApi } from '../routing/testing/harness.js';
import { payInSandbox, placedOrder, productOnSale } from '../routing/testing/orders.js';
import type { OrderInput } from '../routing/testing/orders.js';

/** The risk team over HTTP: holding a paid order by hand, and deciding on it, each on the order's ETag. */
let api: TestApi;
let admin: Customer;
let auditor: Customer;
let dora: Customer;
let dorasOrder: OrderInput;

const address = { recipientName: '韩梅梅', phone: '13900139000', region: { country: 'CN', province: '江苏省', city: '南京市', district: '玄武区' }, lines: '中山路 8 号' };
const body = <T>(answer: Answer): T => answer.body as T;
const etagOf = (answer: Answer): string => answer.headers.get('etag') ?? '';
const revisionIn = (etag: string): number => Number(/^"(\d+)"$/.exec(etag)?.[1] ?? Number.NaN);

beforeAll(async () => {
  api = await startApi();
  admin = await api.staff('risk-admin', 'admin');
  auditor = await api.staff('risk-auditor', 'auditor');
  dora = await api.customer('dora');
  const product = await productOnSale(api, admin, { title: { zh: '龙井', en: 'Longjing' }, sku: 'LJ-250', price: { amount: 12_800, currency: 'CNY' }, quantity: 50, reference: 'PO-RISK' });
  dorasOrder = { customer: dora, product, address };
});
afterAll(async () => api.close());

/** A fresh order of Dora's, awaiting payment. */
const placeOrder = async (): Promise<string> => (await placedOrder(api, dorasOrder)).orderId;
const pay = (orderId: string): Promise<void> => payInSandbox(api, dora, orderId);

const hold = (orderId: string, token: string, reason = 'card shared with 4 accounts', headers: Record<string, string> = {}): Promise<Answer> =>
  api.call('POST', `/orders/${orderId}/risk-hold`, { token, body: { reason }, headers });

const expectProblem = (answer: Answer, status: number, code: string): void => {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(body<{ code: string; type: string }>(answer)).toMatchObject({ code, type: `urn:shopstream:problem:${code}` });
};

const orderAs = async (orderId: string, token: string): Promise<Answer> => api.call('GET', `/orders/${orderId}`, { token });

describe('holdOrderForRisk', () => {
  it('an admin holds a paid order: recorded as their decision, with the reason, at a new ETag; the order joins the review queue', async () => {
    const orderId = await placeOrder();
    await pay(orderId);
    const paid = etagOf(await orderAs(orderId, admin.token));

    const held = await hold(orderId, admin.token, '  card shared with 4 accounts  ');
    expect(held.status, held.text).toBe(200);
    expect(revisionIn(etagOf(held))).toBe(revisionIn(paid) + 1);
    expect(body<{ revision: number }>(held).revision).toBe(revisionIn(etagOf(held)));
    expect(body<object>(held)).toMatchObject({ status: 'on_risk_hold', riskHold: { reason: 'card shared with 4 accounts', decidedBy: { kind: 'staff', staffId: admin.userId } } });

    const timeline = body<{ items: { type: string; data: unknown }[] }>(await api.call('GET', `/orders/${orderId}/timeline`, { token: admin.token }));
    expect(timeline.items.find((e) => e.type === 'OrderPutOnRiskHold')?.data).toMatchObject({ decidedBy: { kind: 'staff', staffId: admin.userId } });
    const queue = body<{ items: { orderId: string }[] }>(await api.call('GET', '/risk/reviews', { token: admin.token }));
    expect(queue.items.map((item) => item.orderId)).toContain(orderId);
    // The customer sees that it is held, not why nor by whom.
    const mine = await orderAs(orderId, dora.token);
    expect(body<{ status: string }>(mine).status).toBe('on_risk_hold');
    expect(mine.text).not.toContain('card shared');
    expect(mine.text).not.toContain(admin.userId);
  });

  it('the deciding staff member is the session, never the body; a reason is required', async () => {
    const orderId = await placeOrder();
    await pay(orderId);
    const withStaff = await api.call('POST', `/orders/${orderId}/risk-hold`, { token: admin.token, body: { reason: 'velocity', staffId: 'someone-else' } });
    expectProblem(withStaff, 400, 'ValidationFailed');
    const decidedBy = await api.call('POST', `/orders/${orderId}/risk-hold`, { token: admin.token, body: { reason: 'velocity', decidedBy: { kind: 'staff', staffId: 'x' } } });
    expectProblem(decidedBy, 400, 'ValidationFailed');
    for (const invalid of [{}, { reason: '' }, { reason: '   ' }, { reason: 7 }, { reason: 'x'.repeat(1001) }]) {
      expectProblem(await api.call('POST', `/orders/${orderId}/risk-hold`, { token: admin.token, body: invalid }), 400, 'ValidationFailed');
    }
    expect(body<{ status: string }>(await orderAs(orderId, admin.token)).status).toBe('paid');
  });

  it('refuses with a typed problem: not paid (422), held already (409), past holding (422), no such order (404)', async () => {
    const orderId = await placeOrder();
    const unpaid = await hold(orderId, admin.token);
    expectProblem(unpaid, 422, 'OrderNotPaid');
    expect(body<{ orderStatus: string }>(unpaid).orderStatus).toBe('awaiting_payment');

    await pay(orderId);
    expect((await hold(orderId, admin.token)).status).toBe(200);
    expectProblem(await hold(orderId, admin.token, 'again'), 409, 'OrderAlreadyOnRiskHold');

    const rejected = await api.call('POST', `/risk/reviews/${orderId}/decision`, { token: admin.token, body: { decision: 'reject', reason: 'stolen card' } });
    expect(rejected.status).toBe(200);
    await api.shop.settle();
    const tooLate = await hold(orderId, admin.token);
    expectProblem(tooLate, 422, 'OrderNotHoldable');
    expect(body<{ orderStatus: string }>(tooLate).orderStatus).toBe('cancelled');

    expectProblem(await hold('00000000-0000-4000-8000-000000000000', admin.token), 404, 'OrderNotFound');
  });

  it('is for admins only: the order’s own customer and an auditor are 403, no session is 401, and nothing changes', async () => {
    const orderId = await placeOrder();
    await pay(orderId);
    expectProblem(await hold(orderId, dora.token), 403, 'Forbidden');
    expectProblem(await hold(orderId, auditor.token), 403, 'Forbidden');
    const anonymous = await api.call('POST', `/orders/${orderId}/risk-hold`, { body: { reason: 'velocity' } });
    expectProblem(anonymous, 401, 'Unauthenticated');
    expect(body<{ status: string }>(await orderAs(orderId, admin.token)).status).toBe('paid');
  });

  it('honours If-Match: a stale ETag is 412 and holds nothing, the current one holds', async () => {
    const orderId = await placeOrder();
    const unpaid = etagOf(await orderAs(orderId, admin.token));
    await pay(orderId);
    const paid = etagOf(await orderAs(orderId, admin.token));
    expectProblem(await hold(orderId, admin.token, 'velocity', { 'if-match': unpaid }), 412, 'PreconditionFailed');
    expectProblem(await hold(orderId, admin.token, 'velocity', { 'if-match': 'W/"1"' }), 412, 'PreconditionFailed');
    expect(etagOf(await orderAs(orderId, admin.token))).toBe(paid);
    const held = await hold(orderId, admin.token, 'velocity', { 'if-match': paid });
    expect(held.status).toBe(200);
    expect(revisionIn(etagOf(held))).toBe(revisionIn(paid) + 1);
  });
});

describe('decideRiskReview honours If-Match', () => {
  it('a decision on the view from before the hold is 412 and changes nothing; on the held one it releases and answers the new ETag', async () => {
    const orderId = await placeOrder();
    await pay(orderId);
    const paid = etagOf(await orderAs(orderId, admin.token));
    const heldTag = etagOf(await hold(orderId, admin.token));

    const decide = (decision: object, ifMatch?: string): Promise<Answer> =>
      api.call('POST', `/risk/reviews/${orderId}/decision`, { token: admin.token, body: decision, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });
    expectProblem(await decide({ decision: 'reject', reason: 'stolen card' }, paid), 412, 'PreconditionFailed');
    expectProblem(await decide({ decision: 'release' }, '"abc"'), 412, 'PreconditionFailed');
    const unchanged = await orderAs(orderId, admin.token);
    expect(body<{ status: string }>(unchanged).status).toBe('on_risk_hold');
    expect(etagOf(unchanged)).toBe(heldTag);

    const released = await decide({ decision: 'release', note: 'customer confirmed by phone' }, heldTag);
    expect(released.status, released.text).toBe(200);
    expect(body<{ status: string; revision: number }>(released)).toMatchObject({ status: 'paid', revision: revisionIn(heldTag) + 1 });
    expect(etagOf(released)).toBe(`"${revisionIn(heldTag) + 1}"`);
    // The same decision again, on the ETag it was taken on, is stale now.
    expectProblem(await decide({ decision: 'release' }, heldTag), 412, 'PreconditionFailed');
    // Without If-Match, a decision still applies to whatever is current (here: not on hold any more).
    expectProblem(await decide({ decision: 'release' }), 422, 'OrderNotOnRiskHold');
  });
});
