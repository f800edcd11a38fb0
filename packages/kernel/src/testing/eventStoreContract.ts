import { randomUUID } from 'node:crypto';
import { afterEach, describe, it } from 'vitest';
import type { EventStore } from '../eventStore/eventStore.js';
import { appendingCases } from './eventStore/appending.js';
import { payloadCases } from './eventStore/payloads.js';
import { readingCases } from './eventStore/reading.js';
import { sameRulesCases } from './eventStore/sameRules.js';
import { subscriptionCases } from './eventStore/subscriptions.js';
import { event, rejected } from './eventStore/support.js';
import type { ContractContext, EventStoreFactoryOptions } from './eventStore/support.js';

export { contractRegistry } from './eventStore/support.js';
export type { EventStoreFactoryOptions } from './eventStore/support.js';

export interface EventStoreContractOptions {
  /** A new, empty store. It is closed by the suite after each test. */
  readonly create: (options: EventStoreFactoryOptions) => Promise<EventStore> | EventStore;
  /** Property runs per property test; keep it modest for slow stores. */
  readonly numRuns?: number;
  /** The store numbers its events 1, 2, 3... without holes (SQLite, memory), rather than only increasingly. */
  readonly gaplessPositions?: boolean;
}

/**
 * The behaviour every EventStore must show. Run it from each store's tests:
 * `eventStoreContract('sqlite', { create: () => sqliteEventStore({ path: ':memory:' }) })`.
 */
export const eventStoreContract = (name: string, options: EventStoreContractOptions): void => {
  const open: EventStore[] = [];
  const context: ContractContext = {
    make: async (factoryOptions = {}) => {
      const store = await options.create(factoryOptions);
      open.push(store);
      return store;
    },
    stream: (category = 'test') => `${category}-${randomUUID()}`,
    numRuns: options.numRuns ?? 25,
  };

  describe(`EventStore contract: ${name}`, () => {
    afterEach(async () => {
      await Promise.all(open.splice(0).map((store) => store.close()));
    });

    appendingCases(context);
    readingCases(context);
    subscriptionCases(context);
    payloadCases(context);
    sameRulesCases(context, options.gaplessPositions ?? false);

    it('refuses to work once closed', async () => {
      const store = await options.create({});
      await store.close();
      await rejected(store.append(context.stream(), [event()]), 'StoreClosed');
      await rejected(store.readAll(), 'StoreClosed');
    });
  });
};
