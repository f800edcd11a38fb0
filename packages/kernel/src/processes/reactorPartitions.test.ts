import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import { memoryReadStore } from '../readStore/memoryReadStore.js';
import type { Document } from '../readStore/readStore.js';
import { defineReactor } from './reactor.js';
import { REACTOR_CHECKPOINTS, reactorRuntime } from './reactorRuntime.js';
import { drainInNewRuntime, turns, watchCheckpoints } from './testing.js';

type Ev = { type: 'Step'; data: { n: number; key: string | null; delay: number } } | { type: 'Noise'; data: Record<string, never> };


const step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', null), delay: fc.integer({ min: 0, max: 4 }) }) },
  { weight: 1, arbitrary: fc.constant('noise' as const) },
);

describe('a partitioned reactor', () => {
  it('reacts once to each event, in store order within a key, alone for a null key, never more at once than allowed, and never checkpoints past an unfinished reaction', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 30 }), async (script, maxConcurrent, stopAfter) => {
        const eventStore = memoryEventStore();
        const readStore = memoryReadStore();
        const started: number[] = [];
        const finished = new Set<number>();
        const under = new Map<number, string | null>();
        const positionOf = new Map<number, number>();
        const violations: string[] = [];
        const unfinishedUpTo = (position: number) => [...positionOf].filter(([n, p]) => p <= position && !finished.has(n)).map(([n]) => n);

        watchCheckpoints(readStore, unfinishedUpTo, violations);
        const reactor = defineReactor<Ev>({
          name: 'parts',
          partitions: { key: (event) => (event.data as { key: string | null }).key, maxConcurrent },
          handlers: {
            Step: async ({ data }) => {
              if (under.size >= maxConcurrent) violations.push(`${data.n} started with ${under.size} under way`);
              for (const [other, key] of under) {
                if (data.key === null || key === null) violations.push(`${data.n} (key ${String(data.key)}) overlapped ${other} (key ${String(key)})`);
                else if (key === data.key) violations.push(`${data.n} overlapped ${other} of the same key`);
              }
              started.push(data.n);
              under.set(data.n, data.key);
              await turns(data.delay);
              under.delete(data.n);
              finished.add(data.n);
            },
          },
        });

        const append = async (n: number) => {
          const s = script[n];
          if (s === undefined) return;
          if (s === 'noise') await eventStore.append(`noise-${n}`, [{ type: 'Noise', data: {} }]);
          else positionOf.set(n, (await eventStore.append(`step-${n}`, [{ type: 'Step', data: { n, key: s.key, delay: s.delay } }])).position);
        };
        const cut = Math.min(stopAfter, script.length);
        const first = reactorRuntime({ eventStore, readStore, reactors: [reactor] });
        await first.start();
        for (let n = 0; n < cut; n++) await append(n);
        const head = await eventStore.headPosition();
        await first.waitFor(head);
        // In memory as well: once waitFor answers, every reaction up to there has finished.
        expect(unfinishedUpTo(head)).toEqual([]);
        await first.stop();
        for (let n = cut; n < script.length; n++) await append(n);
        const end = await drainInNewRuntime(eventStore, readStore, reactor);

        expect(violations).toEqual([]);
        const steps = [...positionOf.keys()];
        expect([...started].sort((a, b) => a - b)).toEqual(steps);
        for (const key of ['a', 'b', 'c', 'd']) {
          const ofKey = started.filter((n) => (script[n] as { key: string | null }).key === key);
          expect(ofKey).toEqual([...ofKey].sort((a, b) => a - b));
        }
        expect((await readStore.collection<Document & { position: number }>(REACTOR_CHECKPOINTS).get('parts'))?.position).toBe(end);
      }),
      { numRuns: 60 },
    );
  });

  it('stops before the lowest failed reaction, records it, and a retry delivers it and what came after it again', async () => {
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    let broken = true;
    const done: number[] = [];
    const reactor = defineReactor<Ev>({
      name: 'flaky',
      partitions: { key: (event) => (event.data as { key: string | null }).key, maxConcurrent: 4 },
      handlers: {
        Step: async ({ data }) => {
          await turns(data.delay);
          if (broken && data.n === 1) throw new Error('down');
          done.push(data.n);
        },
      },
    });
    const runtime = reactorRuntime({ eventStore, readStore, reactors: [reactor], retry: { maxAttempts: 2 }, sleep: async () => undefined });
    await runtime.start();
    const keys = ['a', 'b', 'c', 'b'];
    for (const [n, key] of keys.entries()) await eventStore.append(`step-${n}`, [{ type: 'Step', data: { n, key, delay: n === 0 ? 20 : 0 } }]);
    const head = await eventStore.headPosition();
    await expect(runtime.waitFor(head, { timeoutMs: 2_000 })).rejects.toThrow(/flaky stopped at position 1: Error: down/);
    const [status] = runtime.status();
    expect(status).toMatchObject({ state: 'failed', position: 1, failure: { position: 2, attempts: 2 } });
    // 0 (slow, key a) and 2 (key c) finished; 3 waits behind 1 on key b and never ran.
    expect([...done].sort()).toEqual([0, 2]);
    expect((await readStore.collection<Document & { position: number }>(REACTOR_CHECKPOINTS).get('flaky'))?.position).toBe(1);

    broken = false;
    await runtime.retry('flaky');
    await runtime.waitFor(head);
    expect([...done].sort()).toEqual([0, 1, 2, 2, 3]);
    await runtime.stop();
  });

  it('refuses a maxConcurrent that is not a positive integer', () => {
    expect(() => defineReactor<Ev>({ name: 'bad', partitions: { key: () => null, maxConcurrent: 0 }, handlers: { Noise: async () => undefined } })).toThrow(/maxConcurrent/);
  });
});
