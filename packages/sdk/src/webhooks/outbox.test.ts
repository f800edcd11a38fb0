import { ManualClock } from '@shopstream/kernel';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { memoryStateStore } from '../state/index.js';
import type { WebhookEndpoint } from './endpoints.js';
import { webhookOutbox } from './outbox.js';
import type { WebhookOutboxOptions } from './outbox.js';
import { retryDelay } from './retryPolicy.js';
import { verifyWebhookSignature } from './signature.js';

interface Sent {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A fetch that records each request and answers with the next status (or throws for 0). */
const scriptedFetch = (statuses: (url: string, attempt: number) => number) => {
  const sent: Sent[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    sent.push({ url, headers, body: typeof init?.body === 'string' ? init.body : '' });
    const status = statuses(url, sent.filter((s) => s.url === url).length);
    if (status === 0) throw new TypeError('fetch failed: connection refused');
    return new Response(status === 204 ? null : 'ok', { status });
  };
  return { fetch, sent };
};

const orders: WebhookEndpoint = { id: 'erp', url: 'https://erp.example.com/hooks', secret: 'erp-secret-0123456789', events: ['OrderPlaced', 'OrderCancelled'] };
const everything: WebhookEndpoint = { id: 'audit', url: 'https://audit.example.com/in', secret: 'audit-secret-0123456789', events: '*' };
const event = (n: number, type = 'OrderPlaced') => ({
  id: `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`,
  type,
  occurredAt: '2026-11-25T10:00:00.000Z',
  data: { orderId: `o-${n}`, total: { amount: 12_900, currency: 'CNY' } },
});

const setup = (fetch: typeof globalThis.fetch, overrides: Partial<WebhookOutboxOptions> = {}) => {
  const clock = new ManualClock('2026-11-25T10:00:00.000Z');
  const state = memoryStateStore({ clock, sweepIntervalMs: 0 });
  const outbox = webhookOutbox({
    state,
    endpoints: [orders, everything],
    fetch,
    clock,
    random: () => 0.5,
    retry: { initialDelayMs: 1_000, maxDelayMs: 60_000, maxAgeMs: 3_600_000, timeoutMs: 5_000 },
    ...overrides,
  });
  return { clock, state, outbox };
};

describe('webhook outbox', () => {
  it('enqueues one delivery per endpoint that wants the type, once however often the event comes', async () => {
    const { outbox } = setup(scriptedFetch(() => 200).fetch);
    expect(await outbox.enqueue(event(1))).toBe(2);
    expect(await outbox.enqueue(event(1))).toBe(0);
    expect(await outbox.enqueue(event(2, 'ReviewPosted'))).toBe(1);
    expect((await outbox.pending()).map((d) => d.id).sort()).toEqual([
      `audit:${event(1).id}`,
      `audit:${event(2).id}`,
      `erp:${event(1).id}`,
    ]);
  });

  it('posts the signed JSON event with its id, and forgets it once acknowledged', async () => {
    const { fetch, sent } = scriptedFetch(() => 204);
    const { outbox, clock } = setup(fetch, { endpoints: [orders] });
    await outbox.enqueue(event(1));
    expect(await outbox.dispatchDue()).toEqual({ delivered: 1, retrying: 0, dead: 0 });
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request?.url).toBe(orders.url);
    expect(JSON.parse(request?.body ?? '')).toEqual(event(1));
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['shopstream-event-id']).toBe(event(1).id);
    expect(request?.headers['shopstream-event-type']).toBe('OrderPlaced');
    expect(verifyWebhookSignature(request?.body ?? '', request?.headers['shopstream-signature'], orders.secret, { now: clock.now() })).toEqual(
      E.right({ timestampSec: clock.now().getTime() / 1000 }),
    );
    expect(await outbox.pending()).toEqual([]);
    expect(await outbox.enqueue(event(1))).toBe(0);
    expect(await outbox.dispatchDue()).toEqual({ delivered: 0, retrying: 0, dead: 0 });
  });

  it('retries a failing endpoint with growing waits, not before they are due, without holding up the others', async () => {
    const { fetch, sent } = scriptedFetch((url, attempt) => (url === orders.url ? (attempt <= 3 ? (attempt === 2 ? 0 : 503) : 200) : 200));
    const { outbox, clock } = setup(fetch);
    await outbox.enqueue(event(1));
    expect(await outbox.dispatchDue()).toEqual({ delivered: 1, retrying: 1, dead: 0 });
    const waits: number[] = [];
    for (let failures = 1; failures <= 3; failures++) {
      const [pending] = await outbox.pending();
      expect(pending).toMatchObject({ attempts: failures, lastError: failures === 2 ? 'TypeError: fetch failed: connection refused' : 'HTTP 503' });
      const wait = (pending?.nextAttemptAt ?? 0) - clock.now().getTime();
      waits.push(wait);
      clock.advance(wait - 1);
      expect(await outbox.dispatchDue()).toEqual({ delivered: 0, retrying: 0, dead: 0 });
      clock.advance(1);
      expect(await outbox.dispatchDue()).toEqual(failures < 3 ? { delivered: 0, retrying: 1, dead: 0 } : { delivered: 1, retrying: 0, dead: 0 });
    }
    // random() = 0.5: three quarters of 1 s, 2 s, 4 s.
    expect(waits).toEqual([750, 1_500, 3_000]);
    expect(sent.filter((s) => s.url === orders.url)).toHaveLength(4);
    expect(new Set(sent.map((s) => s.headers['shopstream-event-id']))).toEqual(new Set([event(1).id]));
    expect(await outbox.pending()).toEqual([]);
  });

  it('gives up after the max age and keeps the delivery as dead, which can be sent again', async () => {
    let up = false;
    const { fetch } = scriptedFetch(() => (up ? 200 : 500));
    const { outbox, clock } = setup(fetch, { endpoints: [orders], retry: { initialDelayMs: 60_000, maxDelayMs: 600_000, maxAgeMs: 3_600_000, timeoutMs: 1_000 } });
    await outbox.enqueue(event(1));
    let report = await outbox.dispatchDue();
    let attempts = 1;
    while (report.dead === 0) {
      const [pending] = await outbox.pending();
      clock.set(new Date(pending?.nextAttemptAt ?? 0));
      report = await outbox.dispatchDue();
      attempts += 1;
      expect(attempts).toBeLessThan(30);
    }
    expect(await outbox.pending()).toEqual([]);
    const [dead] = await outbox.dead();
    expect(dead).toMatchObject({ id: `erp:${event(1).id}`, lastError: 'HTTP 500', attempts, diedAt: clock.now().getTime() });
    expect(clock.now().getTime() - (dead?.enqueuedAt ?? 0)).toBeLessThanOrEqual(3_600_000);
    up = true;
    expect(await outbox.redeliver(`erp:${event(1).id}`)).toBe(true);
    expect(await outbox.redeliver('erp:nothing')).toBe(false);
    expect(await outbox.dispatchDue()).toEqual({ delivered: 1, retrying: 0, dead: 0 });
    expect(await outbox.dead()).toEqual([]);
  });

  it('two dispatchers sharing the state never post one delivery twice at the same time', async () => {
    let inFlight = 0;
    let most = 0;
    const sent: string[] = [];
    const slow: typeof globalThis.fetch = async (_url, init) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      sent.push(new Headers(init?.headers).get('shopstream-event-id') ?? '');
      await new Promise((done) => setTimeout(done, 5));
      inFlight -= 1;
      return new Response(null, { status: 200 });
    };
    const { outbox, state, clock } = setup(slow, { endpoints: [orders] });
    const other = webhookOutbox({ state, endpoints: [orders], fetch: slow, clock });
    for (let n = 1; n <= 10; n++) await outbox.enqueue(event(n));
    const reports = await Promise.all([outbox.dispatchDue(), other.dispatchDue()]);
    expect(reports.reduce((sum, r) => sum + r.delivered, 0)).toBe(10);
    expect(sent.sort()).toEqual(Array.from({ length: 10 }, (_, i) => event(i + 1).id).sort());
    expect(most).toBeGreaterThan(1);
  });

  it('every enqueued delivery ends delivered or dead, never lost, whatever the endpoint answers (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(0, 200, 204, 301, 400, 429, 500, 503), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 6 }),
        async (answers, events) => {
          let call = 0;
          const fetch: typeof globalThis.fetch = async () => {
            const status = answers[call++ % answers.length] ?? 500;
            if (status === 0) throw new TypeError('fetch failed');
            return new Response(null, { status });
          };
          const { outbox, clock } = setup(fetch, { endpoints: [orders], random: Math.random });
          for (let n = 1; n <= events; n++) await outbox.enqueue(event(n));
          let delivered = 0;
          for (let round = 0; round < 200 && (await outbox.pending()).length > 0; round++) {
            delivered += (await outbox.dispatchDue()).delivered;
            clock.advance(60_000);
          }
          expect(await outbox.pending()).toEqual([]);
          expect(delivered + (await outbox.dead()).length).toBe(events);
          if (answers.some((status) => status === 200 || status === 204)) expect(delivered).toBeGreaterThan(0);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses endpoints without a real secret, a URL or events, and duplicate ids', () => {
    const state = memoryStateStore({ sweepIntervalMs: 0 });
    const make = (endpoint: WebhookEndpoint, more: WebhookEndpoint[] = []) => () => webhookOutbox({ state, endpoints: [endpoint, ...more] });
    expect(make({ ...orders, secret: 'short' })).toThrow(/at least 16/);
    expect(make({ ...orders, url: 'ftp://x' })).toThrow(/http/);
    expect(make({ ...orders, url: 'nope' })).toThrow(/not a URL/);
    expect(make({ ...orders, events: [] })).toThrow(/events/);
    expect(make(orders, [orders])).toThrow(/twice/);
  });
});

describe('retry delays', () => {
  it('grow exponentially up to the cap, with half of each wait random (property)', () => {
    const policy = { initialDelayMs: 1_000, maxDelayMs: 300_000, maxAgeMs: 1, timeoutMs: 1 };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (failures, r) => {
        const base = Math.min(300_000, 1_000 * 2 ** (failures - 1));
        const delay = retryDelay(policy, failures, () => r);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(base / 2));
        expect(delay).toBeLessThanOrEqual(base);
        expect(retryDelay(policy, failures + 1, () => 0)).toBeGreaterThanOrEqual(retryDelay(policy, failures, () => 0));
      }),
      { numRuns: 50 },
    );
  });
});
