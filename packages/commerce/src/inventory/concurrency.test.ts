import { commandHandler, eventRegistry, isEventStoreError, memoryEventStore } from '@shopstream/kernel';
import type { EventStore } from '@shopstream/kernel';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { inventoryDecider, stockLevels } from './decider.js';
import { inventoryEvents } from './events.js';
import { inventoryStream } from './index.js';

const sku = 'LAST-UNIT';
const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
// Within the longest a reservation may last, counted from the real clock the handler uses.
const expiresAt = new Date(Date.now() + 3_600_000).toISOString();

/** A memory store that counts the appends it refused for a stale revision, to show the checkouts really raced. */
const countingStore = (): { store: EventStore; conflicts: () => number } => {
  const inner = memoryEventStore({ registry: eventRegistry(inventoryEvents) });
  let conflicts = 0;
  const store: EventStore = {
    ...inner,
    append: async (...args) => {
      try {
        return await inner.append(...args);
      } catch (error) {
        if (isEventStoreError(error, 'WrongExpectedRevision')) conflicts += 1;
        throw error;
      }
    },
  };
  return { store, conflicts: () => conflicts };
};

/** Runs one reserve per requested quantity, all at once, on a SKU with `stock` units. */
const raceFor = async (stock: number, quantities: readonly number[]) => {
  const { store, conflicts } = countingStore();
  const handle = commandHandler({
    store,
    decider: inventoryDecider,
    // Enough attempts that every contender eventually decides on the final state, and no real waiting.
    retry: { maxAttempts: quantities.length + 2 },
    sleep: () => new Promise((resolve) => setImmediate(resolve)),
  });
  const stream = inventoryStream(sku);
  if (stock > 0) await handle(stream, { type: 'ReceiveStock', sku, quantity: stock, reference: null });
  const results = await Promise.all(
    quantities.map((quantity, i) =>
      handle(stream, { type: 'ReserveStock', sku, reservationId: id(i + 1), orderId: id(1000 + i), quantity, expiresAt }),
    ),
  );
  const final = (await store.readStream(stream)).reduce(
    (state, e) => inventoryDecider.evolve(state, { type: e.type, data: e.data } as Parameters<typeof inventoryDecider.evolve>[1]),
    inventoryDecider.initialState(),
  );
  return { results, final, conflicts: conflicts() };
};

describe('concurrent checkouts of the last units', () => {
  it('reserves exactly the available quantity and refuses everyone else with OutOfStock', async () => {
    const { results, final, conflicts } = await raceFor(3, Array.from({ length: 10 }, () => 1));
    const won = results.filter(E.isRight);
    expect(won).toHaveLength(3);
    for (const result of results.filter(E.isLeft)) expect(result.left).toEqual({ _tag: 'OutOfStock', sku, requested: 1, available: 0 });
    expect(stockLevels(final)).toEqual({ onHand: 3, reserved: 3, available: 0 });
    expect(conflicts).toBeGreaterThan(0);
  });

  it('never promises more than the stock, whatever the stock and the quantities asked for', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 6 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 8 }), async (stock, quantities) => {
        const { results, final } = await raceFor(stock, quantities);
        const granted = results.reduce((total, result, i) => total + (E.isRight(result) ? (quantities[i] ?? 0) : 0), 0);
        const levels = stockLevels(final);
        expect(levels.reserved).toBe(granted);
        expect(levels.available).toBeGreaterThanOrEqual(0);
        for (const [i, result] of results.entries()) {
          // A refusal is only ever for want of stock, and then the stock really was short of the request.
          if (E.isLeft(result)) expect(result.left).toMatchObject({ _tag: 'OutOfStock', requested: quantities[i] });
          if (E.isLeft(result) && result.left._tag === 'OutOfStock') expect(result.left.available).toBeLessThan(result.left.requested);
        }
        // When everyone asks for one unit, exactly as many win as there are units.
        if (quantities.every((q) => q === 1)) expect(granted).toBe(Math.min(stock, quantities.length));
      }),
      { numRuns: 40 },
    );
  });
});
