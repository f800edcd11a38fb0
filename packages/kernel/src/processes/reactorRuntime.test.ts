import { describe, expect, it } from 'vitest';
import type { Event } from '../events/event.js';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import { memoryReadStore } from '../readStore/memoryReadStore.js';
import { defineReactor } from './reactor.js';
import { reactorRuntime } from './reactorRuntime.js';

type Ev = { type: 'OrderPlaced'; data: { orderId: string } } | { type: 'Noise'; data: Record<string, never> };

describe('reactorRuntime', () => {
  it('reacts to each event of its types in order, and resumes after a restart without reacting twice', async () => {
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    const seen: string[] = [];
    const reactor = defineReactor<Ev>({ name: 'mailer', handlers: { OrderPlaced: async (e) => void seen.push(e.data.orderId) } });
    const first = reactorRuntime({ eventStore, readStore, reactors: [reactor] });
    await first.start();
    await eventStore.append('order-1', [{ type: 'OrderPlaced', data: { orderId: '1' } }]);
    await eventStore.append('noise-1', [{ type: 'Noise', data: {} }]);
    const last = await eventStore.append('order-2', [{ type: 'OrderPlaced', data: { orderId: '2' } }]);
    await first.waitFor(last.position);
    await first.stop();
    await eventStore.append('order-3', [{ type: 'OrderPlaced', data: { orderId: '3' } }]);
    const noise = await eventStore.append('noise-2', [{ type: 'Noise', data: {} }]);
    const second = reactorRuntime({ eventStore, readStore, reactors: [reactor] });
    await second.start();
    await second.waitFor(noise.position);
    expect(seen).toEqual(['1', '2', '3']);
    expect(second.status()).toEqual([{ name: 'mailer', position: noise.position, state: 'running', failure: null }]);
    await second.stop();
  });

  it('retries a failing reaction, then stops on that event with the failure recorded, without holding others up', async () => {
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    let broken = true;
    let attempts = 0;
    const handled: string[] = [];
    const flaky = defineReactor<Ev>({
      name: 'flaky',
      handlers: {
        OrderPlaced: async (e) => {
          attempts++;
          if (broken && e.data.orderId === '2') throw new Error('provider down');
          handled.push(e.data.orderId);
        },
      },
    });
    const steady: string[] = [];
    const other = defineReactor<Ev>({ name: 'steady', handlers: { OrderPlaced: async (e) => void steady.push(e.data.orderId) } });
    const runtime = reactorRuntime({ eventStore, readStore, reactors: [flaky, other], retry: { maxAttempts: 3 }, sleep: async () => undefined });
    await runtime.start();
    for (const id of ['1', '2', '3']) await eventStore.append(`order-${id}`, [{ type: 'OrderPlaced', data: { orderId: id } }]);
    const head = await eventStore.headPosition();
    await expect(runtime.waitFor(head, { timeoutMs: 2_000 })).rejects.toThrow(/flaky stopped .*provider down/);
    await runtime.waitFor(head, { reactors: ['steady'] });
    const [failed, fine] = runtime.status();
    expect(failed).toMatchObject({ name: 'flaky', state: 'failed', position: 1, failure: { type: 'OrderPlaced', position: 2, attempts: 3 } });
    expect(fine).toMatchObject({ name: 'steady', position: head });
    expect(steady).toEqual(['1', '2', '3']);
    expect(attempts).toBe(4);

    broken = false;
    await runtime.retry('flaky');
    await runtime.waitFor(head);
    expect(handled).toEqual(['1', '2', '3']);
    await runtime.stop();
  });

  it('waitFor gives up after its timeout', async () => {
    const eventStore = memoryEventStore();
    const reactor = defineReactor<Ev>({ name: 'slow', handlers: { OrderPlaced: () => new Promise(() => undefined) } });
    const runtime = reactorRuntime({ eventStore, readStore: memoryReadStore(), reactors: [reactor] });
    await runtime.start();
    const { position } = await eventStore.append('order-1', [{ type: 'OrderPlaced', data: { orderId: '1' } }]);
    await expect(runtime.waitFor(position, { timeoutMs: 50 })).rejects.toThrow(/within 50 ms/);
  });

  it('refuses a reactor without reactions or a name used twice', () => {
    expect(() => defineReactor<Event>({ name: 'empty', handlers: {} })).toThrow(/at least one/);
    const r = defineReactor<Ev>({ name: 'twice', handlers: { Noise: async () => undefined } });
    expect(() => reactorRuntime({ eventStore: memoryEventStore(), readStore: memoryReadStore(), reactors: [r, r] })).toThrow(/twice/);
  });
});
