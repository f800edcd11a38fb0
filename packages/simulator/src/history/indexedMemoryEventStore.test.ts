import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryEventStore, sequentialIds } from '@shopstream/kernel';
import type { EventFilter } from '@shopstream/kernel';
import { eventStoreContract } from '@shopstream/kernel/testing';
import { indexedMemoryEventStore } from './indexedMemoryEventStore.js';

eventStoreContract('indexed memory', { create: ({ registry }) => indexedMemoryEventStore(registry ? { registry } : {}) });

const types = ['Placed', 'Paid', 'Shipped', 'Viewed'] as const;

describe('indexedMemoryEventStore', () => {
  it('answers every read exactly as the memory store does', async () => {
    const appends = fc.array(fc.record({ stream: fc.constantFrom('order-1', 'order-2', 'cart-1', 'shipment-7'), types: fc.array(fc.constantFrom(...types), { minLength: 1, maxLength: 3 }) }), {
      minLength: 1,
      maxLength: 25,
    });
    const filter: fc.Arbitrary<EventFilter | undefined> = fc.option(
      fc.record({ eventTypes: fc.array(fc.constantFrom(...types, 'Unknown'), { maxLength: 3 }), streamCategories: fc.option(fc.array(fc.constantFrom('order', 'cart'), { maxLength: 2 }), { nil: undefined }) }, { requiredKeys: ['eventTypes'] }),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(appends, filter, fc.nat(40), fc.option(fc.nat(30), { nil: undefined }), async (plan, readFilter, after, maxCount) => {
        const [a, b] = [sequentialIds(), sequentialIds()];
        const plain = memoryEventStore({ newId: () => a.next(), now: () => new Date(0) });
        const indexed = indexedMemoryEventStore({ newId: () => b.next(), now: () => new Date(0) });
        for (const { stream, types: batch } of plan) {
          const events = batch.map((type, i) => ({ type, data: { i } }));
          await plain.append(stream, events);
          await indexed.append(stream, events);
        }
        const read = { after, ...(maxCount === undefined ? {} : { maxCount }), ...(readFilter === undefined ? {} : { filter: readFilter }) };
        expect(await indexed.readAll(read)).toEqual(await plain.readAll(read));
      }),
      { numRuns: 200 },
    );
  });
});
