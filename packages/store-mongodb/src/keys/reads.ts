import { PersistentKeyStoreError, checkMasterKey, unwrapDataKey } from '@shopstream/kernel';
import type { DataKey } from '@shopstream/kernel';
import type { Collection, Document, Filter, Sort } from 'mongodb';
import { CHECK_ID, bytesOf, notErased } from './documents.js';
import type { MetaRow, SubjectRow } from './documents.js';

/**
 * All the key store and its reader ask of a collection to read it: the driver's collection in use, and in the tests
 * mingo (an independent evaluator of MongoDB's query language) over arrays, so that the filters, projections and
 * sorts below are checked as the server would apply them.
 */
export interface ReadableDocuments<Row> {
  findOne(filter: Filter<Row>, projection?: Document): Promise<Row | null>;
  findAll(filter: Filter<Row>, projection: Document, sort: Sort): Promise<Row[]>;
}

export const driverDocuments = <Row extends Document>(collection: Collection<Row>): ReadableDocuments<Row> => ({
  // The rows' `_id` is always set, so the driver's `WithId<Row>` is `Row`.
  findOne: async (filter, projection) => (await collection.findOne(filter, projection === undefined ? {} : { projection })) as Row | null,
  findAll: async (filter, projection, sort) => (await collection.find(filter, { projection }).sort(sort).toArray()) as Row[],
});

/** The reads of a key store's collections, shared by `mongoKeyStore` and `mongoKeyReader`: one unwrap for both. */
export interface KeyReads {
  current(subject: string): Promise<DataKey | null>;
  get(subject: string, keyId: string): Promise<DataKey | null>;
  /** Every subject with a tombstone, in erasure order. */
  erasedSubjects(): Promise<string[]>;
}

export const keyReads = (subjects: ReadableDocuments<SubjectRow>, masterKey: Buffer): KeyReads => {
  const toDataKey = (subject: string, row: SubjectRow | null, keyId?: string): DataKey | null => {
    const found = keyId === undefined ? row?.keys.at(-1) : row?.keys.find((k) => k.keyId === keyId);
    return found === undefined ? null : unwrapDataKey(masterKey, subject, found.keyId, bytesOf(found.wrapped));
  };
  return {
    // An erased subject's document matches no read: its keys are emptied in the write that sets the tombstone.
    current: async (subject) => toDataKey(subject, await subjects.findOne(notErased(subject), { keys: { $slice: -1 } })),
    get: async (subject, keyId) => toDataKey(subject, await subjects.findOne({ ...notErased(subject), 'keys.keyId': keyId }, { keys: { $elemMatch: { keyId } } }), keyId),
    erasedSubjects: async () => (await subjects.findAll({ erasure: { $exists: true } }, { _id: 1 }, { erasure: 1 })).map((row) => row._id),
  };
};

/**
 * `WrongMasterKey` unless the master key opens the store's check value; `KeyStoreNotFound` when there is none, which
 * only a reader can meet (the store writes its check value before it reads it): nothing was ever created there.
 */
export const checkStoredMasterKey = async (meta: ReadableDocuments<MetaRow>, masterKey: Buffer, store: string): Promise<void> => {
  const check = await meta.findOne({ _id: CHECK_ID });
  if (check === null) throw new PersistentKeyStoreError({ _tag: 'KeyStoreNotFound', path: store });
  checkMasterKey(masterKey, check.value === undefined ? undefined : bytesOf(check.value), store);
};
