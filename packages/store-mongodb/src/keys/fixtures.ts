import { KeyStoreError, newCheckValue, newDataKey, parseMasterKey, wrapDataKey } from '@shopstream/kernel';
import type { KeyReader, PersistentKeyStore } from '@shopstream/kernel';
import { Query, updateOne } from 'mingo';
import type { AnyObject, Projection } from 'mingo/types';
import { Binary } from 'mongodb';
import type { Document, Filter, Sort } from 'mongodb';
import { CHECK_ID, addingKey, erasing, notErased } from './documents.js';
import type { MetaRow, SubjectRow } from './documents.js';
import { keyReaderOn } from './mongoKeyReader.js';
import { checkStoredMasterKey, keyReads } from './reads.js';
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

/** Where the in-process storage says it is, in errors. */
export const IN_PROCESS = 'mongodb:in-process/data_keys';

/**
 * A key store's two collections in process memory, for tests with no server: `store` writes them with the key
 * store's own update documents and reads them with its own reads; `read` is `mongoKeyReader` past its connection.
 * Checked against the key store and key reader contracts, as `mongoKeyStore` and `mongoKeyReader` are on a server.
 */
export const mingoKeyStorage = () => {
  const subjects: Row[] = [];
  const meta: AnyObject[] = [];
  let erasures = 0;
  const store = async (masterKeyText: string | Uint8Array): Promise<PersistentKeyStore> => {
    const masterKey = parseMasterKey(masterKeyText);
    if (!meta.some((row) => row._id === CHECK_ID)) meta.push({ _id: CHECK_ID, value: new Binary(newCheckValue(masterKey)) });
    await checkStoredMasterKey(mingoDocuments<MetaRow>(meta), masterKey, IN_PROCESS);
    const reads = keyReads(mingoDocuments<SubjectRow>(subjects), masterKey);
    const held = (subject: string) => (subjects.find((row) => row._id === subject)?.keys?.length ?? 0) > 0;
    const eraseAll = (all: Iterable<string>): number => {
      let had = 0;
      for (const subject of new Set(all)) {
        if (held(subject)) had += 1;
        erase(subjects, subject, (erasures += 1));
      }
      return had;
    };
    return {
      current: (subject) => reads.current(subject),
      get: (subject, keyId) => reads.get(subject, keyId),
      create: async (subject) => {
        const key = newDataKey();
        if (create(subjects, subject, key.keyId, wrapDataKey(masterKey, subject, key)) === 'refused') throw new KeyStoreError({ _tag: 'SubjectErased', subject });
        return key;
      },
      delete: async (subject) => void eraseAll([subject]),
      reapplyErasures: async (all) => eraseAll(all),
      erasedSubjects: () => reads.erasedSubjects(),
      close: async () => undefined,
    };
  };
  const read = async (masterKey: string | Uint8Array): Promise<KeyReader> =>
    keyReaderOn(mingoDocuments<SubjectRow>(subjects), mingoDocuments<MetaRow>(meta), { masterKey: parseMasterKey(masterKey), store: IN_PROCESS, release: async () => undefined });
  return { subjects, meta, store, read };
};
