import { compileFilter } from './evaluate.js';
import { both, splitText, textFields, textPredicate } from './text.js';
import { CollectionIndex } from './indexes.js';
import { compareKeys } from './sortedEntries.js';
import type { DeclaredIndex } from './indexes.js';
import { planFind } from './plan.js';
import type { Document, Filter } from './readStore.js';

/** The committed state of one collection: its documents by `_id` and its indexes by name. */
export class CollectionState {
  readonly documents = new Map<string, Document>();
  readonly indexes = new Map<string, CollectionIndex>();
  constructor(readonly name: string) {}
}

/** What one commit changes, handed to persistence before it becomes visible (see `ReadStoreChanges`). */
export interface CollectionChanges {
  readonly name: string;
  /** Documents inserted or replaced, whole. */
  readonly put: readonly Document[];
  readonly deleted: readonly string[];
  readonly createdIndexes: readonly DeclaredIndex[];
}

export interface ReadStoreChanges {
  readonly collections: readonly CollectionChanges[];
  readonly droppedCollections: readonly string[];
}

/** A read view of documents: the committed state, or a workspace's writes laid over it. */
export interface View {
  get(collection: string, id: string): Document | undefined;
  /** Every document of the collection that matches (the first `max` found, when given), in no particular order. */
  match(collection: string, filter: Filter, max?: number): Document[];
  indexes(collection: string): readonly DeclaredIndex[];
}

export const candidatesIn = (state: CollectionState, filter: Filter, skip: (id: string) => boolean, out: Document[], test: (d: Document) => boolean, max: number): void => {
  if (out.length >= max) return;
  const consider = (id: string): boolean => {
    const document = state.documents.get(id);
    if (document !== undefined && !skip(id) && test(document)) out.push(document);
    return out.length < max;
  };
  const plan = planFind(filter, state.indexes.values());
  switch (plan.kind) {
    case 'ids':
      for (const id of new Set(plan.ids)) if (!consider(id)) return;
      return;
    case 'index':
      plan.index.lookup(plan.ranges, consider);
      return;
    case 'scan':
      for (const id of state.documents.keys()) if (!consider(id)) return;
  }
};

export const committedView = (collections: ReadonlyMap<string, CollectionState>): View => ({
  get: (collection, id) => collections.get(collection)?.documents.get(id),
  match: (collection, wholeFilter, max = Number.POSITIVE_INFINITY) => {
    const state = collections.get(collection);
    const out: Document[] = [];
    const { search, rest: filter } = splitText(wholeFilter);
    const declared = [...(state?.indexes.values() ?? [])].map((index) => index.declared);
    const test = search === null ? compileFilter(filter) : both(compileFilter(filter), textPredicate(textFields(declared, collection), search));
    if (state !== undefined) candidatesIn(state, filter, () => false, out, test, max);
    return out;
  },
  indexes: (collection) => [...(collections.get(collection)?.indexes.values() ?? [])].map((index) => index.declared),
});


const sameKeys = (a: readonly (readonly unknown[])[], b: readonly (readonly unknown[])[]): boolean =>
  a.length === b.length && a.every((tuple, i) => compareKeys(tuple, b[i] as readonly unknown[]) === 0);

/**
 * The key tuples a workspace already computed for a document it wrote, one list per committed index of the
 * collection in its order, so that a commit does not compute them again; undefined when it has none.
 */
export type KnownKeys = (collection: string, document: Document) => readonly (readonly unknown[][])[] | undefined;

/** Applies committed changes to the in-memory state; persistence has already accepted them. */
export const applyChanges = (collections: Map<string, CollectionState>, changes: ReadStoreChanges, known: KnownKeys = () => undefined): void => {
  for (const name of changes.droppedCollections) collections.delete(name);
  for (const change of changes.collections) {
    let state = collections.get(change.name);
    if (state === undefined) {
      state = new CollectionState(change.name);
      collections.set(change.name, state);
    }
    // A large change (a bulk load, a rebuild) re-sorts each index once instead of inserting entry by entry.
    const rebuild = change.put.length + change.deleted.length > Math.max(2000, state.documents.size / 4);
    if (rebuild) {
      for (const id of change.deleted) state.documents.delete(id);
      for (const document of change.put) state.documents.set(document._id, document);
      for (const [name, index] of state.indexes) state.indexes.set(name, CollectionIndex.build(index.declared, change.name, state.documents.values()));
    }
    const indexes = [...state.indexes.values()];
    for (const id of rebuild ? [] : change.deleted) {
      if (!state.documents.has(id)) continue;
      for (const index of indexes) index.remove(id);
      state.documents.delete(id);
    }
    for (const document of rebuild ? [] : change.put) {
      const indexed = state.documents.has(document._id);
      const computed = known(change.name, document);
      for (let i = 0; i < indexes.length; i++) {
        const index = indexes[i] as CollectionIndex;
        const keys = computed?.[i] ?? index.keysOf(document);
        if (indexed) {
          // Most rewrites leave most indexed fields alone: those entries stay where they are.
          if (sameKeys(index.keysFor(document._id), keys)) continue;
          index.remove(document._id);
        }
        index.add(document._id, keys);
      }
      state.documents.set(document._id, document);
    }
    for (const declared of change.createdIndexes) {
      state.indexes.set(declared.name, CollectionIndex.build(declared, change.name, state.documents.values()));
    }
  }
};

/** Loads stored collections (documents and index declarations) in one pass per index. */
export const loadCollections = (stored: readonly { name: string; documents: readonly Document[]; indexes: readonly DeclaredIndex[] }[]): Map<string, CollectionState> => {
  const collections = new Map<string, CollectionState>();
  for (const { name, documents, indexes } of stored) {
    const state = new CollectionState(name);
    for (const document of documents) state.documents.set(document._id, document);
    for (const declared of indexes) state.indexes.set(declared.name, CollectionIndex.build(declared, name, state.documents.values()));
    collections.set(name, state);
  }
  return collections;
};
