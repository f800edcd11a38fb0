import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import { memoryReadStore } from '../readStore/memoryReadStore.js';
import type { Document } from '../readStore/readStore.js';
import { defineReactor } from './reactor.js';
import { REACTOR_CHECKPOINTS, reactorRuntime } from './reactorRuntime.js';
import { drainInNewRuntime, turns, watchCheckpoints } from './testing.js';

type Ev = { type: 'Handled'; data: { n: number; delay: number } } | { type: 'Skipped'; data: Record<string, never> };

const stored = async (readStore: ReturnType<typeof memoryReadStore>, name: string): Promise<number> =>
  ((await readStore.collection<Document & { position: number }>(REACTOR_CHECKPOINTS).get(name))?.position ?? 0);


describe('reactor checkpoints, stored behind the reactions', () => {
  it('never name a reaction that has not finished, hold the position after stop, and a restart loses nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ handled: fc.boolean(), delay: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 24 }),
        async (script, stopAfter) => {
          const eventStore = memoryEventStore();
          const readStore = memoryReadStore();
          const finished = new Set<number>();
          const handledAt = new Map<number, number>();
          const violations: string[] = [];
          // Every write of the checkpoint is checked as it happens: each handled event at or before it has finished.
          watchCheckpoints(readStore, (position) => [...handledAt].filter(([at, n]) => at <= position && !finished.has(n)).map(([, n]) => n), violations);
          const reactor = defineReactor<Ev>({
            name: 'worker',
            handlers: {
              Handled: async (event) => {
                await turns(event.data.delay);
                finished.add(event.data.n);
              },
            },
          });
          const first = reactorRuntime({ eventStore, readStore, reactors: [reactor] });
          await first.start();
          const cut = Math.min(stopAfter, script.length);
          for (const [n, step] of script.slice(0, cut).entries()) {
            const appended = await eventStore.append(`s-${n}`, [step.handled ? { type: 'Handled', data: { n, delay: step.delay } } : { type: 'Skipped', data: {} }]);
            if (step.handled) handledAt.set(appended.position, n);
          }
          const head = await eventStore.headPosition();
          await first.waitFor(head);
          await first.stop();
          expect(await stored(readStore, 'worker')).toBe(head);

          // The rest arrives while nothing runs; a second runtime picks up exactly after the stored checkpoint.
          for (const [i, step] of script.slice(cut).entries()) {
            const n = cut + i;
            const appended = await eventStore.append(`s-${n}`, [step.handled ? { type: 'Handled', data: { n, delay: step.delay } } : { type: 'Skipped', data: {} }]);
            if (step.handled) handledAt.set(appended.position, n);
          }
          const end = await drainInNewRuntime(eventStore, readStore, reactor);
          expect(violations).toEqual([]);
          expect([...finished].sort((a, b) => a - b)).toEqual([...handledAt.values()].sort((a, b) => a - b));
          expect(await stored(readStore, 'worker')).toBe(end);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('store the position a little later, after reactions and over events the reactor does not handle alike, not once per append', async () => {
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    let writes = 0;
    const checkpoints = readStore.collection<Document & { position: number }>(REACTOR_CHECKPOINTS);
    const replaceOne = checkpoints.replaceOne.bind(checkpoints);
    checkpoints.replaceOne = async (document, options) => {
      writes += 1;
      return replaceOne(document, options);
    };
    let reactions = 0;
    const reactor = defineReactor<Ev>({ name: 'idle', handlers: { Handled: async () => void (reactions += 1) } });
    const runtime = reactorRuntime({ eventStore, readStore, reactors: [reactor] });
    await runtime.start();
    for (let n = 0; n < 30; n++) {
      const event = n % 2 === 0 ? { type: 'Handled' as const, data: { n, delay: 0 } } : { type: 'Skipped' as const, data: {} };
      const { position } = await eventStore.append(`stream-${n}`, [event]);
      // In memory at once: waitFor answers without a write.
      await runtime.waitFor(position);
    }
    expect(reactions).toBe(15);
    expect(writes).toBeLessThan(3);
    await turns(150);
    expect(await stored(readStore, 'idle')).toBe(30);
    await runtime.stop();
  });
});
