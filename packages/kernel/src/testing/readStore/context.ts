import { expect } from 'vitest';
import { ReadStoreError } from '../../readStore/readStore.js';
import type { Collection, Document, ReadStore, ReadStoreErrorTag } from '../../readStore/readStore.js';

/** What each part of the read store contract gets from `readStoreContract`. */
export interface ContractContext {
  /** A new, empty store; the suite closes it after the test. */
  readonly make: () => Promise<ReadStore>;
  /** Closes `store` and opens it again from what it persisted; absent for stores that do not persist. */
  readonly reopen: ((store: ReadStore) => Promise<ReadStore>) | undefined;
  readonly numRuns: number;
}

export const rejected = async (promise: Promise<unknown>, tag: ReadStoreErrorTag): Promise<ReadStoreError> => {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof ReadStoreError)) throw error;
    expect(error.detail._tag).toBe(tag);
    return error;
  }
  throw new Error(`expected a ${tag} refusal, but the call succeeded`);
};

/** Fills a collection in one write (bulkWrite) so that property runs stay quick on persistent stores. */
export const fill = async (collection: Collection, documents: readonly Document[]): Promise<void> => {
  if (documents.length > 0) await collection.bulkWrite(documents.map((document) => ({ replaceOne: { document } })));
};

export const ids = (documents: readonly { _id: string }[]): string[] => documents.map((d) => d._id).sort();
