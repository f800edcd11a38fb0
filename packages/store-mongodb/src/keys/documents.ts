import { Binary } from 'mongodb';
import type { Document, Filter, UpdateFilter } from 'mongodb';

/**
 * How a subject's keys are kept: one document per subject, so that every change to a subject is one
 * single-document write, which MongoDB applies atomically. `erased` is set in the same write that empties
 * `keys`, and a key is only ever added to a document that is not erased, so no order of creates and erasures,
 * from any number of processes, can leave a key in an erased subject's document.
 */
export interface SubjectRow {
  /** The data subject. */
  _id: string;
  /** Oldest first: the last one is the current key. */
  keys: WrappedKeyRow[];
  erased: boolean;
  /** The subject's place in erasure order, given once, by its first erasure. */
  erasure?: number;
}

export interface WrappedKeyRow {
  keyId: string;
  /** The data key wrapped by the master key, bound to the subject and key id (the kernel's `wrapDataKey`). */
  wrapped: Binary;
}

/** The check value of the master key (`_id: 'check'`) and the erasure counter (`_id: 'erasures'`). */
export interface MetaRow {
  _id: string;
  value?: Binary;
  n?: number;
}

export const CHECK_ID = 'check';
export const ERASURES_ID = 'erasures';

/** A subject that can still be given keys: the only documents `create` writes to. */
export const notErased = (subject: string): Filter<SubjectRow> => ({ _id: subject, erased: false });

/**
 * Adds a wrapped key to a subject that is not erased; with `upsert`, makes the document of a new subject (the
 * filter's equalities, `erased: false`, seed it). On an erased subject the filter matches nothing and the upsert's
 * insert collides with its `_id` (E11000): the store reads that as `SubjectErased`.
 */
export const addingKey = (keyId: string, wrapped: Uint8Array): UpdateFilter<SubjectRow> => ({
  $push: { keys: { keyId, wrapped: new Binary(wrapped) } },
});

/**
 * Erases a subject in one write: its keys emptied, the tombstone set, and its place in erasure order kept from
 * its first erasure (`position` is used only if it has none). A pipeline, so that `$ifNull` reads the stored one.
 */
export const erasing = (position: number): Document[] => [
  { $set: { erased: true, keys: { $literal: [] }, erasure: { $ifNull: ['$erasure', { $literal: position }] } } },
];

/** The bytes of a stored binary, however the client was configured to hand them back. */
export const bytesOf = (value: Binary | Uint8Array): Uint8Array => (value instanceof Binary ? value.value() : value);
