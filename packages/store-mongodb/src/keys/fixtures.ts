import { Query, updateOne } from 'mingo';
import type { AnyObject, Projection } from 'mingo/types';
import type { Binary, Document, Filter, Sort } from 'mongodb';
import { addingKey, erasing, notErased } from './documents.js';
import type { ReadableDocuments } from './reads.js';

// mingo, an independent evaluator of MongoDB's query and update languages, stands in for the server here: the key
// store's own filters, updates, projections and sorts are applied to arrays of documents as the server would apply
// them, one single-document write at a time (the server applies each atomically).

/** A subject's document as the writes below leave it; fields a first erasure has not set yet are missing. */
export type Row = AnyObject & { _id: string; keys?: { keyId: string; wrapped?: Binary }[]; erased?: boolean; erasure?: number };

/** The store's create on one subject's documents: its conditional upsert, and the refusal when the subject is erased. */
export const create = (rows: Row[], subject: string, keyId: string, wrapped: Uint8Array = new Uint8Array(60)): 'created' | 'refused' => {
  const update = addingKey(keyId, wrapped) as AnyObject;
  if (updateOne(rows, notErased(subject) as AnyObject, update).matchedCount > 0) return 'created';
  // No match: the upsert inserts the filter's equalities, unless a document has that `_id` (E11000).
  if (rows.some((row) => row._id === subject)) return 'refused';
  const seeded: Row = { _id: subject, erased: false };
  rows.push(seeded);
  updateOne(rows, { _id: subject }, update);
  return 'created';
};

/** The store's erasure of one subject: its pipeline update, upserted for a subject it never saw. */
export const erase = (rows: Row[], subject: string, position: number): void => {
  if (!rows.some((row) => row._id === subject)) rows.push({ _id: subject });
  updateOne(rows, { _id: subject }, erasing(position) as never);
};

/** The reads of a collection, answered by mingo over `rows` with the same filter, projection and sort. */
export const mingoDocuments = <R extends Document>(rows: readonly object[]): ReadableDocuments<R> => {
  const found = (filter: Filter<R>, projection?: Document) => new Query(filter, {}).find<R>(rows as AnyObject[], projection as Projection<R> | undefined);
  return {
    findOne: async (filter, projection) => found(filter, projection).all()[0] ?? null,
    findAll: async (filter, projection, sort: Sort) => found(filter, projection).sort(sort as AnyObject).all(),
  };
};
