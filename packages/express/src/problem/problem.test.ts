import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../routing/testing/harness.js';
import type { Answer, Customer, TestApi } from '../routing/testing/harness.js';

let api: TestApi;
let alice: Customer;
beforeAll(async () => {
  api = await startApi();
  alice = await api.customer('alice');
});
afterAll(() => api.close());

/** A refusal names the request it answers (RFC 9457 `instance`), whichever layer refused it. */
const namesItsRequest = (answer: Answer): void => {
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  const requestId = answer.headers.get('x-request-id');
  expect(requestId).toBeTruthy();
  expect((answer.body as { instance?: string }).instance).toBe(`urn:shopstream:request:${requestId ?? ''}`);
};

describe('problem+json instance', () => {
  it('is the request for refusals of the middlewares, the route checks and the domain alike', async () => {
    // Authentication (a middleware), validation (the route), a domain refusal (the shop), a missing resource.
    namesItsRequest(await api.call('GET', '/me/cart'));
    namesItsRequest(await api.call('POST', '/me/cart/items', { token: alice.token, body: { quantity: -1 } }));
    namesItsRequest(await api.call('POST', '/checkout', { token: alice.token, body: { shipTo: { addressId: randomUUID() } }, headers: { 'idempotency-key': randomUUID() } }));
    namesItsRequest(await api.call('GET', `/orders/${randomUUID()}`, { token: alice.token }));
  });

  it('of a replayed refusal is the replay, not the request that was refused first', async () => {
    const key = { 'idempotency-key': randomUUID() };
    const body = { shipTo: { addressId: randomUUID() } };
    const first = await api.call('POST', '/checkout', { token: alice.token, body, headers: key });
    const replay = await api.call('POST', '/checkout', { token: alice.token, body, headers: key });
    expect(replay.status).toBe(first.status);
    expect({ ...(replay.body as object), instance: null }).toEqual({ ...(first.body as object), instance: null });
    namesItsRequest(first);
    namesItsRequest(replay);
    expect((replay.body as { instance: string }).instance).not.toBe((first.body as { instance: string }).instance);
  });
});
