import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyedQueues } from './keyedQueues.js';

interface Item {
  readonly id: number;
  readonly key: string;
  readonly fails: boolean;
  /** Pushed while earlier items are being handled rather than up front. */
  readonly late: boolean;
}

const items = fc
  .array(fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e'), fails: fc.integer({ min: 0, max: 4 }).map((n) => n === 0), late: fc.boolean() }), { maxLength: 30 })
  .map((list) => list.map((item, id): Item => ({ ...item, id })));

const flushMicrotasks = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('keyedQueues', () => {
  it('handles every item once, each key in push order and one at a time, at most maxConcurrent at once, different keys side by side', async () => {
    await fc.assert(
      fc.asyncProperty(items, fc.integer({ min: 1, max: 4 }), fc.scheduler(), async (list, maxConcurrent, s) => {
        const handled: Item[] = [];
        const pushed: Item[] = [];
        const busy = new Set<string>();
        const violations: string[] = [];
        let running = 0;
        const work = keyedQueues<Item>({
          key: (item) => item.key,
          maxConcurrent,
          handle: async (item) => {
            if (busy.has(item.key)) violations.push(`two items of ${item.key} at once`);
            busy.add(item.key);
            running += 1;
            if (running > maxConcurrent) violations.push(`${running} running with maxConcurrent ${maxConcurrent}`);
            await s.schedule(Promise.resolve(), `handle ${item.id}`);
            running -= 1;
            busy.delete(item.key);
            handled.push(item);
            if (item.fails) throw new Error(`item ${item.id} fails`);
          },
        });
        const outcomes = new Map<number, Promise<'ok' | 'failed'>>();
        const push = (item: Item) => {
          pushed.push(item);
          outcomes.set(
            item.id,
            work.push(item).then(
              () => 'ok',
              () => 'failed',
            ),
          );
        };

        for (const item of list) if (!item.late) push(item);
        const upfrontKeys = new Set(pushed.map((item) => item.key));
        const idleChecks: Promise<void>[] = [];
        const idleCheck = () => {
          const at = pushed.length;
          idleChecks.push(
            work.idle().then(() => {
              // Idle: everything pushed so far (at least what was pushed when asked) is through.
              expect(handled.length).toBe(pushed.length);
              expect(handled.length).toBeGreaterThanOrEqual(at);
            }),
          );
        };
        idleCheck();
        const settledA = work.settled('a').then(
          () => {
            const ofA = pushed.filter((item) => item.key === 'a');
            expect(handled.filter((item) => item.key === 'a').map((item) => item.id)).toEqual(ofA.map((item) => item.id));
            expect(ofA.some((item) => item.fails)).toBe(false);
          },
          () => {
            expect(handled.some((item) => item.key === 'a' && item.fails)).toBe(true);
          },
        );
        for (const item of list) if (item.late) void s.schedule(Promise.resolve(), `push ${item.id}`).then(() => push(item));

        await flushMicrotasks();
        // Before anything finishes, the first item of each key already pushed is under way, up to the limit.
        expect(running).toBe(Math.min(maxConcurrent, upfrontKeys.size));

        await s.waitFor(Promise.all([...idleChecks, settledA]));
        // Late pushes start their handling a few microtasks after the scheduler releases them: wait until all are through.
        while (handled.length < list.length) {
          await s.waitAll();
          await flushMicrotasks();
        }
        idleCheck();
        await Promise.all(idleChecks);

        expect(violations).toEqual([]);
        expect(handled.map((item) => item.id).sort((x, y) => x - y)).toEqual(list.map((item) => item.id));
        for (const key of new Set(list.map((item) => item.key))) {
          expect(handled.filter((item) => item.key === key).map((item) => item.id)).toEqual(pushed.filter((item) => item.key === key).map((item) => item.id));
        }
        for (const item of list) expect(await outcomes.get(item.id)).toBe(item.fails ? 'failed' : 'ok');
      }),
      { numRuns: 200, timeout: 2_000 },
    );
  });

  it('refuses a concurrency below one', () => {
    expect(() => keyedQueues({ key: String, handle: () => Promise.resolve(), maxConcurrent: 0 })).toThrow(RangeError);
  });
});
