import { compileFilter } from './evaluate.js';
import { both, splitText, textFields, textPredicate } from './text.js';
import { CollectionIndex } from './indexes.js';
import type { DeclaredIndex } from './indexes.js';
import type { Documents } from './documents.js';
import { planFind } from './plan.js';
import type { Document, Filter } from './readStore.js';

/** The committed state of one collection: its documents by `_id` and its indexes by name. */
export class CollectionState {
  readonly indexes = new Map<string, CollectionIndex>();
  constructor(
    readonly name: string,
    readonly documents: Documents,
  ) {}
}

/** How a store keeps its committed documents: a new, empty table for the named collection. */
export type DocumentsFactory = (collection: string) => Documents;

/** What one commit changes, handed to persistence before it becomes visible (see `ReadStoreChanges`). */
export interface CollectionChanges {
  readonly name: string;
  /** Documents inserted or replaced, whole. */
  readonly put: readonly Document[];
  /**
   * The JSON text of the `put` document at `i`, when persistence keeps the documents for the store
   * (`MemoryReadStoreOptions.stored`), serialised when asked for. Persistence asks once per document, as it writes
   * it, and lets it go: a rebuild's commit serialises megabytes, which die young this way instead of surviving
   * scavenges until the whole commit is written (and being promoted to the old generation). The store keeps only
   * each text's length, which weighs the document in its cache.
   */
  readonly text?: (i: number) => string;
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
    const declared = () => [...(state?.indexes.values() ?? [])].map((index) => index.declared);
    const test = search === null ? compileFilter(filter) : both(compileFilter(filter), textPredicate(textFields(declared(), collection), search));
    if (state !== undefined) candidatesIn(state, filter, () => false, out, test, max);
    return out;
  },
  indexes: (collection) => [...(collections.get(collection)?.indexes.values() ?? [])].map((index) => index.declared),
});


/**
 * The key tuples a workspace already computed for a document it wrote, one list per committed index of the
 * collection in its order, so that a commit does not compute them again; undefined (or an empty slot) where it has none.
 */
export type KnownKeys = (collection: string, document: Document) => readonly (readonly unknown[][] | undefined)[] | undefined;

/** The length of the JSON text of a commit's put document (see `CollectionChanges.text`), for a stored table. */
export type TextLength = (change: CollectionChanges, i: number) => number;

/**
 * Applies committed changes to the in-memory state; persistence has already accepted them. New collections get
 * their table from `documents`; a stored table weighs each document by `textLength`.
 */
export const applyChanges = (
  collections: Map<string, CollectionState>,
  changes: ReadStoreChanges,
  documents: DocumentsFactory,
  known: KnownKeys = () => undefined,
  textLength?: TextLength,
): void => {
  for (const name of changes.droppedCollections) {
    collections.get(name)?.documents.clear();
    collections.delete(name);
  }
  for (const change of changes.collections) {
    let state = collections.get(change.name);
    if (state === undefined) {
      state = new CollectionState(change.name, documents(change.name));
      collections.set(change.name, state);
    }
    const indexes = [...state.indexes.values()];
    const knownKeys = (document: Document, i: number) => known(change.name, document)?.[i] as unknown[][] | undefined;
    // A large change (a bulk load, a rebuild) re-sorts each index once instead of inserting entry by entry.
    const rebuild = change.put.length + change.deleted.length > Math.max(2000, state.documents.size / 4);
    if (rebuild) {
      for (const [i, index] of indexes.entries()) state.indexes.set(index.declared.name, index.rebuiltWith(change.deleted, change.put, (document) => knownKeys(document, i)));
    }
    for (const id of change.deleted) {
      if (!state.documents.has(id)) continue;
      if (!rebuild) for (const index of indexes) index.remove(id);
      state.documents.delete(id);
    }
    for (const [p, document] of change.put.entries()) {
      if (!rebuild && indexes.length > 0) {
        const indexed = state.documents.has(document._id);
        const computed = known(change.name, document);
        for (let i = 0; i < indexes.length; i++) {
          const index = indexes[i] as CollectionIndex;
          const keys = (computed?.[i] as unknown[][] | undefined) ?? index.keysOf(document);
          if (indexed) {
            // Most rewrites leave most indexed fields alone: those entries stay where they are.
            if (index.indexedUnder(document._id, keys)) continue;
            index.remove(document._id);
          }
          index.add(document._id, keys);
        }
      }
      state.documents.set(document, textLength?.(change, p));
    }
    for (const declared of change.createdIndexes) {
      state.indexes.set(declared.name, CollectionIndex.build(declared, change.name, state.documents.values()));
    }
  }
};

/** A collection as persistence hands it back when a store opens: its documents as objects or as JSON text. */
export interface LoadedCollection {
  readonly name: string;
  readonly documents?: readonly Document[];
  /** The JSON of each document, read once, in one pass. */
  readonly texts?: Iterable<string>;
  readonly indexes: readonly DeclaredIndex[];
}

/**
 * Loads stored collections and builds their indexes in one pass over the documents: a document read as text is
 * parsed once for all the indexes, and a stored table then lets it go (its cache fills as documents are read).
 */
export const loadCollections = (stored: readonly LoadedCollection[], documents: DocumentsFactory): Map<string, CollectionState> => {
  const collections = new Map<string, CollectionState>();
  for (const { name, documents: objects = [], texts = [], indexes } of stored) {
    const state = new CollectionState(name, documents(name));
    const builders = indexes.map((declared) => CollectionIndex.builder(declared, name));
    for (const document of objects) {
      state.documents.load(document._id, document);
      for (const builder of builders) builder.add(document);
    }
    for (const text of texts) {
      const document = JSON.parse(text) as Document;
      for (const builder of builders) builder.add(document);
      // The table keeps the parsed `_id`, the string the index entries hold too.
      state.documents.load(document._id, document);
    }
    for (const [i, builder] of builders.entries()) state.indexes.set((indexes[i] as DeclaredIndex).name, builder.finish());
    collections.set(name, state);
  }
  return collections;
};
