import { KeyStoreError, newCheckValue, newDataKey, wrapDataKey } from '@shopstream/kernel';
import type { DataKey, PersistentKeyStore } from '@shopstream/kernel';
import { Binary } from 'mongodb';
import type { Collection } from 'mongodb';
import type { MongoConnection } from '../connection.js';
import { CHECK_ID, ERASURES_ID, addingKey, erasing, notErased } from './documents.js';
import type { MetaRow, SubjectRow } from './documents.js';
import { openKeyPlace } from './place.js';
import { checkStoredMasterKey, driverDocuments, keyReads } from './reads.js';

export type MongoKeyStoreOptions = MongoConnection & {
  readonly database: string;
  /**
   * 32 bytes, as base64 text or bytes, from the shop's secret store: every data key is wrapped with it. Never keep
   * it in MongoDB, nor in the backups of this database, or the wrapping protects nothing.
   */
  readonly masterKey: string | Uint8Array;
  /**
   * The collection of the subjects' wrapped keys and tombstones (default `data_keys`); `<collection>_meta` holds the
   * master key's check value and the erasure counter. Keep both outside a read store's prefix.
   */
  readonly collection?: string;
};

const DUPLICATE_KEY = 11000;
const isDuplicateKey = (error: unknown): boolean => (error as { code?: unknown }).code === DUPLICATE_KEY;
/** Subjects looked up at once when re-applying erasures. */
const BATCH = 500;

/**
 * Personal-data keys on MongoDB, shared by every process of a scaled-out shop (the kernel's `PersistentKeyStore`,
 * proven by its contract suite against a real server). Each data key is wrapped by the master key exactly as the
 * embedded SQLite store wraps it. One document per subject holds its wrapped keys and its tombstone, and every
 * operation that changes it is a single-document write, atomic on the server: an erasure and a create racing from
 * two processes can never leave a usable key for an erased subject. No transactions are used, so a standalone
 * server serves as well as a replica set. Opening it creates an index and the master key's check value, so its account
 * needs `readWrite` (which includes `createIndex`) on the database; a tool that only reads uses `mongoKeyReader`.
 */
export const mongoKeyStore = async (options: MongoKeyStoreOptions): Promise<PersistentKeyStore> => {
  const { masterKey, name, metaName, db, store, release } = await openKeyPlace(options);
  // Acknowledged only once on a majority's journals: an erasure a failover rolled back would bring a key back, and a
  // created key must outlive a failover, since values sealed with it may already be in the event log.
  const durable = { writeConcern: { w: 'majority' as const, journal: true } };
  const subjects: Collection<SubjectRow> = db.collection<SubjectRow>(name, durable);
  const meta: Collection<MetaRow> = db.collection<MetaRow>(metaName, durable);
  try {
    await subjects.createIndexes([{ key: { erasure: 1 }, name: 'erasure_order', unique: true, partialFilterExpression: { erasure: { $exists: true } } }]);
    // When two processes create the store at once, the first check value written rules for both.
    try {
      await meta.updateOne({ _id: CHECK_ID }, { $setOnInsert: { value: new Binary(newCheckValue(masterKey)) } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    await checkStoredMasterKey(driverDocuments(meta), masterKey, store);
  } catch (error) {
    await release();
    throw error;
  }

  let closed = false;
  const checkOpen = (): void => {
    if (closed) throw new Error('the MongoDB key store was closed');
  };

  /** The next place in erasure order: a counter, so that erasures from every process are listed in one order. */
  const nextErasure = async (): Promise<number> => {
    for (;;) {
      try {
        const counter = await meta.findOneAndUpdate({ _id: ERASURES_ID }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'after' });
        if (typeof counter?.n !== 'number') throw new Error(`the MongoDB key store's erasure counter in ${metaName} is not a number`);
        return counter.n;
      } catch (error) {
        // Two first erasures at once: the loser's insert collides and it counts again as an update.
        if (!isDuplicateKey(error)) throw error;
      }
    }
  };

  /** Erases one subject (its keys emptied, tombstoned); returns whether it still had keys. */
  const erase = async (subject: string): Promise<boolean> => {
    for (;;) {
      const position = await nextErasure();
      try {
        const before = await subjects.findOneAndUpdate({ _id: subject }, erasing(position), { upsert: true, returnDocument: 'before', projection: { 'keys.keyId': 1 } });
        return (before?.keys.length ?? 0) > 0;
      } catch (error) {
        // A first write of this subject raced ours, or a counter restored from an older backup gave a place
        // already taken: either way, again with a fresh place.
        if (!isDuplicateKey(error)) throw error;
      }
    }
  };

  const create = async (subject: string): Promise<DataKey> => {
    const key = newDataKey();
    const adding = addingKey(key.keyId, wrapDataKey(masterKey, subject, key));
    for (;;) {
      try {
        await subjects.updateOne(notErased(subject), adding, { upsert: true });
        return key;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      // The subject's document exists but the filter missed it: it is erased, or another process made it just now.
      const row = await subjects.findOne({ _id: subject }, { projection: { erased: 1 } });
      if (row?.erased === true) throw new KeyStoreError({ _tag: 'SubjectErased', subject });
      // Retrying makes progress only while the document is one this store wrote; anything else is a storage fault.
      if (row !== null && row.erased !== false) throw new Error(`the document of data subject ${JSON.stringify(subject)} in ${name} has no erased flag: it was not written by a key store`);
    }
  };

  /** Erases the subjects not erased yet, a batch at a time; returns how many still had keys. */
  const eraseAll = async (all: readonly string[]): Promise<number> => {
    let held = 0;
    for (let start = 0; start < all.length; start += BATCH) {
      const batch = all.slice(start, start + BATCH);
      // Erased and holding no key: nothing to do (an erasure empties the keys in the same write that sets the flag).
      const done = { _id: { $in: batch }, erased: true, 'keys.0': { $exists: false } };
      const erased = new Set((await subjects.find(done, { projection: { _id: 1 } }).toArray()).map((row) => row._id));
      for (const subject of batch) if (!erased.has(subject) && (await erase(subject))) held += 1;
    }
    return held;
  };

  const reads = keyReads(driverDocuments(subjects), masterKey);

  return {
    current: async (subject) => {
      checkOpen();
      return reads.current(subject);
    },
    get: async (subject, keyId) => {
      checkOpen();
      return reads.get(subject, keyId);
    },
    create: async (subject) => {
      checkOpen();
      return create(subject);
    },
    delete: async (subject) => {
      checkOpen();
      await eraseAll([subject]);
    },
    reapplyErasures: async (all) => {
      checkOpen();
      return eraseAll([...new Set(all)]);
    },
    erasedSubjects: async () => {
      checkOpen();
      return reads.erasedSubjects();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await release();
    },
  };
};
