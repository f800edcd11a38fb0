import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { memoryStateStore } from '../state/index.js';
import { webhookOutbox } from './outbox.js';
import { verifyWebhookSignature } from './signature.js';

interface Received {
  readonly eventId: string | undefined;
  readonly verified: boolean;
  readonly body: unknown;
}

describe('webhooks over real HTTP', () => {
  it('a receiver that fails twice and then acknowledges gets the event three times, each correctly signed', async () => {
    const secret = 'receiver-secret-0123456789';
    const received: Received[] = [];
    let acknowledged: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (acknowledged = resolve));
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks);
        const header = request.headers['shopstream-signature'];
        const verified = E.isRight(verifyWebhookSignature(raw, typeof header === 'string' ? header : undefined, secret));
        const eventId = request.headers['shopstream-event-id'];
        received.push({ eventId: typeof eventId === 'string' ? eventId : undefined, verified, body: JSON.parse(raw.toString('utf8')) });
        const ok = received.length > 2;
        response.writeHead(ok ? 200 : 500).end(ok ? 'thanks' : 'not now');
        if (ok) acknowledged();
      });
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const { port } = server.address() as AddressInfo;
    const state = memoryStateStore({ sweepIntervalMs: 0 });
    const outbox = webhookOutbox({
      state,
      endpoints: [{ id: 'local', url: `http://127.0.0.1:${port}/hooks`, secret, events: ['OrderPaid'] }],
      retry: { initialDelayMs: 20, maxDelayMs: 100, maxAgeMs: 60_000, timeoutMs: 5_000 },
    });
    try {
      outbox.start({ intervalMs: 10 });
      const event = { id: '6f1c2c9e-8f0a-4c59-9a35-0c1d2e3f4a5b', type: 'OrderPaid', occurredAt: '2026-11-25T10:00:00.000Z', data: { orderId: 'o-1', 金额: 12_900 } };
      await outbox.enqueue(event);
      await done;
      await outbox.stop();
      expect(received).toHaveLength(3);
      expect(received.every((r) => r.verified && r.eventId === event.id)).toBe(true);
      expect(received.map((r) => r.body)).toEqual([event, event, event]);
      expect(await outbox.pending()).toEqual([]);
      expect(await outbox.dead()).toEqual([]);
    } finally {
      await outbox.stop();
      await new Promise((closed) => server.close(closed));
      await state.close();
    }
  });
});
