import { ReadStoreError, checkBulkOperation, decodeCursor, declareIndex, encodeCursor, sortKeyComparator, sortKeyExtractor, validateFilter, validatePipeline, validateProjection, validateSort, validateUpdate } from '@shopstream/kernel';
import type { BulkOperation, Collection, DeclaredIndex, Document, Filter, FindOptions, Page, PageOptions, Pipeline, UpdateResult } from '@shopstream/kernel';
import type { ClientSession, Collection as MongoCollection, Document as MongoDocument, FindOptions as MongoFindOptions, Sort } from 'mongodb';
import { mapped } from './errors.js';
import { afterKeys, andAlso, pageSort } from './keyset.js';
import { applyWrites } from './writes.js';
import type { WriteOperation, WriteOutcome } from './writes.js';
import { fromBson } from './values.js';
import type { RawDocument } from './values.js';

/** How a collection handle reaches the server: on its own, or inside a caller's transaction. */
export interface Scope {
  /** Throws when the store is closed or the transaction is over. */
  check(): void;
  /** The session reads go through (a transaction's), or undefined outside one. */
  readonly session: ClientSession | undefined;
  /** Runs writes in a transaction: its own one outside a caller's transaction, the caller's inside. */
  write<R>(work: (session: ClientSession) => Promise<R>): Promise<R>;
  /** Whether a write must check unique keys before the server would refuse it (inside a caller's transaction). */
  readonly checkUniqueFirst: boolean;
  indexesOf(collection: string): Promise<readonly DeclaredIndex[]>;
  declareIndexes(collection: string, indexes: readonly DeclaredIndex[]): Promise<void>;
  readonly newId: () => string;
}

const invalid = (reason: string): never => {
  throw new ReadStoreError({ _tag: 'InvalidQuery', reason });
};

const counted = (value: unknown, what: string, min: number): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) invalid(`${what} must be an integer of at least ${min}`);
  return value as number;
};

const readOptions = (options: FindOptions, session: ClientSession | undefined): MongoFindOptions => {
  const limit = options.limit === undefined ? 0 : counted(options.limit, 'limit', 0);
  return {
    ...(session === undefined ? {} : { session }),
    ...(options.sort === undefined ? {} : { sort: validateSort(options.sort) }),
    ...(options.projection === undefined ? {} : { projection: validateProjection(options.projection) }),
    ...(options.skip === undefined ? {} : { skip: counted(options.skip, 'skip', 0) }),
    ...(limit === 0 ? {} : { limit }),
  };
};

const toDocument = <T>(raw: RawDocument): T => fromBson(raw) as unknown as T;

export const mongoCollection = <T extends Document>(name: string, collection: MongoCollection<RawDocument>, scope: Scope): Collection<T> => {
  /**
   * A filter, checked against the subset; a `$text` one also needs the collection's text index, as in the embedded
   * store (MongoDB answers a collection that does not exist with nothing rather than refusing).
   */
  const checkedFilter = async (filter: unknown): Promise<Filter> => {
    const checked = validateFilter(filter);
    if (Object.hasOwn(checked, '$text') && !(await scope.indexesOf(name)).some((index) => index.keys.some(([, kind]) => kind === 'text'))) {
      invalid(`a $text query on ${name} needs a text index`);
    }
    return checked;
  };

  const find = async (filter: Filter, options: FindOptions): Promise<T[]> => {
    scope.check();
    const checked = await checkedFilter(filter);
    const mongoOptions = readOptions(options, scope.session);
    return mapped(name, async () => (await collection.find(checked, mongoOptions).toArray()).map((raw) => toDocument<T>(raw)));
  };

  const write = async (operations: readonly WriteOperation[]): Promise<WriteOutcome[]> => {
    scope.check();
    return mapped(name, () =>
      scope.write(async (session) =>
        applyWrites({ name, collection, session, indexes: await scope.indexesOf(name), newId: scope.newId, checkUniqueFirst: scope.checkUniqueFirst }, operations),
      ),
    );
  };
  const writeOne = async (operation: WriteOperation): Promise<WriteOutcome> => (await write([operation]))[0] as WriteOutcome;

  return {
    name,

    get: async (id) => {
      scope.check();
      if (typeof id !== 'string') invalid('an _id must be a string');
      const raw = await mapped(name, () => collection.findOne({ _id: id }, scope.session === undefined ? {} : { session: scope.session }));
      return raw === null ? null : toDocument<T>(raw);
    },

    find: async (filter = {}, options = {}) => find(filter, options),

    findOne: async (filter, options = {}) => (await find(filter, { ...options, limit: 1 }))[0] ?? null,

    findPage: async (filter, options: PageOptions): Promise<Page<T>> => {
      scope.check();
      const checked = await checkedFilter(filter);
      const limit = counted(options.limit, 'limit', 1);
      const sort = pageSort(options.sort === undefined ? {} : validateSort(options.sort));
      const after = options.after === undefined || options.after === null ? null : decodeCursor(options.after, sort);
      const keyOf = sortKeyExtractor(sort);
      const compare = sortKeyComparator(sort);
      const query = after === null ? checked : andAlso(checked, afterKeys(sort, after));
      // MongoDB returns the candidates in the sort's order; on array fields some precede the cursor and are dropped.
      const page: { document: T; key: unknown[] }[] = [];
      await mapped(name, async () => {
        const cursor = collection.find(query, { ...(scope.session === undefined ? {} : { session: scope.session }), sort: sort as Sort, batchSize: Math.min(1000, 2 * (limit + 1)) });
        try {
          for await (const raw of cursor) {
            const document = toDocument<T>(raw);
            const key = keyOf(document);
            if (after !== null && compare(key, after) <= 0) continue;
            page.push({ document, key });
            if (page.length > limit) break;
          }
        } finally {
          await cursor.close();
        }
      });
      const last = page[limit - 1];
      return {
        items: page.slice(0, limit).map(({ document }) => document),
        nextCursor: page.length > limit && last !== undefined ? encodeCursor(sort, last.key) : null,
      };
    },

    count: async (filter = {}) => {
      scope.check();
      const checked = await checkedFilter(filter);
      return mapped(name, () => collection.countDocuments(checked, scope.session === undefined ? {} : { session: scope.session }));
    },

    aggregate: async <R = Document>(pipeline: Pipeline): Promise<R[]> => {
      scope.check();
      const stages = validatePipeline(pipeline);
      return mapped(name, async () =>
        (await collection.aggregate(stages as MongoDocument[], scope.session === undefined ? {} : { session: scope.session }).toArray()).map((raw) => fromBson(raw) as R),
      );
    },

    replaceOne: async (document, options = {}) => (await writeOne({ kind: 'replaceOne', document, upsert: options.upsert ?? true })) as UpdateResult,

    updateOne: async (filter, update, options = {}) =>
      (await writeOne({ kind: 'updateOne', filter: validateFilter(filter), update: validateUpdate(update), upsert: options.upsert ?? false })) as UpdateResult,

    updateMany: async (filter, update) => (await writeOne({ kind: 'updateMany', filter: validateFilter(filter), update: validateUpdate(update), upsert: false })) as UpdateResult,

    deleteOne: async (filter) => (await writeOne({ kind: 'deleteOne', filter: validateFilter(filter) })) as number,

    deleteMany: async (filter) => (await writeOne({ kind: 'deleteMany', filter: validateFilter(filter) })) as number,

    bulkWrite: async (operations: readonly BulkOperation<T>[]) => {
      scope.check();
      if (!Array.isArray(operations)) invalid('bulkWrite needs an array of operations');
      // Everything is checked before anything is read or written, then applied in order as one unit.
      const checked = operations.map((operation) => checkBulkOperation(operation));
      if (checked.length > 0) await write(checked);
    },

    ensureIndexes: async (indexes) => {
      scope.check();
      if (!Array.isArray(indexes)) invalid('ensureIndexes needs an array of index specs');
      const declared = indexes.map(declareIndex);
      await mapped(name, () => scope.declareIndexes(name, declared));
    },
  };
};
