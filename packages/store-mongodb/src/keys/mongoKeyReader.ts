import type { KeyReader } from '@shopstream/kernel';
import type { MetaRow, SubjectRow } from './documents.js';
import type { MongoKeyStoreOptions } from './mongoKeyStore.js';
import { openKeyPlace } from './place.js';
import { checkStoredMasterKey, driverDocuments, keyReads } from './reads.js';
import type { ReadableDocuments } from './reads.js';

/** Where the key store is and its master key, as for `mongoKeyStore`. */
export type MongoKeyReaderOptions = MongoKeyStoreOptions;

/**
 * The personal-data keys a `mongoKeyStore` keeps, opened only to read (the kernel's `KeyReader`), for an audit or
 * any tool that must not change a shop's keys. Opening writes nothing: no index is created, no check value upserted,
 * so the account needs only `find` on `<collection>` and `<collection>_meta` (the built-in `read` role), where the
 * key store needs `readWrite`, which includes `createIndex`. It reads with the key store's own queries and unwrap.
 * Refuses a place where no key store was ever created (`KeyStoreNotFound`, named `mongodb:<database>/<collection>`)
 * and another master key (`WrongMasterKey`) before it hands out anything.
 */
export const mongoKeyReader = async (options: MongoKeyReaderOptions): Promise<KeyReader> => {
  const { masterKey, name, metaName, db, store, release } = await openKeyPlace(options);
  return keyReaderOn(driverDocuments(db.collection<SubjectRow>(name)), driverDocuments(db.collection<MetaRow>(metaName)), { masterKey, store, release });
};

/** The reader on a key store's two collections, however they are reached; `release` is called when it fails to open or closes. */
export const keyReaderOn = async (
  subjects: ReadableDocuments<SubjectRow>,
  meta: ReadableDocuments<MetaRow>,
  { masterKey, store, release }: { readonly masterKey: Buffer; readonly store: string; readonly release: () => Promise<void> },
): Promise<KeyReader> => {
  try {
    await checkStoredMasterKey(meta, masterKey, store);
  } catch (error) {
    await release();
    throw error;
  }
  const reads = keyReads(subjects, masterKey);
  let closed = false;
  const open = (): void => {
    if (closed) throw new Error('the MongoDB key reader was closed');
  };
  return {
    current: async (subject) => {
      open();
      return reads.current(subject);
    },
    get: async (subject, keyId) => {
      open();
      return reads.get(subject, keyId);
    },
    erasedSubjects: async () => {
      open();
      return reads.erasedSubjects();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await release();
    },
  };
};
