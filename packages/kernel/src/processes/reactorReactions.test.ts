import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import { memoryReadStore } from '../readStore/memoryReadStore.js';
import { defineReactor } from './reactor.js';
import type { ReactorRuntime } from './reactorRuntime.js';
import { reactorRuntime } from './reactorRuntime.js';
import { turns } from './testing.js';

type Ev = { type: 'Step'; data: { n: number; key: string | null } } | { type: 'Noise'; data: { n: number } };
type Key = 'a' | 'b' | 'c' | null;

interface Step {
  readonly key: Key | 'noise';
  readonly delay: number;
  /** Its reaction does not finish until the test lets it. */
  readonly held: boolean;
}

const stepOf = fc.record({
  key: fc.constantFrom<Key | 'noise'>('a', 'b', 'c', null, 'noise'),
  delay: fc.integer({ min: 0, max: 3 }),
  held: fc.integer({ min: 0, max: 5 }).map((x) => x === 0),
});

const appendStep = async (eventStore: ReturnType<typeof memoryEventStore>, n: number, step: Step): Promise<{ type: string; position: number }> => {
  const event = step.key === 'noise' ? ({ type: 'Noise', data: { n } } as const) : ({ type: 'Step', data: { n, key: step.key } } as const);
  const { position } = await eventStore.append(`s-${n}`, [event]);
  return { type: event.type, position };
};

/**
 * Which reactions cannot finish before the held ones do: a held one, and one that starts after one of those
 * (the same key, or a null key on either side, which runs alone).
 */
const blockedBehindHeld = (script: readonly Step[]): Set<number> => {
  const blocked = new Set<number>();
  script.forEach((step, n) => {
    if (step.key === 'noise') return;
    const waitsOn = script.slice(0, n).some((before, m) => blocked.has(m) && before.key !== 'noise' && (before.key === step.key || before.key === null || step.key === null));
    if (step.held || waitsOn) blocked.add(n);
  });
  return blocked;
};

/** Waits for the reaction to each event on its own; a wait that answers before its reaction finished is recorded. */
const waitEach = (runtime: ReactorRuntime, events: ReadonlyMap<number, { type: string; position: number }>, finished: ReadonlySet<number>, handled: (n: number) => boolean, violations: string[]) =>
  new Map(
    [...events].map(([n, event]) => [
      n,
      runtime.waitForReactions([event], { timeoutMs: 3_000 }).then(() => {
        if (handled(n) && !finished.has(n)) violations.push(`the wait for ${n} answered before its reaction finished`);
      }),
    ]),
  );

describe('waiting for the reactions to given events', () => {
  it('answers once those reactions have finished, not before, and without waiting for reactions to other events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepOf, { minLength: 1, maxLength: 20 }), async (script) => {
        const eventStore = memoryEventStore();
        const readStore = memoryReadStore();
        const finished = new Set<number>();
        const violations: string[] = [];
        let release: () => void = () => undefined;
        const held = new Promise<void>((resolve) => (release = resolve));
        const reactor = defineReactor<Ev>({
          name: 'parts',
          // Room for every event at once: only keys order the reactions, so "blocked" is exactly blockedBehindHeld.
          partitions: { key: (event) => (event.data as { key: string | null }).key, maxConcurrent: script.length + 1 },
          handlers: {
            Step: async ({ data }) => {
              if (script[data.n]?.held) await held;
              else await turns(script[data.n]?.delay ?? 0);
              finished.add(data.n);
            },
          },
        });
        const runtime = reactorRuntime({ eventStore, readStore, reactors: [reactor] });
        await runtime.start();
        const events = new Map<number, { type: string; position: number }>();
        for (const [n, step] of script.entries()) events.set(n, await appendStep(eventStore, n, step));
        const waits = waitEach(runtime, events, finished, (n) => script[n]?.key !== 'noise', violations);

        const blocked = blockedBehindHeld(script);
        // Everything that does not follow a held reaction is answered while the held ones are still under way.
        await Promise.all([...waits].filter(([n]) => !blocked.has(n)).map(([, wait]) => wait));
        for (const n of blocked) expect(finished.has(n)).toBe(false);
        release();
        await Promise.all(waits.values());
        expect(violations).toEqual([]);
        expect([...finished].sort((a, b) => a - b)).toEqual([...script.keys()].filter((n) => script[n]?.key !== 'noise'));
        await runtime.stop();
      }),
      { numRuns: 60 },
    );
  });

  it('survives a failure and a restart: a reaction that gave up is refused, not answered, and a retry in a new runtime answers it once done', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ key: fc.constantFrom<Key>('a', 'b', 'c', null), delay: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 16 }),
        fc.integer({ min: 0, max: 16 }),
        fc.option(fc.integer({ min: 0, max: 15 }), { nil: null }),
        fc.integer({ min: 1, max: 4 }),
        async (steps, stopAfter, failing, maxConcurrent) => {
          const script: Step[] = steps.map((step) => ({ ...step, held: false }));
          const eventStore = memoryEventStore();
          const readStore = memoryReadStore();
          const finished = new Set<number>();
          const violations: string[] = [];
          let broken = true;
          const reactor = defineReactor<Ev>({
            name: 'flaky',
            partitions: { key: (event) => (event.data as { key: string | null }).key, maxConcurrent },
            handlers: {
              Step: async ({ data }) => {
                await turns(script[data.n]?.delay ?? 0);
                if (broken && data.n === failing) throw new Error('down');
                finished.add(data.n);
              },
            },
          });
          const options = { eventStore, readStore, reactors: [reactor], retry: { maxAttempts: 2 }, sleep: async () => undefined };
          const cut = Math.min(stopAfter, script.length);
          const events = new Map<number, { type: string; position: number }>();

          const first = reactorRuntime(options);
          await first.start();
          for (let n = 0; n < cut; n++) events.set(n, await appendStep(eventStore, n, script[n] as Step));
          const outcomes = await Promise.allSettled(waitEach(first, events, finished, () => true, violations).values());
          outcomes.forEach((outcome, n) => {
            // Refused only once the reactor has stopped on a failure; the failing event's own wait is never answered.
            if (outcome.status === 'rejected') {
              expect(first.status()[0]?.state).toBe('failed');
              // Told as soon as the reactor stopped, not left to time out.
              expect(String(outcome.reason)).toMatch(/flaky stopped without reacting to the event at \d+: Error: down/);
            }
            if (n === failing) expect(outcome.status).toBe('rejected');
          });
          await first.stop();

          broken = false;
          const second = reactorRuntime(options);
          await second.start();
          if (second.status()[0]?.state === 'failed') await second.retry('flaky');
          for (let n = cut; n < script.length; n++) events.set(n, await appendStep(eventStore, n, script[n] as Step));
          await Promise.all(waitEach(second, events, finished, () => true, violations).values());
          expect(violations).toEqual([]);
          expect([...finished].sort((a, b) => a - b)).toEqual([...script.keys()]);
          await second.stop();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('waits for nothing when no reactor reacts to the events', async () => {
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const reactor = defineReactor<Ev>({ name: 'steps', handlers: { Step: () => held } });
    const runtime = reactorRuntime({ eventStore, readStore, reactors: [reactor] });
    await runtime.start();
    await eventStore.append('s-0', [{ type: 'Step', data: { n: 0, key: null } }]);
    const noise = await eventStore.append('s-1', [{ type: 'Noise', data: { n: 1 } }]);
    // The reactor's position is stuck before the held step, yet the noise after it has no reaction to wait for.
    await runtime.waitForReactions([{ type: 'Noise', position: noise.position }], { timeoutMs: 1_000 });
    await expect(runtime.waitFor(noise.position, { timeoutMs: 50 })).rejects.toThrow(/did not reach/);
    release();
    await runtime.stop();
  });
});
