import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopRoutes } from '../app.js';
import { defaultSessionOptions, sessions } from '../auth/sessions.js';
import { shopStanding } from '../auth/standing.js';
import { defaultIdempotencyOptions, idempotencyRecords } from '../idempotency/idempotency.js';
import { defaultLimitPolicies, rateLimiter } from '../limits/rateLimiter.js';
import { defaultReadinessPolicy } from '../operations/readiness.js';
import type { RouteContext } from '../routing/context.js';
import { mountRoutes } from '../routing/mount.js';
import { startApi } from '../routing/testing/harness.js';
import type { Answer, Customer, TestApi } from '../routing/testing/harness.js';
import { productOnSale } from '../routing/testing/orders.js';
import { silentLogger } from './logging.js';

/**
 * What the API tells caches. The answers hold personal data and rest on the bearer token, so none may be kept by
 * any cache (no-store), and each says it varies with Authorization: however a cache on the way is configured, one
 * customer's order, cart or payment is never served to another, nor staff's view to a customer.
 */
let api: TestApi;
let admin: Customer;
let erin: Customer;
let frank: Customer;
let orderId = '';
let productId = '';

const address = { recipientName: '张伟', phone: '13700137000', region: { country: 'CN', province: '广东省', city: '深圳市', district: '南山区' }, lines: '科技园 1 号' };

beforeAll(async () => {
  api = await startApi();
  admin = await api.staff('cache-admin', 'admin');
  erin = await api.customer('erin');
  frank = await api.customer('frank');
  ({ productId } = await productOnSale(api, admin, { title: { zh: '普洱', en: "Pu'er" }, sku: 'PE-357', price: { amount: 9_900, currency: 'CNY' }, quantity: 10, reference: 'PO-CACHE' }));
  await api.call('POST', '/me/cart/items', { token: erin.token, body: { productId, sku: 'PE-357', quantity: 1 } });
  const placed = await api.call('POST', '/checkout', { token: erin.token, body: { shipTo: { address } }, headers: { 'idempotency-key': randomUUID() } });
  orderId = (placed.body as { orderId: string }).orderId;
  await api.call('POST', `/orders/${orderId}/payments`, { token: erin.token, body: { method: 'alipay' } });
  await api.shop.settle();
});
afterAll(async () => api.close());

const expectUncacheable = (answer: Answer, what: string): void => {
  expect(answer.headers.get('cache-control'), what).toBe('no-store');
  const vary = (answer.headers.get('vary') ?? '').split(',').map((name) => name.trim().toLowerCase());
  expect(vary, what).toContain('authorization');
};

describe('caching of personal answers', () => {
  it('reads with an ETag, their 304s, and the 404 another customer gets are no-store and vary with Authorization', async () => {
    for (const path of [`/orders/${orderId}`, `/orders/${orderId}/payment`, '/me/cart', '/me', `/orders/${orderId}/timeline`]) {
      const mine = await api.call('GET', path, { token: erin.token });
      expect(mine.status, path).toBe(200);
      expectUncacheable(mine, path);
      const etag = mine.headers.get('etag');
      if (etag !== null) {
        const held = await api.call('GET', path, { token: erin.token, headers: { 'if-none-match': etag } });
        expect(held.status, path).toBe(304);
        expectUncacheable(held, `${path} 304`);
      }
    }
    const theirs = await api.call('GET', `/orders/${orderId}`, { token: frank.token });
    expect(theirs.status).toBe(404);
    expectUncacheable(theirs, 'a stranger’s 404');
    const staff = await api.call('GET', `/orders/${orderId}`, { token: admin.token });
    expect(staff.status).toBe(200);
    expectUncacheable(staff, 'staff view');
  });

  it('refusals, writes and idempotent replays too', async () => {
    expectUncacheable(await api.call('GET', `/orders/${orderId}`), '401');
    expectUncacheable(await api.call('GET', '/orders', { token: erin.token }), '403');
    const key = randomUUID();
    const added = await api.call('POST', '/me/cart/items', { token: frank.token, body: { productId, sku: 'PE-357', quantity: 1 }, headers: { 'idempotency-key': key } });
    expect(added.status).toBe(200);
    expectUncacheable(added, 'write');
    const replayed = await api.call('POST', '/me/cart/items', { token: frank.token, body: { productId, sku: 'PE-357', quantity: 1 }, headers: { 'idempotency-key': key } });
    expect(replayed.headers.get('idempotency-replayed')).toBe('true');
    expectUncacheable(replayed, 'replay');
  });

  it('public answers that depend on the caller (staff see drafts) vary with Authorization as well', async () => {
    const draft = await api.call('POST', '/products', { token: admin.token, body: { title: { zh: '草稿', en: 'Draft' }, skus: [{ sku: 'DR-1', price: { amount: 100, currency: 'CNY' } }] } });
    const draftId = (draft.body as { productId: string }).productId;
    const asStaff = await api.call('GET', `/products/${draftId}`, { token: admin.token });
    const asAnyone = await api.call('GET', `/products/${draftId}`);
    expect([asStaff.status, asAnyone.status]).toEqual([200, 404]);
    expectUncacheable(asStaff, 'staff product');
    expectUncacheable(asAnyone, 'public product');
  });

  it('keeps the policy when the route table is mounted on its own, without the router’s security headers', async () => {
    const { shop } = api;
    const context: RouteContext = {
      shop,
      clock: shop.clock,
      state: shop.state,
      sessions: sessions(shop.state, shop.clock, shopStanding(shop), { ...defaultSessionOptions, idleTimeoutMs: 90 * 86_400_000, absoluteTimeoutMs: 90 * 86_400_000 }),
      idempotency: idempotencyRecords(shop.state, defaultIdempotencyOptions),
      limiters: {
        login: rateLimiter(shop.state, shop.clock, 'login', defaultLimitPolicies.login),
        registration: rateLimiter(shop.state, shop.clock, 'registration', defaultLimitPolicies.registration),
        verification: rateLimiter(shop.state, shop.clock, 'verification', defaultLimitPolicies.verification),
      },
      logger: silentLogger,
      heartbeatMs: 15_000,
      readiness: defaultReadinessPolicy,
    };
    const app = express();
    const router = express.Router();
    mountRoutes(router, shopRoutes(context), context, { bodyLimit: '100kb' });
    app.use(router);
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/orders/${orderId}`, { headers: { authorization: `Bearer ${erin.token}` } });
      expect(response.status).toBe(200);
      const text = await response.text();
      expectUncacheable({ status: response.status, headers: response.headers, body: text, text }, 'bare mount');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
