import { project, runPipeline, sortDocuments, sortKeyComparator, sortKeyExtractor } from './evaluate.js';
import type { View } from './engine.js';
import type { Workspace } from './workspace.js';
import { declareIndex } from './indexes.js';
import { decodeCursor, encodeCursor } from './pagination.js';
import { checkBulkOperation } from './bulk.js';
import { ReadStoreError } from './readStore.js';
import type { BulkOperation, Collection, Document, Filter, FindOptions, IndexSpec, Page, PageOptions, Pipeline, SortSpec, Update, UpdateOptions, UpdateResult } from './readStore.js';
import { validatePipeline } from './pipelineSubset.js';
import { validateFilter, validateProjection, validateSort, validateUpdate } from './subset.js';
import { applyUpdate, seedFromFilter } from './update.js';
import { frozenDocument, handedOut } from './frozen.js';
import { cloneJson, isPlainObject, sameJson } from './values.js';

/** How a collection handle reaches the engine: the store's committed state, or a transaction's workspace. */
export interface Access {
  /** Throws when the store is closed or the session is over. */
  check(): void;
  view(): View;
  /**
   * Runs `work` as one all-or-nothing unit of writes: at once inside a transaction (its result, no promise: a
   * projection's handlers make several writes per event), queued behind other units outside one.
   */
  write<R>(work: (workspace: Workspace) => R): R | Promise<R>;
  newId(): string;
}

const invalid = (reason: string): never => {
  throw new ReadStoreError({ _tag: 'InvalidQuery', reason });
};

const count = (value: unknown, what: string, min: number): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) invalid(`${what} must be an integer of at least ${min}`);
  return value as number;
};

/** One refusal function per collection name, made once: the value rule runs on every write. */
const refusers = new Map<string, (reason: string) => never>();
const refuserOf = (collection: string): ((reason: string) => never) => {
  let refuse = refusers.get(collection);
  if (refuse === undefined) {
    refuse = (reason: string): never => {
      throw new ReadStoreError({ _tag: 'InvalidDocument', collection, reason });
    };
    refusers.set(collection, refuse);
  }
  return refuse;
};

/**
 * The value rule applied to a document on its way in (docs/read-store.md): the document is checked and frozen
 * (see frozen.ts), not copied, and parts already stored are not checked again.
 */
export const storedDocument = (collection: string, value: unknown): Document => {
  const refuse = refuserOf(collection);
  if (!isPlainObject(value)) return refuse('a document must be a plain object');
  const document = frozenDocument(value, refuse) as Record<string, unknown>;
  if (typeof document._id !== 'string') return refuse('_id must be a string');
  return document as Document;
};

const readOptions = (options: FindOptions) => ({
  sort: options.sort === undefined ? undefined : validateSort(options.sort),
  projection: options.projection === undefined ? undefined : validateProjection(options.projection),
  skip: options.skip === undefined ? 0 : count(options.skip, 'skip', 0),
  limit: options.limit === undefined || options.limit === 0 ? undefined : count(options.limit, 'limit', 0),
});

const output = <T>(documents: readonly Document[], projection: FindOptions['projection']): T[] =>
  projection === undefined ? documents.map((document) => handedOut(document) as unknown as T) : project<T>(documents, projection);

const NO_CHANGE: UpdateResult = { matched: 0, modified: 0, upsertedId: null };

export const makeCollection = <T extends Document>(name: string, access: Access): Collection<T> => {
  const find = (filter: Filter, options: FindOptions): T[] => {
    access.check();
    const checked = validateFilter(filter);
    const { sort, projection, skip, limit } = readOptions(options);
    // Without a sort any `skip + limit` matches will do, so the search can stop there.
    let documents = access.view().match(name, checked, sort === undefined && limit !== undefined ? skip + limit : undefined);
    if (sort !== undefined) documents = sortDocuments(documents, sort);
    documents = documents.slice(skip, limit === undefined ? undefined : skip + limit);
    return output<T>(documents, projection);
  };

  const updateIn = (workspace: Workspace, filter: Filter, update: Update, many: boolean, upsert: boolean): UpdateResult => {
    const targets = workspace.match(name, filter, many ? undefined : 1);
    let modified = 0;
    for (const document of targets) {
      const next = applyUpdate(document, update, false);
      if (next === document) continue;
      workspace.put(name, storedDocument(name, next));
      modified++;
    }
    if (targets.length > 0 || !upsert) return { matched: targets.length, modified, upsertedId: null };
    const seed = seedFromFilter(filter);
    if (seed._id !== undefined && typeof seed._id !== 'string') invalid('an upsert needs a string _id');
    const start = { _id: (seed._id as string | undefined) ?? access.newId(), ...seed } as Document;
    const inserted = storedDocument(name, applyUpdate(start, update, true));
    workspace.put(name, inserted);
    return { matched: 0, modified: 0, upsertedId: inserted._id };
  };

  const replaceIn = (workspace: Workspace, document: Document, upsert: boolean): UpdateResult => {
    const existing = workspace.get(name, document._id);
    if (existing === undefined && !upsert) return NO_CHANGE;
    const same = existing !== undefined && sameJson(existing, document);
    if (!same) workspace.put(name, document);
    return existing === undefined ? { matched: 0, modified: 0, upsertedId: document._id } : { matched: 1, modified: same ? 0 : 1, upsertedId: null };
  };

  const deleteIn = (workspace: Workspace, filter: Filter, many: boolean): number => {
    const targets = workspace.match(name, filter, many ? undefined : 1);
    for (const document of targets) workspace.delete(name, document._id);
    return targets.length;
  };

  const collection: Collection<T> = {
    name,

    get: async (id) => {
      access.check();
      if (typeof id !== 'string') invalid('an _id must be a string');
      const document = access.view().get(name, id);
      return document === undefined ? null : (handedOut(document) as unknown as T);
    },

    find: async (filter = {}, options = {}) => find(filter, options),

    findOne: async (filter, options = {}) => find(filter, { ...options, limit: 1 })[0] ?? null,

    findPage: async (filter, options: PageOptions): Promise<Page<T>> => {
      access.check();
      const checked = validateFilter(filter);
      const limit = count(options.limit, 'limit', 1);
      const requested = options.sort === undefined ? {} : validateSort(options.sort);
      const sort: SortSpec = Object.hasOwn(requested, '_id') ? requested : { ...requested, _id: 1 };
      const keyOf = sortKeyExtractor(sort);
      const compare = sortKeyComparator(sort);
      const after = options.after === undefined || options.after === null ? null : decodeCursor(options.after, sort);
      const keyed = access
        .view()
        .match(name, checked)
        .map((document) => ({ document, key: keyOf(document) }))
        .filter(({ key }) => after === null || compare(key, after) > 0)
        .sort((a, b) => compare(a.key, b.key));
      const page = keyed.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(({ document }) => handedOut(document) as unknown as T),
        nextCursor: keyed.length > limit && last !== undefined ? encodeCursor(sort, last.key) : null,
      };
    },

    count: async (filter = {}) => {
      access.check();
      return access.view().match(name, validateFilter(filter)).length;
    },

    aggregate: async <R = Document>(pipeline: Pipeline): Promise<R[]> => {
      access.check();
      const stages = validatePipeline(pipeline);
      const first = stages[0];
      // A leading $match is answered like a find, so it can use the indexes.
      const leading = first !== undefined && Object.hasOwn(first, '$match') ? (first.$match as Filter) : {};
      const input = access.view().match(name, leading).map((document) => cloneJson(document));
      return runPipeline<R>(input, leading === first?.$match ? stages.slice(1) : stages);
    },

    replaceOne: async (document, options: UpdateOptions = {}) => {
      access.check();
      const stored = storedDocument(name, document);
      return access.write((workspace) => replaceIn(workspace, stored, options.upsert ?? true));
    },

    updateOne: async (filter, update, options: UpdateOptions = {}) => {
      access.check();
      const checkedFilter = validateFilter(filter);
      const checkedUpdate = validateUpdate(update);
      return access.write((workspace) => updateIn(workspace, checkedFilter, checkedUpdate, false, options.upsert ?? false));
    },

    updateMany: async (filter, update) => {
      access.check();
      const checkedFilter = validateFilter(filter);
      const checkedUpdate = validateUpdate(update);
      return access.write((workspace) => updateIn(workspace, checkedFilter, checkedUpdate, true, false));
    },

    deleteOne: async (filter) => {
      access.check();
      const checked = validateFilter(filter);
      return access.write((workspace) => deleteIn(workspace, checked, false));
    },

    deleteMany: async (filter) => {
      access.check();
      const checked = validateFilter(filter);
      return access.write((workspace) => deleteIn(workspace, checked, true));
    },

    bulkWrite: async (operations: readonly BulkOperation<T>[]): Promise<void> => {
      access.check();
      if (!Array.isArray(operations)) invalid('bulkWrite needs an array of operations');
      // Everything is checked before anything is written, then applied in order as one unit.
      const checked = operations.map((operation) => checkBulkOperation(operation, (document) => storedDocument(name, document)));
      await access.write((workspace) => {
        for (const operation of checked) {
          switch (operation.kind) {
            case 'replaceOne':
              replaceIn(workspace, operation.document, operation.upsert);
              break;
            case 'updateOne':
            case 'updateMany':
              updateIn(workspace, operation.filter, operation.update, operation.kind === 'updateMany', operation.upsert);
              break;
            case 'deleteOne':
            case 'deleteMany':
              deleteIn(workspace, operation.filter, operation.kind === 'deleteMany');
              break;
          }
        }
      });
    },

    ensureIndexes: async (indexes: readonly IndexSpec[]) => {
      access.check();
      const declared = indexes.map(declareIndex);
      await access.write((workspace) => {
        workspace.touch(name);
        for (const index of declared) workspace.declareIndex(name, index);
      });
    },
  };
  return collection;
};

