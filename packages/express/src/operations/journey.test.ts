import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../routing/testing/harness.js';
import type { Customer, TestApi } from '../routing/testing/harness.js';

/**
 * One shop, one story: an admin stocks a product, a customer buys it, pays, receives it, reviews it and returns
 * it; every operation of the reference API is called over HTTP on the way, and another customer is refused
 * (404) at each of the first customer's resources.
 */
let api: TestApi;
let admin: Customer;
let auditor: Customer;
let alice: Customer;
let bob: Customer;
let productId = '';
let orderId = '';
let lineId = '';
let caseId = '';
let reviewId = '';

const address = { recipientName: '王小明', phone: '13800138000', region: { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区' }, lines: '文三路 1 号' };
const key = (): Record<string, string> => ({ 'idempotency-key': randomUUID() });
const body = <T>(answer: { body: unknown }): T => answer.body as T;

beforeAll(async () => {
  api = await startApi();
  admin = await api.staff('admin', 'admin');
  auditor = await api.staff('auditor', 'auditor');
  alice = await api.customer('alice');
  bob = await api.customer('bob');
});
afterAll(async () => api.close());

describe('catalog (admin) and storefront', () => {
  it('createProduct, updateProduct, publishProduct, receiveStock, createCoupon', async () => {
    const created = await api.call('POST', '/products', {
      token: admin.token,
      body: { title: { zh: '龙井茶', en: 'Longjing tea' }, skus: [{ sku: 'LJ-250', price: { amount: 8800, currency: 'CNY' } }] },
    });
    expect(created.status).toBe(201);
    productId = body<{ productId: string }>(created).productId;
    const updated = await api.call('PATCH', `/products/${productId}`, { token: admin.token, body: { description: { zh: '明前', en: 'Before Qingming' } } });
    expect(updated.status).toBe(200);
    expect(body<{ description: { en: string } }>(updated).description.en).toBe('Before Qingming');
    expect((await api.call('POST', `/products/${productId}/publish`, { token: admin.token })).status).toBe(200);
    expect((await api.call('POST', '/inventory/receipts', { token: admin.token, body: { sku: 'LJ-250', quantity: 20, reference: 'PO-1' } })).status).toBe(200);
    const coupon = await api.call('POST', '/coupons', {
      token: admin.token,
      body: {
        code: 'SPRING10',
        terms: {
          currency: 'CNY',
          discount: { kind: 'fixed', amount: { amount: 1000, currency: 'CNY' } },
          minimumSpend: { amount: 0, currency: 'CNY' },
          validFrom: '2026-01-01T00:00:00.000Z',
          validUntil: '2027-01-01T00:00:00.000Z',
          totalLimit: null,
          perUserLimit: 1,
        },
      },
    });
    expect(coupon.status).toBe(201);
  });

  it('refuses catalog changes to customers (403) and auditors (403 for writes)', async () => {
    expect((await api.call('POST', '/products', { token: alice.token, body: { title: { zh: '假', en: 'Fake' } } })).status).toBe(403);
    expect((await api.call('POST', `/products/${productId}/publish`, { token: auditor.token })).status).toBe(403);
    expect((await api.call('POST', '/coupons', { token: bob.token, body: {} })).status).toBe(403);
  });

  it('searchProducts, getProduct, listCategories, recordProductView, getProductRecommendations', async () => {
    const found = await api.call('GET', '/products?text=tea&limit=5');
    expect(found.status).toBe(200);
    expect((await api.call('GET', `/products/${productId}`)).status).toBe(200);
    expect((await api.call('GET', `/products/${randomUUID()}`)).status).toBe(404);
    expect((await api.call('GET', '/categories')).status).toBe(200);
    expect((await api.call('POST', `/products/${productId}/views`, { token: alice.token, body: { source: 'search' } })).status).toBe(202);
    expect((await api.call('POST', `/products/${productId}/views`, { body: { sessionId: 'anon-session-1' } })).status).toBe(202);
    expect((await api.call('POST', `/products/${productId}/views`, { body: {} })).status).toBe(400);
    const recommended = await api.call('GET', `/products/${productId}/recommendations?limit=3`);
    expect(recommended.status).toBe(200);
    expect(body<{ similar: unknown[] }>(recommended).similar).toBeInstanceOf(Array);
  });
});

describe('my account', () => {
  it('getMyProfile and updateMyProfile', async () => {
    const updated = await api.call('PUT', '/me/profile', { token: alice.token, body: { name: '爱丽丝', nickname: 'alice', birthday: '1990-05-01' } });
    expect(updated.status).toBe(200);
    const me = await api.call('GET', '/me', { token: alice.token });
    expect(body<{ profile: { nickname: string } }>(me).profile.nickname).toBe('alice');
    expect((await api.call('GET', '/me')).status).toBe(401);
  });

  it('the address book: add, list, update, delete; nobody else can touch an address', async () => {
    const added = await api.call('POST', '/me/addresses', { token: alice.token, body: { ...address, makeDefault: true } });
    expect(added.status).toBe(201);
    const { addressId } = body<{ addressId: string }>(added);
    const listed = await api.call('GET', '/me/addresses', { token: alice.token });
    expect(body<{ items: { addressId: string }[] }>(listed).items.map((a) => a.addressId)).toContain(addressId);
    expect((await api.call('PUT', `/me/addresses/${addressId}`, { token: bob.token, body: address })).status).toBe(404);
    expect((await api.call('DELETE', `/me/addresses/${addressId}`, { token: bob.token })).status).toBe(404);
    expect(body<{ items: unknown[] }>(await api.call('GET', '/me/addresses', { token: bob.token })).items).toHaveLength(0);
    expect((await api.call('PUT', `/me/addresses/${addressId}`, { token: alice.token, body: { ...address, lines: '文三路 2 号' } })).status).toBe(200);
    const second = await api.call('POST', '/me/addresses', { token: alice.token, body: { ...address, lines: '天目山路 9 号' } });
    const secondId = body<{ addressId: string }>(second).addressId;
    expect((await api.call('DELETE', `/me/addresses/${secondId}`, { token: alice.token })).status).toBe(200);
  });

  it('payment methods: add, list, remove; a card number is refused; nobody else can remove one', async () => {
    const card = { provider: 'card', providerToken: 'tok_visa_abc', brand: 'visa', last4: '4242' };
    expect((await api.call('POST', '/me/payment-methods', { token: alice.token, body: { ...card, providerToken: '4242 4242 4242 4242' } })).status).toBe(400);
    const added = await api.call('POST', '/me/payment-methods', { token: alice.token, body: card });
    expect(added.status).toBe(201);
    const { paymentMethodId } = body<{ paymentMethodId: string }>(added);
    expect(body<{ items: unknown[] }>(await api.call('GET', '/me/payment-methods', { token: alice.token })).items).toHaveLength(1);
    expect((await api.call('DELETE', `/me/payment-methods/${paymentMethodId}`, { token: bob.token })).status).toBe(404);
    expect((await api.call('DELETE', `/me/payment-methods/${paymentMethodId}`, { token: alice.token })).status).toBe(200);
  });
});

describe('cart, checkout and the order', () => {
  it('getMyCart, addCartItem, updateCartItem, removeCartItem, applyCoupon with ETags', async () => {
    const empty = await api.call('GET', '/me/cart', { token: alice.token });
    expect(empty.status).toBe(200);
    const added = await api.call('POST', '/me/cart/items', { token: alice.token, body: { productId, sku: 'LJ-250', quantity: 1 } });
    expect(empty.headers.get('etag')).toBeNull();
    expect(added.status).toBe(200);
    const etag = added.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"\d+"$/);
    // The ETag the first change answered is stale once the cart moves on: 412, nothing changed.
    const updated = await api.call('PUT', '/me/cart/items/LJ-250', { token: alice.token, body: { quantity: 3 }, headers: { 'if-match': etag } });
    expect(updated.status).toBe(200);
    const stale = await api.call('PUT', '/me/cart/items/LJ-250', { token: alice.token, body: { quantity: 5 }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    const foreign = await api.call('PUT', '/me/cart/items/LJ-250', { token: alice.token, body: { quantity: 5 }, headers: { 'if-match': 'W/"abc"' } });
    expect(foreign.status).toBe(412);
    await api.call('POST', '/me/cart/items', { token: bob.token, body: { productId, sku: 'LJ-250', quantity: 1 } });
    expect((await api.call('DELETE', '/me/cart/items/LJ-250', { token: bob.token })).status).toBe(200);
    expect(body<{ lines: { quantity: number }[] }>(await api.call('GET', '/me/cart', { token: alice.token })).lines[0]?.quantity).toBe(3);
    const coupon = await api.call('PUT', '/me/cart/coupon', { token: alice.token, body: { code: 'SPRING10' } });
    expect(coupon.status).toBe(200);
  });

  it('checkout needs an Idempotency-Key, then places the order once', async () => {
    expect((await api.call('POST', '/checkout', { token: alice.token, body: { shipTo: { address } } })).status).toBe(428);
    const headers = key();
    const placed = await api.call('POST', '/checkout', { token: alice.token, body: { shipTo: { address } }, headers });
    expect(placed.status).toBe(201);
    const order = body<{ orderId: string; lines: { lineId: string }[] }>(placed);
    orderId = order.orderId;
    lineId = order.lines[0]?.lineId ?? '';
    const replay = await api.call('POST', '/checkout', { token: alice.token, body: { shipTo: { address } }, headers });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotency-replayed')).toBe('true');
    expect(body<{ orderId: string }>(replay).orderId).toBe(orderId);
    await api.shop.settle();
  });

  it('getOrder, getOrderTimeline, listMyOrders, listOrders; other customers get 404 and staff routes 403', async () => {
    expect((await api.call('GET', `/orders/${orderId}`, { token: alice.token })).status).toBe(200);
    expect((await api.call('GET', `/orders/${orderId}`, { token: bob.token })).status).toBe(404);
    expect((await api.call('GET', `/orders/${orderId}`, { token: auditor.token })).status).toBe(200);
    const timeline = await api.call('GET', `/orders/${orderId}/timeline`, { token: alice.token });
    expect(body<{ items: unknown[] }>(timeline).items.length).toBeGreaterThan(0);
    expect((await api.call('GET', `/orders/${orderId}/timeline`, { token: bob.token })).status).toBe(404);
    const mine = await api.call('GET', '/me/orders', { token: alice.token });
    expect(body<{ items: { orderId: string }[] }>(mine).items.map((o) => o.orderId)).toContain(orderId);
    expect(body<{ items: unknown[] }>(await api.call('GET', '/me/orders', { token: bob.token })).items).toHaveLength(0);
    expect((await api.call('GET', '/orders', { token: alice.token })).status).toBe(403);
    expect((await api.call('GET', '/orders?limit=10', { token: auditor.token })).status).toBe(200);
    expect((await api.call('POST', `/orders/${orderId}/cancel`, { token: bob.token, body: {} })).status).toBe(404);
  });

  it('startPayment, the sandbox pays, getPayment, listMyPayments', async () => {
    expect((await api.call('POST', `/orders/${orderId}/payments`, { token: bob.token, body: { method: 'alipay' } })).status).toBe(404);
    const started = await api.call('POST', `/orders/${orderId}/payments`, { token: alice.token, body: { method: 'alipay' }, headers: key() });
    expect(started.status).toBe(201);
    const { providerReference } = body<{ providerReference: string }>(started);
    expect((await api.call('POST', `/sandbox/payments/${providerReference}/complete`, { token: alice.token })).status).toBe(200);
    // The sandbox refuses what a provider's page could not do: pay twice, or pay what it never issued.
    const twice = await api.call('POST', `/sandbox/payments/${providerReference}/decline`, { token: alice.token, body: {} });
    expect([twice.status, body<{ code: string; paymentStatus: string }>(twice)]).toEqual([409, expect.objectContaining({ code: 'SandboxPaymentSettled', paymentStatus: 'captured' })]);
    expect((await api.call('POST', '/sandbox/payments/no-such-reference/complete', { token: alice.token })).status).toBe(404);
    await api.shop.settle();
    const payment = await api.call('GET', `/orders/${orderId}/payment`, { token: alice.token });
    expect(payment.status).toBe(200);
    expect((await api.call('GET', `/orders/${orderId}/payment`, { token: bob.token })).status).toBe(404);
    expect((await api.call('GET', '/me/payments', { token: alice.token })).status).toBe(200);
    expect((await api.call('GET', `/orders/${orderId}/risk`, { token: auditor.token })).status).toBe(200);
    expect((await api.call('GET', `/orders/${orderId}/risk`, { token: alice.token })).status).toBe(403);
  });

  it('listMyNotifications: the inbox tells the customer about their order and payment, and nobody else', async () => {
    const answer = await api.call('GET', '/me/notifications', { token: alice.token });
    expect(answer.status).toBe(200);
    const items = body<{ items: { kind: string; orderId: string | null }[] }>(answer).items;
    expect(items.filter((item) => item.orderId === orderId).length).toBeGreaterThan(0);
    const bobs = body<{ items: { orderId: string | null }[] }>(await api.call('GET', '/me/notifications', { token: bob.token })).items;
    expect(bobs.some((item) => item.orderId === orderId)).toBe(false);
  });

  it('shipOrder (admin), the carrier delivers, getShipmentTracking, confirmReceipt', async () => {
    expect((await api.call('POST', `/orders/${orderId}/shipments`, { token: alice.token, body: {} })).status).toBe(403);
    const shipped = await api.call('POST', `/orders/${orderId}/shipments`, { token: admin.token, body: {} });
    expect(shipped.status).toBe(201);
    expect((await api.call('POST', '/sandbox/carrier/advance', { token: admin.token, body: { ms: 5 * 86_400_000 } })).status).toBe(200);
    await api.shop.settle();
    const tracking = await api.call('GET', `/orders/${orderId}/tracking`, { token: alice.token });
    expect(tracking.status).toBe(200);
    expect(body<{ items: unknown[] }>(tracking).items).toHaveLength(1);
    expect((await api.call('GET', `/orders/${orderId}/tracking`, { token: bob.token })).status).toBe(404);
    expect((await api.call('POST', `/orders/${orderId}/confirm-receipt`, { token: bob.token })).status).toBe(404);
    const confirmed = await api.call('POST', `/orders/${orderId}/confirm-receipt`, { token: alice.token });
    expect(confirmed.status).toBe(200);
    await api.shop.settle();
  });
});

describe('reviews and after-sales', () => {
  it('postReview, listProductReviews, replyToReview, moderateReview', async () => {
    expect((await api.call('POST', '/reviews', { token: bob.token, body: { orderId, lineId, rating: 1, text: 'not mine' } })).status).toBe(404);
    const posted = await api.call('POST', '/reviews', { token: alice.token, body: { orderId, lineId, rating: 5, text: '清香' } });
    expect(posted.status).toBe(201);
    reviewId = body<{ reviewId: string }>(posted).reviewId;
    await api.shop.settle();
    const listed = await api.call('GET', `/products/${productId}/reviews`);
    expect(listed.status).toBe(200);
    expect(body<{ items: { reviewId: string }[]; summary: { count: number; average: number | null } }>(listed)).toMatchObject({
      items: [{ reviewId }],
      nextCursor: null,
      summary: { count: 1, average: 5 },
    });
    expect((await api.call('GET', `/products/${productId}/reviews?cursor=1`)).status).toBe(400);
    expect((await api.call('POST', `/reviews/${reviewId}/reply`, { token: alice.token, body: { text: 'me' } })).status).toBe(403);
    expect((await api.call('POST', `/reviews/${reviewId}/reply`, { token: admin.token, body: { text: '谢谢' } })).status).toBe(200);
    expect((await api.call('POST', `/reviews/${reviewId}/moderation`, { token: admin.token, body: { action: 'hide', reason: 'test' } })).status).toBe(200);
    expect(body(await api.call('GET', `/products/${productId}/reviews`))).toMatchObject({ items: [], summary: { count: 0, average: null } });
  });

  it('openAfterSalesCase, getAfterSalesCase, listMyAfterSalesCases, listAfterSalesCases, decide, receive, resolve', async () => {
    const request = { orderId, kind: 'return', reason: 'no_reason', lines: [{ lineId, quantity: 1 }] };
    expect((await api.call('POST', '/cases', { token: bob.token, body: request })).status).toBe(404);
    const opened = await api.call('POST', '/cases', { token: alice.token, body: request });
    expect(opened.status).toBe(201);
    caseId = body<{ caseId: string }>(opened).caseId;
    await api.shop.settle();
    expect((await api.call('GET', `/cases/${caseId}`, { token: alice.token })).status).toBe(200);
    expect((await api.call('GET', `/cases/${caseId}`, { token: bob.token })).status).toBe(404);
    expect((await api.call('GET', '/me/cases', { token: alice.token })).status).toBe(200);
    expect((await api.call('GET', '/cases', { token: alice.token })).status).toBe(403);
    expect((await api.call('GET', '/cases', { token: auditor.token })).status).toBe(200);
    expect((await api.call('POST', `/cases/${caseId}/decision`, { token: alice.token, body: { decision: 'approve' } })).status).toBe(403);
    expect((await api.call('POST', `/cases/${caseId}/decision`, { token: admin.token, body: { decision: 'approve' } })).status).toBe(200);
    const parcel = { carrier: 'SF Express', waybillNumber: 'SF1234567890' };
    expect((await api.call('POST', `/cases/${caseId}/return-parcel`, { token: bob.token, body: parcel })).status).toBe(404);
    expect((await api.call('POST', `/cases/${caseId}/return-parcel`, { token: alice.token, body: { ...parcel, waybillNumber: 'SF 123; DROP' } })).status).toBe(400);
    const sent = await api.call('POST', `/cases/${caseId}/return-parcel`, { token: alice.token, body: parcel });
    expect(sent.status).toBe(200);
    expect(body<{ returnParcel: unknown }>(sent).returnParcel).toMatchObject(parcel);
    expect((await api.call('POST', `/cases/${caseId}/received-item`, { token: admin.token, body: { condition: 'as_described' } })).status).toBe(200);
    await api.shop.settle();
    const resolved = await api.call('POST', `/cases/${caseId}/resolution`, { token: admin.token, body: { kind: 'close' } });
    expect([200, 409, 422]).toContain(resolved.status);
  });

  it('withdrawAfterSalesCase: the customer withdraws an open case of theirs, once', async () => {
    const opened = await api.call('POST', '/cases', { token: alice.token, body: { orderId, kind: 'complaint', reason: 'other', description: '包装破损', lines: [{ lineId, quantity: 1 }] } });
    expect(opened.status).toBe(201);
    const complaint = body<{ caseId: string }>(opened).caseId;
    expect((await api.call('POST', `/cases/${complaint}/withdrawal`, { token: bob.token, body: {} })).status).toBe(404);
    const withdrawn = await api.call('POST', `/cases/${complaint}/withdrawal`, { token: alice.token, body: { reason: '已和快递协商' } });
    expect(withdrawn.status).toBe(200);
    expect(body<{ status: string }>(withdrawn).status).toBe('cancelled');
    // A withdrawn case is final: the domain refuses to withdraw it again.
    const again = await api.call('POST', `/cases/${complaint}/withdrawal`, { token: alice.token, body: {} });
    expect([again.status, body<{ code: string }>(again).code]).toEqual([422, 'IllegalTransition']);
  });
});

describe('staff insights', () => {
  it('listRiskReviews, decideRiskReview, getSalesReport, getCustomerSegments, getMyRecommendations, getHealth', async () => {
    expect((await api.call('GET', '/risk/reviews', { token: auditor.token })).status).toBe(200);
    expect((await api.call('GET', '/risk/reviews', { token: alice.token })).status).toBe(403);
    // Not on hold: the domain refuses, but the route, its validation and its authorisation are exercised.
    const decided = await api.call('POST', `/risk/reviews/${orderId}/decision`, { token: admin.token, body: { decision: 'release' } });
    expect(decided.status).toBe(422);
    expect((await api.call('POST', `/risk/reviews/${orderId}/decision`, { token: auditor.token, body: { decision: 'release' } })).status).toBe(403);
    expect((await api.call('GET', '/reports/sales?from=2026-03-01&to=2026-03-31&groupBy=day', { token: auditor.token })).status).toBe(200);
    expect((await api.call('GET', '/reports/sales?from=2026-03-01&to=2026-03-31&groupBy=planet', { token: auditor.token })).status).toBe(400);
    expect((await api.call('GET', '/reports/customer-segments', { token: admin.token })).status).toBe(200);
    expect((await api.call('GET', '/reports/customer-segments', { token: alice.token })).status).toBe(403);
    expect((await api.call('GET', '/me/recommendations?limit=5', { token: alice.token })).status).toBe(200);
    expect(body<{ status: string }>(await api.call('GET', '/health')).status).toBe('ok');
  });

  it('cancelOrder by its customer, on a fresh order', async () => {
    await api.call('POST', '/me/cart/items', { token: bob.token, body: { productId, sku: 'LJ-250', quantity: 1 } });
    const placed = await api.call('POST', '/checkout', { token: bob.token, body: { shipTo: { address } }, headers: key() });
    expect(placed.status).toBe(201);
    const bobsOrder = body<{ orderId: string }>(placed).orderId;
    await api.shop.settle();
    expect((await api.call('POST', `/orders/${bobsOrder}/cancel`, { token: alice.token, body: {} })).status).toBe(404);
    expect((await api.call('POST', `/orders/${bobsOrder}/cancel`, { token: bob.token, body: {} })).status).toBe(200);
  });
});
