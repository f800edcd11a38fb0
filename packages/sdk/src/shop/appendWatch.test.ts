import { memoryEventStore } from '@shopstream/kernel';
import type { AppendResult, EventStore } from '@shopstream/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendWatch } from './appendWatch.js';

/** A memory store whose appends complete only when the test lets each one go, in the order it chooses. */
const heldStore = () => {
  const inner = memoryEventStore();
  const held: (() => void)[] = [];
  const store: EventStore = {
    ...inner,
    append: async (stream, events, options) => {
      await new Promise<void>((resolve) => held.push(resolve));
      return inner.append(stream, events, options);
    },
  };
  return { store, held };
};

type Step = { readonly kind: 'open' } | { readonly kind: 'close' } | { readonly kind: 'start'; readonly events: number } | { readonly kind: 'finish'; readonly pick: number };

describe('an append recording', () => {
  it('holds exactly the events of the appends that completed while it was open, in the order they completed', async () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.constant({ kind: 'open' as const }),
      fc.constant({ kind: 'close' as const }),
      fc.integer({ min: 1, max: 3 }).map((events) => ({ kind: 'start' as const, events })),
      fc.nat().map((pick) => ({ kind: 'finish' as const, pick })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps) => {
        const { store, held } = heldStore();
        const watch = appendWatch(store);
        const started: { release: () => void; done: Promise<AppendResult> }[] = [];
        const recordings: { recording: ReturnType<typeof watch.record>; open: boolean; expected: string[] }[] = [];
        for (const s of steps) {
          if (s.kind === 'open') recordings.push({ recording: watch.record(), open: true, expected: [] });
          else if (s.kind === 'close') {
            const last = recordings.findLast((r) => r.open);
            if (last) {
              last.recording.close();
              last.open = false;
            }
          } else if (s.kind === 'start') {
            const done = watch.eventStore.append(`s-${started.length}`, Array.from({ length: s.events }, () => ({ type: 'Noted', data: {} })));
            // The append reaches the held point before the next step.
            await new Promise<void>((resolve) => setImmediate(resolve));
            const release = held.shift();
            if (release) started.push({ release, done });
          } else if (started.length > 0) {
            const [chosen] = started.splice(s.pick % started.length, 1);
            if (chosen) {
              chosen.release();
              const result = await chosen.done;
              for (const r of recordings) if (r.open) r.expected.push(...result.events.map((e) => e.id));
            }
          }
        }
        for (const r of recordings) expect(r.recording.events.map((e) => e.id)).toEqual(r.expected);
        for (const { release, done } of started) {
          release();
          await done;
        }
      }),
      { numRuns: 200 },
    );
  });
});
