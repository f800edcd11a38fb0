import { randomUUID } from 'node:crypto';
import { ReadStoreError } from '@shopstream/kernel';
import type { Collection, DeclaredIndex, Document, ReadStore, ReadStoreSession } from '@shopstream/kernel';
import type { ClientSession, Db, TransactionOptions } from 'mongodb';
import { connect } from '../connection.js';
import type { MongoConnection } from '../connection.js';
import { mongoCollection } from './collection.js';
import type { Scope } from './collection.js';
import { mapped } from './errors.js';
import { declaredFromMongo, indexDescription } from './indexes.js';
import { collectionNaming } from './names.js';
import { setupError } from '../setup.js';
import type { RawDocument } from './values.js';

export type MongoReadStoreOptions = MongoConnection & {
  /** The database the read store's collections live in. */
  readonly database: string;
  /** Prepended to every collection name, so that several shops can share one database (default none). */
  readonly prefix?: string;
  /** `_id`s for documents an upsert creates without one; random UUIDs by default (never ObjectIds). */
  readonly newId?: () => string;
};

/** Reads see the transaction's snapshot plus its own writes; commits are acknowledged by a majority. */
const TRANSACTION: TransactionOptions = { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' }, readPreference: 'primary' };

/** How long a collection's index list read from the server is trusted (another process may declare indexes). */
const INDEX_LIST_MS = 1000;
const NAMESPACE_NOT_FOUND = 26;

const isNamespaceNotFound = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === NAMESPACE_NOT_FOUND;

/** A transaction's indexes declared but not yet created: MongoDB builds no index on an existing collection inside one. */
type Pending = Map<string, DeclaredIndex[]>;

/**
 * The read store on MongoDB (docs/read-store.md): the port's collections in one database, queried with the
 * driver on the portable subset (checked by the kernel's own validators first), written through the kernel's
 * engine (see writes.ts) in transactions. Needs a replica set or a sharded cluster: a standalone server is refused
 * with `MongoStoreSetupError` `NotAReplicaSet` when the store opens, because neither `transaction` nor the
 * all-or-nothing multi-document writes could keep their promise on it.
 */
export const mongoReadStore = async (options: MongoReadStoreOptions): Promise<ReadStore> => {
  const naming = collectionNaming(options.database, options.prefix ?? '');
  const newId = options.newId ?? randomUUID;
  const { client, release } = await connect(options);
  let db: Db;
  try {
    db = client.db(naming.database);
    const hello = await db.command({ hello: 1 });
    if (typeof hello.setName !== 'string' && hello.msg !== 'isdbgrid') throw setupError({ _tag: 'NotAReplicaSet', database: naming.database });
  } catch (error) {
    await release();
    throw error;
  }
  let closed = false;
  const checkOpen = (): void => {
    if (closed) throw new ReadStoreError({ _tag: 'ReadStoreClosed' });
  };
  const driverCollection = (name: string) => db.collection<RawDocument>(naming.toMongo(name));

  const indexLists = new Map<string, { readonly at: number; readonly list: Promise<readonly DeclaredIndex[]> }>();
  const serverIndexes = (name: string): Promise<readonly DeclaredIndex[]> => {
    const cached = indexLists.get(name);
    if (cached !== undefined && Date.now() - cached.at < INDEX_LIST_MS) return cached.list;
    const list = driverCollection(name)
      .listIndexes()
      .toArray()
      .then(
        (infos) => infos.flatMap((info) => declaredFromMongo(info as Readonly<Record<string, unknown>>) ?? []),
        (error: unknown) => {
          if (isNamespaceNotFound(error)) return [];
          indexLists.delete(name);
          throw error;
        },
      );
    indexLists.set(name, { at: Date.now(), list });
    return list;
  };

  const createIndexes = async (name: string, indexes: readonly DeclaredIndex[]): Promise<void> => {
    if (indexes.length === 0) return;
    indexLists.delete(name);
    try {
      await driverCollection(name).createIndexes(indexes.map(indexDescription));
    } finally {
      indexLists.delete(name);
    }
  };

  const storeScope: Scope = {
    check: checkOpen,
    session: undefined,
    write: (work) => client.withSession((session) => session.withTransaction(() => work(session), TRANSACTION)),
    checkUniqueFirst: false,
    indexesOf: serverIndexes,
    declareIndexes: createIndexes,
    newId,
  };

  const handles = (scope: Scope) => {
    const made = new Map<string, Collection<Document>>();
    return <T extends Document>(name: string): Collection<T> => {
      let handle = made.get(name);
      if (handle === undefined) {
        handle = mongoCollection<Document>(name, driverCollection(name), scope);
        made.set(name, handle);
      }
      return handle as unknown as Collection<T>;
    };
  };
  const storeCollection = handles(storeScope);

  /** One attempt of a transaction's work (the driver runs it again after a transient error, such as a write conflict). */
  const attemptScope = (session: ClientSession, pending: Pending): { scope: Scope; end: () => void } => {
    let open = true;
    const scope: Scope = {
      check: () => {
        checkOpen();
        if (!open) throw new ReadStoreError({ _tag: 'InvalidQuery', reason: 'this session belongs to a transaction that has ended' });
      },
      session,
      write: (work) => work(session),
      checkUniqueFirst: true,
      indexesOf: async (name) => [...(await serverIndexes(name)), ...(pending.get(name) ?? [])],
      declareIndexes: (name, indexes) => declareInTransaction(name, indexes, session, pending),
      newId,
    };
    return {
      scope,
      end: () => {
        open = false;
      },
    };
  };

  const declareInTransaction = async (name: string, indexes: readonly DeclaredIndex[], session: ClientSession, pending: Pending): Promise<void> => {
    const known = [...(await serverIndexes(name)), ...(pending.get(name) ?? [])];
    for (const index of indexes) {
      const same = known.find((other) => other.name === index.name);
      if (same !== undefined) {
        if (JSON.stringify([same.keys, same.unique, same.sparse ?? false]) !== JSON.stringify([index.keys, index.unique, index.sparse ?? false])) {
          throw new ReadStoreError({ _tag: 'InvalidQuery', reason: `the index ${index.name} of ${name} exists with other keys or options` });
        }
        continue;
      }
      if (index.unique) await refuseExistingDuplicates(name, index, session);
      known.push(index);
      pending.set(name, [...(pending.get(name) ?? []), index]);
    }
  };

  /** A unique index declared in a transaction refuses documents that already share a key, as building it would. */
  const refuseExistingDuplicates = async (name: string, index: DeclaredIndex, session: ClientSession): Promise<void> => {
    const paths = index.keys.map(([path]) => path);
    const [duplicate] = await driverCollection(name)
      .aggregate(
        [
          ...(index.sparse === true ? [{ $match: { $or: paths.map((path) => ({ [path]: { $exists: true } })) } }] : []),
          { $group: { _id: paths.map((path) => ({ $ifNull: [`$${path}`, null] })), n: { $sum: 1 } } },
          { $match: { n: { $gt: 1 } } },
          { $limit: 1 },
        ],
        { session },
      )
      .toArray();
    if (duplicate === undefined) return;
    const key = (duplicate._id as unknown[]).map((value) => JSON.stringify(value));
    throw new ReadStoreError({ _tag: 'DuplicateKey', collection: name, index: index.name, key: key.length === 1 ? (key[0] as string) : `[${key.join(', ')}]` });
  };

  return {
    collection: storeCollection,

    transaction: async <R>(work: (session: ReadStoreSession) => Promise<R>): Promise<R> => {
      checkOpen();
      const session = client.startSession();
      let attempt: { scope: Scope; end: () => void; pending: Pending } | undefined;
      try {
        const result = await session.withTransaction(async (driverSession) => {
          attempt?.end();
          const pending: Pending = new Map();
          attempt = { ...attemptScope(driverSession, pending), pending };
          const collection = handles(attempt.scope);
          return await work({ collection });
        }, TRANSACTION);
        attempt?.end();
        // Built once the writes are committed: MongoDB cannot build an index on an existing collection inside a
        // transaction. The declaring transaction checked its own writes against them.
        for (const [name, indexes] of attempt?.pending ?? []) await mapped(name, () => createIndexes(name, indexes));
        return result;
      } finally {
        attempt?.end();
        await session.endSession();
      }
    },

    listCollections: async () => {
      checkOpen();
      const infos = await db.listCollections({ type: 'collection' }, { nameOnly: true }).toArray();
      return infos.flatMap((info) => naming.fromMongo(info.name) ?? []).sort();
    },

    dropCollection: async (name) => {
      checkOpen();
      const collection = driverCollection(name);
      indexLists.delete(name);
      try {
        await collection.drop();
      } catch (error) {
        if (!isNamespaceNotFound(error)) throw error;
      } finally {
        indexLists.delete(name);
      }
    },

    close: async () => {
      if (closed) return;
      closed = true;
      await release();
    },
  };
};
