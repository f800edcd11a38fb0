import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../examples/express-host/src/index.js';
import { announcedPassword, api, removeDataDir, tempDataDir, testHost } from '../../examples/express-host/src/testing.js';
import type { JsonResponse } from '../../examples/express-host/src/testing.js';

const DAY = 86_400_000;
const ADMIN = 'admin@shopstream.local';
const CUSTOMER = 'li.lei@example.com';
const PASSWORD = 'a long passphrase';
const address = {
  recipientName: '李雷',
  phone: '13800138000',
  region: { country: 'CN', province: '上海', city: '上海', district: '浦东新区' },
  lines: '世纪大道 100 号',
  postalCode: '200120',
};

/** The day in the report's zone (Asia/Shanghai), `offset` days away. */
const shanghaiDay = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offset * DAY));

/** A reply's body, failing with the whole reply when the status is not the one expected. */
const expectStatus = (reply: JsonResponse, status: number, what: string): JsonResponse['body'] => {
  if (reply.status !== status) throw new Error(`${what}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
};

/** Processes (refunds after a return) act after the command's answer; reads poll a little for them. */
const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const str = (value: unknown): string => {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
};

describe('a customer and the admin through the reference host, over HTTP', () => {
  let dataDir = '';
  let host: Host;
  let adminPassword = '';
  beforeAll(async () => {
    dataDir = await tempDataDir();
    const started = await testHost(dataDir);
    host = started.host;
    adminPassword = announcedPassword(started.announced[0] ?? []);
  }, 120_000);
  afterAll(async () => {
    await host.close();
    await removeDataDir(dataDir);
  });

  it('registers, verifies, searches in Chinese, buys with a coupon, pays, is shipped and tracked, confirms, reviews, returns, is refunded, and shows in the sales report', async () => {
    const call = api(host.url);
    const admin = str(expectStatus(await call('POST', '/auth/login', { body: { contact: ADMIN, password: adminPassword } }), 200, 'admin login')['token']);

    // registerCustomer; the code lands in the sandbox outbox, which only the admin reads (verifyContact).
    const { userId } = expectStatus(await call('POST', '/auth/register', { body: { contact: CUSTOMER, password: PASSWORD } }), 201, 'register');
    const outbox = expectStatus(await call('GET', '/sandbox/outbox', { token: admin }), 200, 'outbox');
    const message = outbox.items?.findLast((m) => m['to'] === CUSTOMER && m['template'] === 'verify-contact');
    const code = str((message?.['params'] as Record<string, unknown> | undefined)?.['code']);
    expectStatus(await call('POST', '/auth/verify', { body: { userId, code } }), 200, 'verify');

    // login; a customer may not read the outbox.
    const customer = str(expectStatus(await call('POST', '/auth/login', { body: { contact: CUSTOMER, password: PASSWORD } }), 200, 'login')['token']);
    expect((await call('GET', '/sandbox/outbox', { token: customer })).status).toBe(403);

    // searchProducts in Chinese, then getProduct for its SKU.
    const found = expectStatus(await call('GET', `/products?text=${encodeURIComponent('华为手机')}&limit=5`), 200, 'search');
    const hit = found.items?.[0];
    expect(JSON.stringify(hit?.['title'])).toContain('华为');
    const productId = str(hit?.['productId']);
    const product = expectStatus(await call('GET', `/products/${productId}`), 200, 'getProduct');
    const sku = str((product['skus'] as readonly Record<string, unknown>[] | undefined)?.[0]?.['sku']);

    // createCoupon (admin), addCartItem, applyCoupon.
    const terms = {
      currency: 'CNY',
      discount: { kind: 'fixed', amount: { amount: 5_000, currency: 'CNY' } },
      minimumSpend: { amount: 10_000, currency: 'CNY' },
      validFrom: new Date(Date.now() - DAY).toISOString(),
      validUntil: new Date(Date.now() + 30 * DAY).toISOString(),
      totalLimit: 100,
      perUserLimit: 1,
    };
    expect((await call('POST', '/coupons', { token: customer, body: { code: 'HOST50', terms } })).status).toBe(403);
    expectStatus(await call('POST', '/coupons', { token: admin, body: { code: 'HOST50', terms } }), 201, 'createCoupon');
    expectStatus(await call('POST', '/me/cart/items', { token: customer, body: { productId, sku, quantity: 1 } }), 200, 'addCartItem');
    const cart = expectStatus(await call('PUT', '/me/cart/coupon', { token: customer, body: { code: 'HOST50' } }), 200, 'applyCoupon');
    expect(cart['totals']).toMatchObject({ discount: { amount: 5_000, currency: 'CNY' } });

    // checkout (an Idempotency-Key goes with every POST), startPayment, and the sandbox completes the payment.
    const order = expectStatus(await call('POST', '/checkout', { token: customer, body: { shipTo: { address } } }), 201, 'checkout');
    const orderId = str(order['orderId']);
    const total = (order['total'] as { amount: number }).amount;
    const payment = expectStatus(await call('POST', `/orders/${orderId}/payments`, { token: customer, body: { method: 'alipay' } }), 201, 'startPayment');
    expectStatus(await call('POST', `/sandbox/payments/${str(payment['providerReference'])}/complete`, { token: customer }), 200, 'sandbox pay');
    await eventually(() => call('GET', `/orders/${orderId}`, { token: customer }), (r) => r.body['status'] === 'paid', 'order paid');

    // shipOrder (admin), getShipmentTracking, and the sandbox carrier delivers.
    expect((await call('POST', `/orders/${orderId}/shipments`, { token: customer, body: {} })).status).toBe(403);
    expectStatus(await call('POST', `/orders/${orderId}/shipments`, { token: admin, body: {} }), 201, 'shipOrder');
    // The parcel shows once the courier has picked it up (the first tracking push).
    expectStatus(await call('POST', '/sandbox/carrier/advance', { token: admin, body: { ms: 3 * 3_600_000 } }), 200, 'carrier advance');
    const shipped = await eventually(() => call('GET', `/orders/${orderId}/tracking`, { token: customer }), (r) => r.body.items?.length === 1, 'a parcel tracked');
    const parcel = shipped.body.items?.[0];
    expect(parcel).toMatchObject({ orderId, status: 'picked_up' });
    expect(typeof parcel?.['waybillNumber']).toBe('string');
    expectStatus(await call('POST', '/sandbox/carrier/advance', { token: admin, body: { ms: 5 * DAY } }), 200, 'carrier advance');
    const tracked = expectStatus(await call('GET', `/orders/${orderId}/tracking`, { token: customer }), 200, 'tracking');
    expect(tracked.items?.[0]?.['status']).toBe('delivered');
    const delivered = expectStatus(await call('GET', `/orders/${orderId}`, { token: customer }), 200, 'getOrder');
    expect(delivered['status']).toBe('delivered');
    const lineId = str((delivered['lines'] as readonly Record<string, unknown>[] | undefined)?.[0]?.['lineId']);

    // confirmReceipt, postReview; the review shows on the product.
    expectStatus(await call('POST', `/orders/${orderId}/confirm-receipt`, { token: customer }), 200, 'confirmReceipt');
    expect((await call('GET', `/orders/${orderId}`, { token: customer })).body['status']).toBe('completed');
    expectStatus(await call('POST', '/reviews', { token: customer, body: { orderId, lineId, rating: 5, text: '拍照很清楚，续航不错。' } }), 201, 'postReview');
    const reviews = expectStatus(await call('GET', `/products/${productId}/reviews`), 200, 'reviews');
    expect(reviews.items?.map((r) => r['text'])).toContain('拍照很清楚，续航不错。');

    // openAfterSalesCase (a return), decideAfterSalesCase and receiveReturnedItem (admin); the refund follows.
    const opened = expectStatus(
      await call('POST', '/cases', { token: customer, body: { orderId, kind: 'return', reason: 'no_reason', description: '不想要了', lines: [{ lineId, quantity: 1 }] } }),
      201,
      'openAfterSalesCase',
    );
    const caseId = str(opened['caseId']);
    expectStatus(await call('POST', `/cases/${caseId}/decision`, { token: admin, body: { decision: 'approve' } }), 200, 'approve');
    expectStatus(await call('POST', `/cases/${caseId}/received-item`, { token: admin, body: { condition: 'as_described' } }), 200, 'receiveReturnedItem');
    const refunded = await eventually(
      () => call('GET', `/orders/${orderId}/payment`, { token: customer }),
      // The refund is requested by a process and settled by the provider afterwards: wait for both.
      (r) => (r.body['refunds'] as readonly { status?: string }[] | undefined)?.[0]?.status === 'succeeded',
      'refund',
    );
    expect(refunded.body['refunds']).toMatchObject([{ amount: { amount: total, currency: 'CNY' }, status: 'succeeded' }]);
    const ledger = await eventually(
      () => call('GET', `/orders/${orderId}`, { token: customer }),
      (r) => ((r.body['ledger'] as { refunded?: { amount: number } } | undefined)?.refunded?.amount ?? 0) > 0,
      'ledger refunded',
    );
    expect(ledger.body['ledger']).toMatchObject({ paid: { amount: total }, refunded: { amount: total } });

    // getSalesReport (admin): the order is there, and so is its refund.
    const report = expectStatus(await call('GET', `/reports/sales?from=${shanghaiDay(-1)}&to=${shanghaiDay(1)}`, { token: admin }), 200, 'getSalesReport');
    expect(report['rows']).toMatchObject([{ currency: 'CNY', orders: 1, units: 1, gmv: total, refunds: total, netRevenue: 0 }]);
    expect((await call('GET', `/reports/sales?from=${shanghaiDay(-1)}&to=${shanghaiDay(1)}`, { token: customer })).status).toBe(403);
  }, 60_000);
});
