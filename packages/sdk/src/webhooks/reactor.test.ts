import { memoryEventStore, memoryReadStore, reactorRuntime } from '@shopstream/kernel';
import { describe, expect, it } from 'vitest';
import type { WebhookPayload } from './delivery.js';
import { wantedEventTypes, webhookReactor } from './reactor.js';

describe('webhookReactor', () => {
  it('subscribes to the types the endpoints want, with "*" standing for all', () => {
    const endpoints = [
      { id: 'a', url: 'https://a.example.com', secret: 'a-secret-0123456789', events: ['OrderPaid', 'OrderPlaced'] },
      { id: 'b', url: 'https://b.example.com', secret: 'b-secret-0123456789', events: ['OrderPaid'] },
    ];
    expect(wantedEventTypes(endpoints, ['X'])).toEqual(['OrderPaid', 'OrderPlaced']);
    expect(wantedEventTypes([...endpoints, { ...endpoints[1], id: 'c', url: 'https://c.example.com', secret: 'c-secret-0123456789', events: '*' }], ['X', 'OrderPaid'])).toEqual([
      'OrderPaid',
      'OrderPlaced',
      'X',
    ]);
  });

  it('enqueues each wanted event from the log as { id, type, occurredAt, data }, and only those', async () => {
    const eventStore = memoryEventStore();
    const enqueued: WebhookPayload[] = [];
    const reactor = webhookReactor({ enqueue: async (payload) => (enqueued.push(payload), 1) }, ['OrderPaid']);
    const runtime = reactorRuntime({ eventStore, readStore: memoryReadStore(), reactors: [reactor] });
    await runtime.start();
    const { events } = await eventStore.append('order-1', [{ type: 'OrderPaid', data: { orderId: 'o-1' } }, { type: 'OrderShipped', data: {} }]);
    await runtime.waitFor(events.at(-1)?.position ?? null, { timeoutMs: 5_000 });
    await runtime.stop();
    const [paid] = events;
    expect(enqueued).toEqual([{ id: paid?.id, type: 'OrderPaid', occurredAt: paid?.occurredAt, data: { orderId: 'o-1' } }]);
  });
});
