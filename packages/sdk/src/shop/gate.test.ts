import * as E from 'fp-ts/lib/Either.js';
import { memoryEventStore } from '@shopstream/kernel';
import type { EventStore, ProjectionRuntime, WaitOptions } from '@shopstream/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendWatch } from './appendWatch.js';
import { commandGate } from './gate.js';
import type { ProjectionTypes } from './gate.js';

const projectionTypes: readonly ProjectionTypes[] = [
  { name: 'carts', eventTypes: ['CartItemAdded', 'CartCheckedOut'] },
  { name: 'orders', eventTypes: ['OrderPlaced', 'OrderPaid'] },
  { name: 'reports', eventTypes: ['OrderPlaced', 'OrderPaid', 'CartCheckedOut'] },
  { name: 'payments', eventTypes: ['PaymentStarted'] },
];
const TYPES = ['CartItemAdded', 'CartCheckedOut', 'OrderPlaced', 'OrderPaid', 'PaymentStarted', 'CustomerNoted'] as const;

interface Wait {
  readonly position: number | null;
  readonly projections: readonly string[];
}

/** A projection runtime that only records what the gate waits for. */
const recordingRuntime = (waits: Wait[]): ProjectionRuntime =>
  ({
    waitFor: (position: number | null, options?: WaitOptions) => {
      waits.push({ position, projections: [...(options?.projections ?? ['(all)'])].sort() });
      return Promise.resolve();
    },
  }) as unknown as ProjectionRuntime;

const gateOver = (store: EventStore, waits: Wait[]) => {
  const appends = appendWatch(store);
  const gate = commandGate({ status: () => 'running', appends, projections: recordingRuntime(waits), projectionTypes, readYourWrites: true, timeoutMs: 1_000, closedAt: () => Promise.resolve(null) });
  return { gate, eventStore: appends.eventStore };
};

const handling = (types: Iterable<string>): string[] => [...new Set([...types].flatMap((type) => projectionTypes.filter((p) => p.eventTypes.includes(type)).map((p) => p.name)))].sort();

describe('read-your-writes in the command gate', () => {
  it('waits for the projections that handle what the command recorded, up to its last event', async () => {
    const waits: Wait[] = [];
    const { gate, eventStore } = gateOver(memoryEventStore(), waits);
    await eventStore.append('other-1', [{ type: 'PaymentStarted', data: {} }]);
    const result = await gate.run(undefined, async () => {
      await eventStore.append('cart-1', [{ type: 'CartItemAdded', data: {} }]);
      const last = await eventStore.append('cart-1', [{ type: 'CartCheckedOut', data: {} }]);
      return E.right(last.position);
    });
    expect(waits).toEqual([{ position: E.isRight(result) ? result.right : -1, projections: ['carts', 'reports'] }]);
  });

  it('does not wait when the command recorded nothing, nothing a projection reads, or failed', async () => {
    const waits: Wait[] = [];
    const { gate, eventStore } = gateOver(memoryEventStore(), waits);
    await gate.run(undefined, () => Promise.resolve(E.right(null)));
    await gate.run(undefined, async () => E.right(await eventStore.append('note-1', [{ type: 'CustomerNoted', data: {} }])));
    await gate.run(undefined, async () => {
      await eventStore.append('order-1', [{ type: 'OrderPlaced', data: {} }]);
      return E.left({ _tag: 'NotFound', entity: 'order', id: 'x' } as const);
    });
    await gate.run({ readYourWrites: false }, async () => E.right(await eventStore.append('order-2', [{ type: 'OrderPlaced', data: {} }])));
    expect(waits).toEqual([]);
  });

  it('covers each command’s own events however commands running side by side interleave their appends', async () => {
    const command = fc.array(fc.record({ type: fc.constantFrom(...TYPES), pause: fc.nat({ max: 3 }) }), { maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 5 }), async (commands) => {
        const appends = appendWatch(memoryEventStore());
        const runs = commands.map((steps) => {
          const waits: Wait[] = [];
          return { steps, waits, gate: commandGate({ status: () => 'running', appends, projections: recordingRuntime(waits), projectionTypes, readYourWrites: true, timeoutMs: 1_000, closedAt: () => Promise.resolve(null) }) };
        });
        const own = await Promise.all(
          runs.map(({ steps, gate }, n) =>
            gate.run(undefined, async () => {
              let last: number | null = null;
              for (const [i, step] of steps.entries()) {
                for (let p = 0; p < step.pause; p++) await Promise.resolve();
                last = (await appends.eventStore.append(`s-${n}-${i}`, [{ type: step.type, data: {} }])).position;
              }
              return E.right(last);
            }),
          ),
        );
        runs.forEach(({ steps, waits }, n) => {
          const needed = handling(steps.map((s) => s.type));
          const result = own[n];
          const ownLast = result !== undefined && E.isRight(result) ? result.right : null;
          if (needed.length === 0) return;
          // Never less than its own: every projection its events reach, at least up to its last event.
          expect(waits[0]?.projections).toEqual(expect.arrayContaining(needed));
          expect(waits[0]?.position ?? -1).toBeGreaterThanOrEqual(ownLast ?? Number.POSITIVE_INFINITY);
        });
      }),
      { numRuns: 200 },
    );
  });
});
