import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../events/event.js';
import { event, rejected } from './support.js';
import type { ContractContext } from './support.js';

/** Reading a stream and the whole log. */
export const readingCases = ({ make, stream, numRuns }: ContractContext): void => {
  describe('reading', () => {
    it('reads a stream forwards and backwards from a revision with a max count', async () => {
      const store = await make();
      const s = stream();
      await store.append(s, Array.from({ length: 10 }, (_, i) => event('N', { i })));
      const data = (events: RecordedEvent[]) => events.map((e) => (e.data as { i: number }).i);
      expect(data(await store.readStream(s))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(data(await store.readStream(s, { fromRevision: 3, maxCount: 4 }))).toEqual([3, 4, 5, 6]);
      expect(data(await store.readStream(s, { direction: 'backwards' }))).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
      expect(data(await store.readStream(s, { direction: 'backwards', fromRevision: 5, maxCount: 3 }))).toEqual([5, 4, 3]);
      expect(data(await store.readStream(s, { direction: 'backwards', maxCount: 2 }))).toEqual([9, 8]);
      expect(data(await store.readStream(s, { direction: 'backwards', fromRevision: 100, maxCount: 1 }))).toEqual([9]);
      expect(await store.readStream(s, { fromRevision: 10 })).toEqual([]);
      expect(await store.readStream(s, { maxCount: 0 })).toEqual([]);
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('reads all from a position, with a max count and a filter on type or category', async () => {
      const store = await make();
      const carts = stream('cart');
      const orders = stream('order');
      await store.append(carts, [event('ItemAdded', { sku: 'a', quantity: 1 }), event('ItemRemoved', { sku: 'a' })]);
      await store.append(orders, [event('OrderPlaced', { total: 1 })]);
      await store.append(carts, [event('ItemAdded', { sku: 'b', quantity: 2 })]);
      const all = await store.readAll();
      expect(all.map((e) => e.type)).toEqual(['ItemAdded', 'ItemRemoved', 'OrderPlaced', 'ItemAdded']);
      const second = all[1] as RecordedEvent;
      expect((await store.readAll({ after: second.position })).map((e) => e.type)).toEqual(['OrderPlaced', 'ItemAdded']);
      expect((await store.readAll({ maxCount: 2 })).map((e) => e.type)).toEqual(['ItemAdded', 'ItemRemoved']);
      expect((await store.readAll({ filter: { eventTypes: ['ItemAdded'] } })).map((e) => e.stream)).toEqual([carts, carts]);
      expect((await store.readAll({ filter: { streamCategories: ['order'] } })).map((e) => e.type)).toEqual(['OrderPlaced']);
      expect(await store.readAll({ filter: { streamCategories: ['order'], eventTypes: ['ItemAdded'] } })).toEqual([]);
      expect((await store.readAll({ after: second.position, maxCount: 1, filter: { streamCategories: ['cart'] } })).map((e) => e.type)).toEqual([
        'ItemAdded',
      ]);
    });

    it('answers any filtered read of the log as filtering the whole log would', async () => {
      const types = ['A', 'B', 'C', 'D'];
      const categories = ['cart', 'order', 'payment'];
      const subset = <T>(values: readonly T[]) => fc.option(fc.subarray([...values], { minLength: 1 }), { nil: undefined });
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ category: fc.constantFrom(...categories), stream: fc.nat(3), types: fc.array(fc.constantFrom(...types), { minLength: 1, maxLength: 3 }) }), {
            minLength: 1,
            maxLength: 25,
          }),
          fc.array(fc.record({ eventTypes: subset(types), streamCategories: subset(categories), after: fc.nat(40), maxCount: fc.integer({ min: 1, max: 30 }) }), {
            minLength: 1,
            maxLength: 6,
          }),
          async (appends, reads) => {
            const store = await make();
            const names = new Map<string, string>();
            for (const { category, stream: n, types: appended } of appends) {
              const key = `${category}/${n}`;
              const name = names.get(key) ?? stream(category);
              names.set(key, name);
              await store.append(name, appended.map((type) => event(type)));
            }
            const log = await store.readAll();
            for (const { eventTypes, streamCategories, after, maxCount } of reads) {
              const filter = { ...(eventTypes ? { eventTypes } : {}), ...(streamCategories ? { streamCategories } : {}) };
              const expected = log
                .filter((e) => e.position > after)
                .filter((e) => !eventTypes || eventTypes.includes(e.type))
                .filter((e) => !streamCategories || streamCategories.some((category) => e.stream.startsWith(`${category}-`)))
                .slice(0, maxCount)
                .map((e) => e.position);
              expect((await store.readAll({ after, maxCount, filter })).map((e) => e.position)).toEqual(expected);
            }
          },
        ),
        { numRuns },
      );
    });

    it('refuses read options that make no sense', async () => {
      const store = await make();
      await rejected(store.readStream(stream(), { maxCount: -1 }), 'InvalidReadOptions');
      await rejected(store.readStream(stream(), { fromRevision: 1.5 }), 'InvalidReadOptions');
      await rejected(store.readAll({ after: -1 }), 'InvalidReadOptions');
      await rejected(store.readStream(''), 'InvalidStreamName');
    });
  });
};
