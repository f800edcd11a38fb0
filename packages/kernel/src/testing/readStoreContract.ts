import { afterEach, describe } from 'vitest';
import type { ReadStore } from '../readStore/readStore.js';
import { aggregateContract } from './readStore/aggregates.js';
import type { ContractContext } from './readStore/context.js';
import { indexContract } from './readStore/indexes.js';
import { queryContract } from './readStore/queries.js';
import { refusalContract } from './readStore/refusals.js';
import { textContract } from './readStore/text.js';
import { transactionContract } from './readStore/transactions.js';
import { writeContract } from './readStore/writes.js';

export interface ReadStoreContractOptions {
  /** A new, empty store. The suite closes it after each test. */
  readonly create: () => Promise<ReadStore> | ReadStore;
  /**
   * Closes a store made by `create` and opens it again from what it persisted. Persistent stores pass it; the
   * suite then checks that documents, indexes and checkpoints survive and that a failed transaction left nothing.
   */
  readonly reopen?: (store: ReadStore) => Promise<ReadStore> | ReadStore;
  /** Base number of property runs (some properties use a multiple); keep it modest for slow stores. */
  readonly numRuns?: number;
}

/**
 * The behaviour every ReadStore must show, the embedded one and the MongoDB adapter alike. Run it from each
 * store's tests: `readStoreContract('sqlite', { create: () => sqliteReadStore({ path }), reopen })`.
 * Property tests compare filters, updates, upserts, sorts and pages with an independent reference model.
 */
export const readStoreContract = (name: string, options: ReadStoreContractOptions): void => {
  const open: ReadStore[] = [];
  const context: ContractContext = {
    make: async () => {
      const store = await options.create();
      open.push(store);
      return store;
    },
    reopen:
      options.reopen === undefined
        ? undefined
        : async (store) => {
            const again = await (options.reopen as NonNullable<ReadStoreContractOptions['reopen']>)(store);
            open.push(again);
            return again;
          },
    numRuns: options.numRuns ?? 25,
  };

  describe(`ReadStore contract: ${name}`, () => {
    afterEach(async () => {
      await Promise.all(open.splice(0).map((store) => store.close()));
    });
    queryContract(context);
    writeContract(context);
    indexContract(context);
    aggregateContract(context);
    refusalContract(context);
    transactionContract(context);
    textContract(context);
  });
};
