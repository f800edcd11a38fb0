import { describe, expect, it } from 'vitest';
import type { SubscriptionMessage } from '../../eventStore/eventStore.js';
import { collect, event } from './support.js';
import type { ContractContext } from './support.js';

/** Catch-up subscriptions: the hand-off to live, wake-ups, filters. */
export const subscriptionCases = ({ make, stream }: ContractContext): void => {
  describe('subscriptions', () => {
    it('catches up, says so, then delivers live events, and stops', async () => {
      const store = await make();
      const s = stream();
      await store.append(s, [event('A'), event('B')]);
      const subscription = store.subscribe();
      const iterator = subscription[Symbol.asyncIterator]();
      const first = await iterator.next();
      const second = await iterator.next();
      const caughtUp = await iterator.next();
      expect([first.value, second.value].map((m: SubscriptionMessage) => (m.type === 'event' ? m.event.type : m.type))).toEqual(['A', 'B']);
      expect(caughtUp.value).toEqual({ type: 'caughtUp', position: await store.headPosition() });
      const live = iterator.next();
      await store.append(s, [event('C')]);
      const delivered = await live;
      expect(delivered.value).toMatchObject({ type: 'event', event: { type: 'C', revision: 2 } });
      await subscription.stop();
      expect((await iterator.next()).done).toBe(true);
    });

    it('does not lose a wake-up for an append made while it was between its read and its wait', async () => {
      const store = await make();
      const subscription = store.subscribe();
      const iterator = subscription[Symbol.asyncIterator]();
      const within = async <T>(promise: Promise<T>): Promise<T | 'timed out'> => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timedOut = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), 2_000)));
        const result = await Promise.race([promise, timedOut]);
        clearTimeout(timer);
        return result;
      };
      expect((await iterator.next()).value).toEqual({ type: 'caughtUp', position: 0 });
      // Append after a growing number of microtask turns, so that one of them lands in the gap.
      for (let turns = 0; turns < 30; turns++) {
        const next = iterator.next();
        for (let i = 0; i < turns; i++) await Promise.resolve();
        await store.append(stream(), [event('Late', { turns })]);
        expect(await within(next), `append after ${turns} turns`).toMatchObject({ value: { type: 'event', event: { data: { turns } } } });
        expect(await within(iterator.next())).toMatchObject({ value: { type: 'caughtUp' } });
      }
      await subscription.stop();
    });

    it('starts after a given position and applies its filter', async () => {
      const store = await make();
      const carts = stream('cart');
      const first = await store.append(carts, [event('ItemAdded', { n: 1 })]);
      await store.append(stream('order'), [event('OrderPlaced')]);
      await store.append(carts, [event('ItemAdded', { n: 2 })]);
      const subscription = store.subscribe({ after: first.position, filter: { streamCategories: ['cart'] } });
      const { events, caughtUp } = await collect(subscription, (_, message) => message.type === 'caughtUp');
      expect(events.map((e) => e.data)).toEqual([{ n: 2 }]);
      expect(caughtUp).toEqual([await store.headPosition()]);
      await subscription.stop();
    });

    it('delivers every matching event exactly once and in order across the hand-off, while others append', async () => {
      const store = await make();
      const writers = 4;
      const perWriter = 60;
      const streams = Array.from({ length: writers }, () => stream('load'));
      const append = async (w: number, from: number, to: number) => {
        for (let i = from; i < to; i++) await store.append(streams[w] as string, [event('Tick', { w, i })]);
      };
      await Promise.all(streams.map((_, w) => append(w, 0, perWriter / 2)));
      const subscription = store.subscribe({ batchSize: 7, filter: { streamCategories: ['load'] } });
      const received = collect(subscription, (events) => events.length >= writers * perWriter);
      await Promise.all(streams.map((_, w) => append(w, perWriter / 2, perWriter)));
      const { events } = await received;
      await subscription.stop();
      const stored = await store.readAll({ filter: { streamCategories: ['load'] } });
      expect(events.map((e) => e.id)).toEqual(stored.map((e) => e.id));
      expect(new Set(events.map((e) => e.id)).size).toBe(writers * perWriter);
      for (const w of streams.keys()) {
        const mine = events.filter((e) => (e.data as { w: number }).w === w).map((e) => (e.data as { i: number }).i);
        expect(mine).toEqual(Array.from({ length: perWriter }, (_, i) => i));
      }
    });

    it('two subscriptions on one store each see every event', async () => {
      const store = await make();
      const one = store.subscribe();
      const two = store.subscribe();
      const a = collect(one, (events) => events.length === 3);
      const b = collect(two, (events) => events.length === 3);
      await store.append(stream(), [event('X'), event('Y')]);
      await store.append(stream(), [event('Z')]);
      expect((await a).events.map((e) => e.type)).toEqual(['X', 'Y', 'Z']);
      expect((await b).events.map((e) => e.type)).toEqual(['X', 'Y', 'Z']);
      await Promise.all([one.stop(), two.stop()]);
    });
  });
};
