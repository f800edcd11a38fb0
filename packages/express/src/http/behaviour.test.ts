import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signNotification } from '@shopstream/commerce/payment';
import { signNotification as signCarrierPush } from '@shopstream/commerce/shipping';
import { defaultLimitPolicies } from '../limits/rateLimiter.js';
import { startApi } from '../routing/testing/harness.js';
import type { Customer, TestApi } from '../routing/testing/harness.js';

/** The API's HTTP behaviour: errors, headers, sessions, idempotency, limits, webhooks. One shop for the file. */
const SECRET = 'sandbox-secret-for-tests';
let api: TestApi;
let alice: Customer;
let admin: Customer;

beforeAll(async () => {
  api = await startApi(
    { bodyLimit: '4kb', trustProxy: 'loopback', limits: { login: { ...defaultLimitPolicies.login, lockout: { threshold: 3, baseLockMs: 30_000, maxLockMs: 15 * 60_000 } } } },
    { sandboxSecret: SECRET },
  );
  alice = await api.customer('alice');
  admin = await api.staff('admin', 'admin');
});
afterAll(async () => api.close());

const isProblem = (answer: { headers: Headers; text: string }): void => {
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.text).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
};

describe('errors are problem+json, never a 500 for bad input', () => {
  it('malformed JSON is 400', async () => {
    const answer = await api.call('POST', '/auth/login', { raw: '{"contact": ' });
    expect(answer.status).toBe(400);
    expect((answer.body as { code: string }).code).toBe('MalformedJson');
    isProblem(answer);
  });

  it('a body over the limit is 413', async () => {
    const answer = await api.call('POST', '/auth/login', { body: { contact: 'x'.repeat(10_000), password: 'p' } });
    expect(answer.status).toBe(413);
    isProblem(answer);
  });

  it('a body that is not JSON is 415', async () => {
    const answer = await api.call('POST', '/auth/login', { raw: 'contact=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(answer.status).toBe(415);
    isProblem(answer);
  });

  it('unknown keys in body, query and path are refused with every invalid parameter listed', async () => {
    const answer = await api.call('POST', '/auth/login', { body: { contact: 'a@example.com', password: 'secret-password', admin: true } });
    expect(answer.status).toBe(400);
    isProblem(answer);
    expect(answer.text).not.toContain('secret-password');
    const query = await api.call('GET', '/products?colour=red');
    expect(query.status).toBe(400);
    expect((query.body as { invalidParams: { in: string }[] }).invalidParams[0]?.in).toBe('query');
    const path = await api.call('GET', '/products/not%20an%20id');
    expect(path.status).toBe(400);
    const limit = await api.call('GET', '/products?limit=1000');
    expect(limit.status).toBe(400);
  });

  it('unknown routes are 404 and wrong methods 405 with Allow', async () => {
    const missing = await api.call('GET', '/nowhere');
    expect(missing.status).toBe(404);
    isProblem(missing);
    const wrong = await api.call('DELETE', '/products');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toContain('GET');
    isProblem(wrong);
  });

  it('every route of the table answers at its own path: the access log names its pattern, other methods get 405', async () => {
    // Mounted in groups by first segment: a group's own path ('/products'), its deeper paths and parameters.
    for (const [path, pattern, allowed] of [
      ['/products', '/products', 'GET, HEAD, POST'],
      ['/products/', '/products', 'GET, HEAD, POST'],
      [`/products/${randomUUID()}`, '/products/:productId', 'GET, HEAD, PATCH'],
      ['/me/cart', '/me/cart', 'GET, HEAD'],
      ['/checkout', '/checkout', 'POST'],
    ] as const) {
      const before = api.logs.length;
      await api.call('GET', path, { token: alice.token });
      expect(api.logs.slice(before).find((record) => record.msg === 'request')?.route).toBe(pattern);
      const wrong = await api.call('PUT', path, { token: alice.token });
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toBe(allowed);
    }
    expect((await api.call('GET', '/Products')).status).toBe(404); // paths stay case-sensitive
  });

  it('domain refusals carry their tag as code and the mapped status', async () => {
    const answer = await api.call('GET', `/orders/${randomUUID()}`, { token: alice.token });
    expect(answer.status).toBe(404);
    expect((answer.body as { code: string }).code).toBe('NotFound');
  });
});

describe('headers', () => {
  it('security headers, a request id (kept when sane), no X-Powered-By', async () => {
    const answer = await api.call('GET', '/health', { headers: { 'x-request-id': 'req-123' } });
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('x-powered-by')).toBeNull();
    expect(answer.headers.get('x-request-id')).toBe('req-123');
    const injected = await api.call('GET', '/health', { headers: { 'x-request-id': 'bad id\twith tab' } });
    expect(injected.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('CORS answers only allowed origins', async () => {
    const allowed = await api.call('OPTIONS', '/products', { headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET' } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const other = await api.call('GET', '/products', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('logs carry no personal data or tokens', async () => {
    await api.call('POST', '/auth/login', { body: { contact: alice.contact, password: 'wrong password!' } });
    const logs = JSON.stringify(api.logs);
    expect(logs).not.toContain(alice.contact);
    expect(logs).not.toContain(alice.token);
    expect(logs).not.toContain('wrong password!');
    expect(api.logs.some((record) => record['operationId'] === 'login')).toBe(true);
  });
});

describe('sessions', () => {
  it('tokens are opaque, 256 random bits, stored only as a digest', async () => {
    expect(alice.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = JSON.stringify(await api.shop.state.list('http-session'));
    expect(stored).not.toContain(alice.token);
  });

  it('no token or a bad one is 401 with WWW-Authenticate', async () => {
    const none = await api.call('GET', '/me');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await api.call('GET', '/me', { token: 'A'.repeat(43) })).status).toBe(401);
  });

  it('logout ends the session', async () => {
    const person = await api.customer('logout');
    expect((await api.call('GET', '/me', { token: person.token })).status).toBe(200);
    expect((await api.call('POST', '/auth/logout', { token: person.token })).status).toBe(200);
    expect((await api.call('GET', '/me', { token: person.token })).status).toBe(401);
  });

  it('changePassword ends the other sessions but keeps this one', async () => {
    const person = await api.customer('changer');
    const other = await api.call('POST', '/auth/login', { body: { contact: person.contact, password: 'correct horse battery staple' } });
    const otherToken = (other.body as { token: string }).token;
    const changed = await api.call('POST', '/me/password', { token: person.token, body: { currentPassword: 'correct horse battery staple', newPassword: 'a brand new passphrase' } });
    expect(changed.status).toBe(200);
    expect((await api.call('GET', '/me', { token: person.token })).status).toBe(200);
    expect((await api.call('GET', '/me', { token: otherToken })).status).toBe(401);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and payload, 422 for another payload', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const first = await api.call('POST', '/me/addresses', { token: alice.token, body: { recipientName: 'A', phone: '13800138000', region: { country: 'CN', province: '浙江省', city: '杭州市', district: null }, lines: '一号' }, headers });
    expect(first.status).toBe(201);
    const again = await api.call('POST', '/me/addresses', { token: alice.token, body: { recipientName: 'A', phone: '13800138000', region: { country: 'CN', province: '浙江省', city: '杭州市', district: null }, lines: '一号' }, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await api.call('GET', '/me/addresses', { token: alice.token })).body).toMatchObject({ items: [expect.anything()] });
    const reused = await api.call('POST', '/me/addresses', { token: alice.token, body: { recipientName: 'B', phone: '13800138000', region: { country: 'CN', province: '浙江省', city: '杭州市', district: null }, lines: '二号' }, headers });
    expect(reused.status).toBe(422);
    expect((reused.body as { code: string }).code).toBe('IdempotencyKeyReused');
  });

  it('keys are scoped to the caller: the same key from someone else is a new request', async () => {
    const headers = { 'idempotency-key': 'shared-key-1' };
    const bob = await api.customer('bob');
    const card = { provider: 'card', providerToken: 'tok_1', brand: 'visa', last4: '1111' };
    expect((await api.call('POST', '/me/payment-methods', { token: alice.token, body: card, headers })).status).toBe(201);
    const bobs = await api.call('POST', '/me/payment-methods', { token: bob.token, body: card, headers });
    expect(bobs.status).toBe(201);
    expect(bobs.headers.get('idempotency-replayed')).toBeNull();
  });

  it('a request still in flight with the same key is 409', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const body = { title: { zh: '并发', en: 'Concurrent' }, skus: [{ sku: 'CC-1', price: { amount: 100, currency: 'CNY' } }] };
    const answers = await Promise.all([0, 1, 2, 3].map(() => api.call('POST', '/products', { token: admin.token, body, headers })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => (a.body as { productId: string }).productId));
    expect(ids.size).toBe(1);
  });
});

describe('rate limits and lockout', () => {
  it('locks one IP out of one account after repeated failures, for a bounded time, and not the account elsewhere', async () => {
    const person = await api.customer('target');
    const attempt = (password: string, ip = '203.0.113.7') => api.call('POST', '/auth/login', { body: { contact: person.contact, password }, headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 3; i += 1) expect((await attempt('wrong password')).status).toBe(401);
    const locked = await attempt('correct horse battery staple');
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    isProblem(locked);
    // The pair is locked, not the account: its owner elsewhere still signs in.
    expect((await attempt('correct horse battery staple', '198.51.100.2')).status).toBe(200);
    api.clock.advance(retryAfter * 1000);
    expect((await attempt('correct horse battery staple')).status).toBe(200);
  });

  it('registration is limited per IP', async () => {
    let last = 0;
    for (let i = 0; i < 12 && last !== 429; i += 1) {
      last = (await api.call('POST', '/auth/register', { body: { contact: `flood${i}@example.com`, password: 'correct horse battery staple' } })).status;
    }
    expect(last).toBe(429);
    api.clock.advance(60 * 60_000);
  });
});

describe('webhooks', () => {
  const paid = async () => {
    await api.call('POST', '/me/cart/items', { token: alice.token, body: { productId: await product(), sku: 'WH-1', quantity: 1 } });
    const address = { recipientName: 'A', phone: '13800138000', region: { country: 'CN', province: '浙江省', city: '杭州市', district: null }, lines: '一号' };
    const order = await api.call('POST', '/checkout', { token: alice.token, body: { shipTo: { address } }, headers: { 'idempotency-key': randomUUID() } });
    const orderId = (order.body as { orderId: string }).orderId;
    await api.shop.settle();
    const started = await api.call('POST', `/orders/${orderId}/payments`, { token: alice.token, body: { method: 'alipay' } });
    return { orderId, providerReference: (started.body as { providerReference: string }).providerReference };
  };
  let productId: string | undefined;
  const product = async (): Promise<string> => {
    if (productId !== undefined) return productId;
    const created = await api.call('POST', '/products', { token: admin.token, body: { title: { zh: '钩', en: 'Hook' }, skus: [{ sku: 'WH-1', price: { amount: 500, currency: 'CNY' } }], publish: true } });
    productId = (created.body as { productId: string }).productId;
    await api.call('POST', '/inventory/receipts', { token: admin.token, body: { sku: 'WH-1', quantity: 50 } });
    return productId;
  };

  it('verifies the signature over the raw body, rejects stale ones, and processes a redelivery once', async () => {
    const { providerReference } = await paid();
    const sandbox = api.shop.sandbox;
    if (sandbox === undefined) throw new Error('the sandbox is on');
    await sandbox.payments.complete(providerReference);
    await api.shop.settle();
    const sent = sandbox.payments.provider('alipay').control.transaction(providerReference)?.sent ?? [];
    const notification = sent[sent.length - 1];
    if (notification === undefined) throw new Error('the sandbox sent a notification');

    const genuine = signNotification(SECRET, notification, api.clock.now());
    const redelivered = await api.call('POST', '/webhooks/payments/alipay', { raw: genuine.rawBody, headers: genuine.headers });
    expect(redelivered.status).toBe(200);
    expect((redelivered.body as { changed: boolean }).changed).toBe(false);

    const forged = signNotification('not-the-secret', notification, api.clock.now());
    const refused = await api.call('POST', '/webhooks/payments/alipay', { raw: forged.rawBody, headers: forged.headers });
    expect(refused.status).toBe(401);
    isProblem(refused);

    // The same bytes re-serialised (whitespace) no longer match the signature over the raw body.
    const reformatted = await api.call('POST', '/webhooks/payments/alipay', { raw: JSON.stringify(JSON.parse(genuine.rawBody), null, 1), headers: genuine.headers });
    expect(reformatted.status).toBe(401);

    const stale = signNotification(SECRET, notification, new Date(api.clock.now().getTime() - 3_600_000));
    expect((await api.call('POST', '/webhooks/payments/alipay', { raw: stale.rawBody, headers: stale.headers })).status).toBe(401);

    expect((await api.call('POST', '/webhooks/payments/bitcoin', { raw: genuine.rawBody, headers: genuine.headers })).status).toBe(400);
  });

  it('carrier pushes must be signed and fresh', async () => {
    const body = JSON.stringify({ waybillNumber: 'SF000', events: [] });
    const timestamp = String(Math.floor(api.clock.now().getTime() / 1000));
    const forged = await api.call('POST', '/webhooks/carrier', { raw: body, headers: { 'content-type': 'application/json', 'x-carrier-timestamp': timestamp, 'x-carrier-signature': signCarrierPush('wrong', timestamp, body) } });
    expect(forged.status).toBe(401);
    const unsigned = await api.call('POST', '/webhooks/carrier', { raw: body, headers: { 'content-type': 'application/json' } });
    expect(unsigned.status).toBe(401);
    const old = String(Math.floor(api.clock.now().getTime() / 1000) - 3600);
    const stale = await api.call('POST', '/webhooks/carrier', { raw: body, headers: { 'content-type': 'application/json', 'x-carrier-timestamp': old, 'x-carrier-signature': signCarrierPush(SECRET, old, body) } });
    expect(stale.status).toBe(401);
  });
});
