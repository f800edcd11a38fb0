import { ReadStoreError, indexKeysOf, memoryReadStore, sameJson } from '@shopstream/kernel';
import type { CheckedBulkOperation, Collection, DeclaredIndex, Document, Filter, UpdateResult } from '@shopstream/kernel';
import type { AnyBulkWriteOperation, ClientSession, Collection as MongoCollection } from 'mongodb';
import { indexSpec } from './indexes.js';
import { andAlso } from './keyset.js';
import { fromBson } from './values.js';
import type { RawDocument } from './values.js';

/** A write, checked against the portable subset before anything is read or written (the kernel's check). */
export type WriteOperation = CheckedBulkOperation;

export type WriteOutcome = UpdateResult | number;

/** Where a unit of writes goes: one collection, inside a transaction. */
export interface WriteTarget {
  /** The port's name of the collection. */
  readonly name: string;
  readonly collection: MongoCollection<RawDocument>;
  readonly session: ClientSession;
  /** The collection's indexes the subset can declare (the server's, and those a transaction declared). */
  readonly indexes: readonly DeclaredIndex[];
  readonly newId: () => string;
  /**
   * Inside a caller's transaction, a write the server refused would abort the whole transaction, while the port
   * promises that a refused operation leaves the rest of it intact; so unique keys are checked before writing.
   */
  readonly checkUniqueFirst: boolean;
}

const storedDocument = (name: string, value: RawDocument): Document => {
  const document = fromBson(value) as Record<string, unknown>;
  if (typeof document._id !== 'string') {
    throw new ReadStoreError({ _tag: 'InvalidDocument', collection: name, reason: `a document written outside the read store has a non-string _id (${String(document._id)})` });
  }
  return document as Document;
};

/**
 * Applies writes as the embedded engine does, then stores the outcome. The documents the writes may touch are
 * read (in the transaction), the kernel's engine applies the operations to them in process, exactly as the
 * embedded store would (updates, upserts, the value rule, refusals), and only the documents that changed are
 * written back: replaced, inserted or deleted by `_id`, in one ordered bulk write. So both stores agree on every
 * update, and a refused operation (an `$inc` of a string, a third document breaking a rule) writes nothing. A
 * concurrent writer that changed one of the documents read makes the transaction fail with a write conflict, which
 * the driver retries (optimistic concurrency through the transaction's snapshot).
 */
export const applyWrites = async (target: WriteTarget, operations: readonly WriteOperation[]): Promise<WriteOutcome[]> => {
  const { name, collection, session } = target;
  const [only] = operations;
  // A delete on its own is the server's to answer: it refuses nothing, and reading every document it removes
  // (a `deleteMany({})` of a large collection) would cost what the engine is there to save.
  if (operations.length === 1 && only !== undefined && (only.kind === 'deleteOne' || only.kind === 'deleteMany')) {
    const result = only.kind === 'deleteOne' ? await collection.deleteOne(only.filter, { session }) : await collection.deleteMany(only.filter, { session });
    return [result.deletedCount];
  }
  const engine = memoryReadStore({ newId: target.newId });
  try {
    const working: Collection = engine.collection(name);
    if (target.indexes.length > 0) await working.ensureIndexes(target.indexes.map(indexSpec));
    /** Every document read from the server, as it was read: what the writes start from. */
    const original = new Map<string, Document>();
    const take = async (documents: readonly RawDocument[]): Promise<void> => {
      for (const raw of documents) {
        const document = storedDocument(name, raw);
        original.set(document._id, document);
        await working.replaceOne(document);
      }
    };
    /** Reads the documents matching `filter` the engine does not hold yet (those it holds are as the writes left them). */
    const read = async (filter: Filter, limit?: number): Promise<void> => {
      const query = original.size === 0 ? filter : andAlso(filter, { _id: { $nin: [...original.keys()] } });
      await take(await collection.find(query, { session, ...(limit === undefined ? {} : { limit }) }).toArray());
    };
    /** `_id`s already looked up: the server holds each in `original`, or not at all. */
    const looked = new Set<string>();
    const readIds = async (ids: readonly string[]): Promise<void> => {
      const unknown = ids.filter((id) => !looked.has(id));
      for (const id of unknown) looked.add(id);
      if (unknown.length > 0) await read({ _id: unknown.length === 1 ? unknown[0] : { $in: unknown } });
    };
    const readId = async (id: unknown): Promise<void> => {
      if (typeof id === 'string') await readIds([id]);
    };

    // The documents named by `_id` are read in one query (a projection's batch replaces many).
    const named = operations.flatMap((operation) =>
      operation.kind === 'replaceOne' ? [(operation.document as { _id?: unknown } | null)?._id] : operation.kind === 'updateOne' && operation.upsert ? [operation.filter._id] : [],
    );
    await readIds([...new Set(named.filter((id): id is string => typeof id === 'string'))]);

    const outcomes: WriteOutcome[] = [];
    for (const operation of operations) {
      switch (operation.kind) {
        case 'replaceOne':
          if (typeof operation.document === 'object' && operation.document !== null) await readId(operation.document._id);
          outcomes.push(await working.replaceOne(operation.document, { upsert: operation.upsert }));
          break;
        case 'updateOne':
        case 'updateMany':
          await read(operation.filter, operation.kind === 'updateOne' ? 1 : undefined);
          // An upsert with an _id in its filter must meet the stored document of that _id, matching or not.
          if (operation.upsert) await readId(operation.filter._id);
          outcomes.push(
            operation.kind === 'updateOne'
              ? await working.updateOne(operation.filter, operation.update, { upsert: operation.upsert })
              : await working.updateMany(operation.filter, operation.update),
          );
          break;
        case 'deleteOne':
          await read(operation.filter, 1);
          outcomes.push(await working.deleteOne(operation.filter));
          break;
        case 'deleteMany':
          await read(operation.filter);
          outcomes.push(await working.deleteMany(operation.filter));
          break;
      }
    }

    const after = await working.find({});
    const present = new Set(after.map((document) => document._id));
    const deleted = [...original.keys()].filter((id) => !present.has(id));
    const put = after.filter((document) => {
      const before = original.get(document._id);
      return before === undefined || !sameJson(before, document);
    });
    if (target.checkUniqueFirst && put.length > 0) await checkUniqueKeys(target, put, [...original.keys(), ...put.map((d) => d._id)], original);
    const writes: AnyBulkWriteOperation<RawDocument>[] = [
      // Deletes first: a key a deleted document held is free for the documents written after it.
      ...deleted.map((id) => ({ deleteOne: { filter: { _id: id } } })),
      ...put.map((document) =>
        original.has(document._id)
          ? { replaceOne: { filter: { _id: document._id }, replacement: document } }
          : { insertOne: { document: document } },
      ),
    ];
    if (writes.length > 0) await collection.bulkWrite(writes, { session, ordered: true });
    return outcomes;
  } finally {
    await engine.close();
  }
};

const keyText = (value: unknown): string => (value === undefined ? 'undefined' : JSON.stringify(value));
const describeKey = (tuple: readonly unknown[]): string => (tuple.length === 1 ? keyText(tuple[0]) : `[${tuple.map(keyText).join(', ')}]`);

/** The condition a stored document meets when the index gives it this key (null stands for missing too). */
export const keyCondition = (index: DeclaredIndex, tuple: readonly unknown[]): Filter => {
  const conditions: Filter[] = tuple.map((value, i) => {
    const path = (index.keys[i] as readonly [string, unknown])[0];
    // An empty array is indexed as undefined; a missing field as null, as MongoDB indexes them.
    return value === undefined ? { [path]: { $size: 0 } } : { [path]: value };
  });
  if (index.sparse === true) conditions.push({ $or: index.keys.map(([path]) => ({ [path]: { $exists: true } })) });
  return conditions.length === 1 ? (conditions[0] as Filter) : { $and: conditions };
};

/**
 * Refuses with `DuplicateKey` the writes whose unique keys another stored document (one these writes do not
 * touch) already holds, or whose new `_id` is taken, before the server would refuse them inside the transaction.
 */
const checkUniqueKeys = async (target: WriteTarget, put: readonly Document[], touched: readonly string[], original: ReadonlyMap<string, Document>): Promise<void> => {
  const { name, collection, session } = target;
  const fresh = put.filter((document) => !original.has(document._id)).map((document) => document._id);
  if (fresh.length > 0) {
    const taken = await collection.findOne({ _id: { $in: fresh } }, { session, projection: { _id: 1 } });
    if (taken !== null) throw new ReadStoreError({ _tag: 'DuplicateKey', collection: name, index: '_id_', key: keyText(fromBson(taken._id)) });
  }
  for (const index of target.indexes) {
    if (!index.unique) continue;
    const keys = put.flatMap((document) => indexKeysOf(index, name, document));
    if (keys.length === 0) continue;
    const other = await collection.findOne({ _id: { $nin: [...touched] }, $or: keys.map((tuple) => keyCondition(index, tuple)) }, { session });
    if (other === null) continue;
    const held = new Set(indexKeysOf(index, name, storedDocument(name, other)).map(describeKey));
    const key = keys.map(describeKey).find((text) => held.has(text)) ?? describeKey(keys[0] as unknown[]);
    throw new ReadStoreError({ _tag: 'DuplicateKey', collection: name, index: index.name, key });
  }
};
