import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApi } from '../routing/testing/harness.js';
import type { Customer, TestApi } from '../routing/testing/harness.js';
import { productOnSale } from '../routing/testing/orders.js';

let api: TestApi;
let alice: Customer;
let bob: Customer;
let productId = '';
const address = { recipientName: 'A', phone: '13800138000', region: { country: 'CN', province: '浙江省', city: '杭州市', district: null }, lines: '一号' };

beforeAll(async () => {
  api = await startApi({ heartbeatMs: 50 });
  alice = await api.customer('alice');
  bob = await api.customer('bob');
  const admin = await api.staff('admin', 'admin');
  ({ productId } = await productOnSale(api, admin, { title: { zh: '茶', en: 'Tea' }, sku: 'SSE-1', price: { amount: 100, currency: 'CNY' }, quantity: 10, reference: 'PO-SSE' }));
});
afterAll(async () => api.close());

interface Frame {
  readonly id: string;
  readonly data: { readonly type: string; readonly stream: string };
}

/** Opens the stream and collects frames until `enough` says so. */
const listen = async (token: string, lastEventId?: string) => {
  const controller = new AbortController();
  const response = await fetch(`${api.base}/me/order-events`, {
    headers: { authorization: `Bearer ${token}`, ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }) },
    signal: controller.signal,
  });
  const frames: Frame[] = [];
  let buffer = '';
  let heartbeats = 0;
  let ended = false;
  const reading = (async () => {
    const decoder = new TextDecoder();
    if (response.body === null) return;
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) heartbeats += 1;
          const id = /^id: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (id !== undefined && data !== undefined) frames.push({ id, data: JSON.parse(data) as Frame['data'] });
        }
      }
      ended = true;
    } catch {
      // aborted
    }
  })();
  const until = async (enough: () => boolean): Promise<void> => {
    for (let i = 0; i < 200 && !enough(); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  };
  return { response, frames, until, heartbeats: () => heartbeats, ended: () => ended, close: async () => (controller.abort(), reading) };
};

const placeOrder = async (customer: Customer): Promise<string> => {
  await api.call('POST', '/me/cart/items', { token: customer.token, body: { productId, sku: 'SSE-1', quantity: 1 } });
  const placed = await api.call('POST', '/checkout', { token: customer.token, body: { shipTo: { address } }, headers: { 'idempotency-key': randomUUID() } });
  await api.shop.settle();
  return (placed.body as { orderId: string }).orderId;
};

it('streams my order events live, not other customers’, and resumes after Last-Event-ID', async () => {
  const live = await listen(alice.token);
  expect(live.response.headers.get('content-type')).toContain('text/event-stream');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const bobsOrder = await placeOrder(bob);
  const orderId = await placeOrder(alice);
  await live.until(() => live.frames.some((f) => f.data.stream === `order-${orderId}`));
  await live.until(() => live.heartbeats() > 0);
  await live.close();
  expect(live.frames.some((f) => f.data.stream === `order-${orderId}`)).toBe(true);
  expect(live.frames.some((f) => f.data.stream.includes(bobsOrder))).toBe(false);
  expect(live.heartbeats()).toBeGreaterThan(0);

  // Reconnect after the first event: everything after it comes again, in order, and nothing before.
  const first = live.frames[0];
  if (first === undefined) throw new Error('an event was streamed');
  const resumed = await listen(alice.token, first.id);
  const expected = live.frames.slice(1).map((f) => f.id);
  await resumed.until(() => resumed.frames.length >= expected.length);
  await resumed.close();
  expect(resumed.frames.map((f) => f.id).slice(0, expected.length)).toEqual(expected);
  const positions = resumed.frames.map((f) => Number(f.id));
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
});

it('refuses anonymous and staff-only callers before opening a stream', async () => {
  const answer = await api.call('GET', '/me/order-events');
  expect(answer.status).toBe(401);
});

it('ends the stream once its account is closed, or its session ended, within a heartbeat', async () => {
  const carol = await api.customer('carol');
  const live = await listen(carol.token);
  await live.until(() => live.heartbeats() > 1);
  expect(live.ended()).toBe(false);
  expect((await api.shop.identity.closeAccount(carol.userId, { by: 'customer' }))._tag).toBe('Right');
  await live.until(() => live.ended());
  expect(live.ended()).toBe(true);

  const dan = await api.customer('dan');
  const other = await listen(dan.token);
  await other.until(() => other.heartbeats() > 0);
  expect((await api.call('POST', '/auth/logout', { token: dan.token })).status).toBe(200);
  await other.until(() => other.ended());
  expect(other.ended()).toBe(true);
});
