import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from './testing/harness.js';
import type { TestApi } from './testing/harness.js';

const OPERATIONS = `registerCustomer verifyContact login logout getMyProfile updateMyProfile changePassword
listMyAddresses addMyAddress updateMyAddress deleteMyAddress listMyPaymentMethods addMyPaymentMethod removeMyPaymentMethod
listMyOrders listMyPayments listMyNotifications searchProducts getProduct listCategories createProduct updateProduct
publishProduct receiveStock createCoupon getMyCart addCartItem updateCartItem removeCartItem applyCoupon checkout getOrder
closeMyAccount exportMyData listUserRoles grantUserRole revokeUserRole closeUserAccount eraseUserPersonalData exportUserData
getOrderTimeline cancelOrder confirmReceipt streamMyOrderEvents listOrders startPayment getPayment paymentWebhook shipOrder
carrierWebhook getShipmentTracking openAfterSalesCase getAfterSalesCase listMyAfterSalesCases listAfterSalesCases
decideAfterSalesCase receiveReturnedItem resolveAfterSalesCase postReview listProductReviews replyToReview moderateReview
recordProductView getMyRecommendations getProductRecommendations listRiskReviews holdOrderForRisk decideRiskReview getOrderRisk getSalesReport
getCustomerSegments getHealth getLiveness getReadiness`.split(/\s+/);

interface Operation {
  readonly operationId: string;
  readonly parameters: readonly { readonly name: string; readonly in: string; readonly required: boolean }[];
  readonly requestBody?: unknown;
  readonly security: readonly unknown[];
}

let api: TestApi;
let document: { openapi: string; paths: Record<string, Record<string, Operation>> };
beforeAll(async () => {
  api = await startApi();
  document = (await api.call('GET', '/openapi.json')).body as typeof document;
});
afterAll(async () => api.close());

const operations = (): (Operation & { path: string; method: string })[] =>
  Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ ...op, path, method })));

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every reference operationId exactly once', () => {
    expect(document.openapi).toBe('3.1.0');
    const ids = operations().map((op) => op.operationId);
    for (const id of OPERATIONS) expect(ids.filter((other) => other === id), id).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes path parameters as the router reads them, and marks protected operations', () => {
    for (const op of operations()) {
      const inPath = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(op.parameters.filter((p) => p.in === 'path').map((p) => p.name).sort()).toEqual(inPath.sort());
    }
    const checkout = operations().find((op) => op.operationId === 'checkout');
    expect(checkout?.parameters.find((p) => p.name === 'Idempotency-Key')?.required).toBe(true);
    expect(checkout?.security).toEqual([{ session: [] }]);
    expect(operations().find((op) => op.operationId === 'searchProducts')?.security).toEqual([]);
    expect(operations().find((op) => op.operationId === 'addCartItem')?.parameters.some((p) => p.name === 'If-Match')).toBe(true);
  });

  it('lists the conditional headers: If-None-Match and a 304 on the reads that answer an ETag, If-Match and a 412 on the writes', () => {
    type Responses = Readonly<Record<string, { readonly headers?: Readonly<Record<string, unknown>> }>>;
    const find = (id: string) => operations().find((op) => op.operationId === id) as (Operation & { readonly responses: Responses }) | undefined;
    for (const id of ['getMyCart', 'getOrder', 'getPayment', 'getAfterSalesCase']) {
      const op = find(id);
      expect(op?.parameters.map((p) => p.name), id).toContain('If-None-Match');
      expect(op?.parameters.map((p) => p.name), id).not.toContain('If-Match');
      expect(Object.keys(op?.responses ?? {}), id).toEqual(expect.arrayContaining(['200', '304']));
      expect(op?.responses['200']?.headers, id).toHaveProperty('ETag');
    }
    for (const id of ['addCartItem', 'cancelOrder', 'confirmReceipt', 'decideAfterSalesCase', 'receiveReturnedItem', 'resolveAfterSalesCase', 'holdOrderForRisk', 'decideRiskReview', 'startPayment']) {
      const op = find(id);
      expect(op?.parameters.map((p) => p.name), id).toContain('If-Match');
      expect(Object.keys(op?.responses ?? {}), id).toContain('412');
      expect((op?.responses['200'] ?? op?.responses['201'])?.headers, id).toHaveProperty('ETag');
    }
    expect(find('listOrders')?.parameters.map((p) => p.name)).not.toContain('If-None-Match');
  });

  it("documents the probes' 503 as their own status body, not a problem", () => {
    type Responses = Readonly<Record<string, { readonly content?: Readonly<Record<string, unknown>> }>>;
    for (const id of ['getHealth', 'getReadiness']) {
      const op = operations().find((o) => o.operationId === id) as (Operation & { readonly responses: Responses }) | undefined;
      expect(Object.keys(op?.responses['503']?.content ?? {}), id).toEqual(['application/json']);
    }
    const live = operations().find((o) => o.operationId === 'getLiveness') as (Operation & { readonly responses: Responses }) | undefined;
    expect(Object.keys(live?.responses ?? {})).not.toContain('503');
  });

  it('request bodies forbid unknown keys, as the validation does', () => {
    const register = operations().find((op) => op.operationId === 'registerCustomer');
    expect(JSON.stringify(register?.requestBody)).toContain('"additionalProperties":false');
  });

  it('every documented operation is served (no route answers 404 for its own path shape)', async () => {
    for (const op of operations()) {
      if (op.method !== 'get' || op.operationId === 'streamMyOrderEvents') continue;
      const path = op.path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
      const answer = await api.call('GET', path);
      expect((answer.body as { code?: string }).code, op.operationId).not.toBe('RouteNotFound');
    }
  });

  it('/docs is a self-contained page under a nonce policy', async () => {
    const page = await api.call('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('/openapi.json');
    expect(page.text).not.toMatch(/<script[^>]+src=/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'nonce-[^']+'/);
  });
});
