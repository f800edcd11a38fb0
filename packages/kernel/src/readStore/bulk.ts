import { ReadStoreError } from './readStore.js';
import type { BulkOperation, Document, Filter, Update } from './readStore.js';
import { validateFilter, validateUpdate } from './subset.js';

/** A bulk operation checked against the portable subset, before anything is read or written. */
export type CheckedBulkOperation =
  | { readonly kind: 'replaceOne'; readonly document: Document; readonly upsert: boolean }
  | { readonly kind: 'updateOne' | 'updateMany'; readonly filter: Filter; readonly update: Update; readonly upsert: boolean }
  | { readonly kind: 'deleteOne' | 'deleteMany'; readonly filter: Filter };

const invalid = (reason: string): never => {
  throw new ReadStoreError({ _tag: 'InvalidQuery', reason });
};

/**
 * Checks one operation of a `bulkWrite`: its filters and updates against the portable subset, its document with
 * `document` (the embedded store makes it a stored, frozen document there; a store that checks documents as it
 * applies them passes it through). The defaults are MongoDB's: a replace upserts, an update does not.
 */
export const checkBulkOperation = <T extends Document>(operation: BulkOperation<T>, document: (given: T) => Document = (given) => given): CheckedBulkOperation => {
  if (typeof operation !== 'object' || operation === null) return invalid('a bulk operation must be an object');
  if ('replaceOne' in operation) return { kind: 'replaceOne', document: document(operation.replaceOne.document), upsert: operation.replaceOne.upsert ?? true };
  if ('updateOne' in operation) {
    const { filter, update, upsert } = operation.updateOne;
    return { kind: 'updateOne', filter: validateFilter(filter), update: validateUpdate(update), upsert: upsert ?? false };
  }
  if ('updateMany' in operation) {
    const { filter, update } = operation.updateMany;
    return { kind: 'updateMany', filter: validateFilter(filter), update: validateUpdate(update), upsert: false };
  }
  if ('deleteOne' in operation) return { kind: 'deleteOne', filter: validateFilter(operation.deleteOne.filter) };
  if ('deleteMany' in operation) return { kind: 'deleteMany', filter: validateFilter(operation.deleteMany.filter) };
  return invalid(`unknown bulk operation ${JSON.stringify(Object.keys(operation))}`);
};
