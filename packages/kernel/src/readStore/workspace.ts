import { compileFilter } from './evaluate.js';
import { both, splitText, textFields, textPredicate } from './text.js';
import { candidatesIn } from './engine.js';
import type { CollectionChanges, CollectionState, ReadStoreChanges, View } from './engine.js';
import { CollectionIndex, keyString, sameIndex } from './indexes.js';
import type { DeclaredIndex } from './indexes.js';
import { planFind } from './plan.js';
import type { Range } from './plan.js';
import { withinBounds } from './sortedEntries.js';
import { ReadStoreError } from './readStore.js';
import type { Document, Filter } from './readStore.js';

type UndoStep =
  | { readonly map: Map<unknown, unknown>; readonly key: unknown; readonly had: boolean; readonly old: unknown }
  | { readonly map: null; readonly list: unknown[] };

interface PendingCollection {
  /** `_id` -> the new document, or null when deleted. */
  readonly writes: Map<string, Document | null>;
  readonly newIndexes: DeclaredIndex[];
  /** For each unique index: key string -> `_id`, over this workspace's written documents only. */
  readonly uniqueKeys: Map<string, Map<string, string>>;
  /**
   * Per committed index (by position), made the first time a query plans on that index: the `_id`s written under
   * each first key value (a string, number or boolean, what a point plan looks up). A superset: an id stays
   * under a key its document has since left, and every candidate is checked against the filter anyway.
   */
  byFirstKey: (Map<unknown, string[]> | undefined)[];
  /**
   * The key tuples computed for each document accepted, per index (committed ones first, as `#indexObjects` lists
   * them; a slot is empty while they wait, see `queried`), handed to the commit so it does not compute them
   * again. Keyed by the frozen document itself, so an entry is right for as long as it exists, rolled back or
   * not; per collection, because a handler may store one object in two collections whose indexes differ.
   */
  readonly keys: Map<Document, (unknown[][] | undefined)[]>;
  /**
   * Whether a query of this workspace has planned on one of the collection's indexes. Until then `put` leaves
   * out the keys of single-field indexes that are not unique (they can refuse no document and check nothing),
   * so a document rewritten many times in a batch (an order, on every event of its life) is keyed once, at the
   * commit. The first such query keys every written document first, so that it and later ones narrow the written
   * documents by their keys (and an index a write made multikey is planned as one), and from then on `put` keys
   * at once, as the narrowing's buckets need. A document without keys is never left out, only tested whole.
   */
  queried: boolean;
  /** The collection's committed indexes, listed once: the committed state does not change while a workspace lives. */
  committedIndexes: CollectionIndex[] | undefined;
}

/**
 * A unit of work laid over the committed state. Its reads see its own writes; nobody else sees them until
 * `changes()` is committed. Unique indexes are checked as each write is made, against the committed entries of
 * documents it has not rewritten plus its own documents, so a commit can never fail on a duplicate.
 */
export class Workspace implements View {
  readonly #pending = new Map<string, PendingCollection>();
  readonly #committed: ReadonlyMap<string, CollectionState>;
  /**
   * Inverse steps, newest last: a map entry to put back (or remove, when it was absent), or a declared index to
   * forget. Plain records rather than closures, since every write logs one or more.
   */
  readonly #undo: UndoStep[] = [];

  constructor(committed: ReadonlyMap<string, CollectionState>) {
    this.#committed = committed;
  }

  #pendingFor(collection: string): PendingCollection {
    let pending = this.#pending.get(collection);
    if (pending === undefined) {
      pending = { writes: new Map(), newIndexes: [], uniqueKeys: new Map(), byFirstKey: [], keys: new Map(), queried: false, committedIndexes: undefined };
      this.#set(this.#pending, collection, pending);
    }
    return pending;
  }

  get(collection: string, id: string): Document | undefined {
    const written = this.#pending.get(collection)?.writes.get(id);
    if (written !== undefined) return written ?? undefined;
    return this.#committed.get(collection)?.documents.get(id);
  }

  match(collection: string, wholeFilter: Filter, max = Number.POSITIVE_INFINITY): Document[] {
    const { search, rest: filter } = splitText(wholeFilter);
    const ordinary = compileFilter(filter);
    const test = search === null ? ordinary : both(ordinary, textPredicate(textFields(this.indexes(collection), collection), search));
    const pending = this.#pending.get(collection);
    const state = this.#committed.get(collection);
    let plan = planFind(filter, state?.indexes.values() ?? []);
    if (plan.kind === 'index' && pending !== undefined && !pending.queried && state !== undefined) {
      this.#keyWritten(collection, pending);
      plan = planFind(filter, state.indexes.values());
    }
    const out: Document[] = [];
    if (state !== undefined) candidatesIn(state, filter, pending === undefined ? () => false : (id) => pending.writes.has(id), out, test, max);
    if (pending !== undefined) {
      // A lookup by _id or by index points need not look at every document the workspace wrote, which keeps
      // large transactions (a catch-up batch of thousands of events) linear.
      const position = plan.kind === 'index' && state !== undefined ? [...state.indexes.values()].indexOf(plan.index) : -1;
      const points = position >= 0 && plan.kind === 'index' ? pointsOf(plan.ranges) : null;
      const written =
        plan.kind === 'ids'
          ? [...new Set(plan.ids)].map((id) => pending.writes.get(id) ?? null)
          : plan.kind === 'index' && points !== null
            ? this.#writtenUnder(pending, position, plan.index, points)
            : pending.writes.values();
      for (const document of written) {
        if (out.length >= max) break;
        if (document === null) continue;
        // The index the plan chose narrows the written documents too, by the keys `put` computed for them, so a
        // query inside a large transaction runs the whole filter on few of them (a mingo filter costs microseconds).
        if (plan.kind === 'index' && position >= 0 && !mayMatch(pending, document, position, plan.ranges)) continue;
        if (test(document)) out.push(document);
      }
    }
    return out;
  }

  /** Computes the keys `put` left out for the documents written so far, and has it key every later one at once. */
  #keyWritten(collection: string, pending: PendingCollection): void {
    pending.queried = true;
    const indexes = this.#indexObjects(collection);
    for (const document of pending.writes.values()) {
      if (document === null) continue;
      let keys = pending.keys.get(document);
      if (keys === undefined) {
        keys = [];
        pending.keys.set(document, keys);
      }
      for (let i = 0; i < indexes.length; i++) keys[i] ??= (indexes[i] as CollectionIndex).keysOf(document);
    }
  }

  /** The documents this workspace wrote (and has not deleted) that were written under one of these first keys. */
  #writtenUnder(pending: PendingCollection, position: number, index: CollectionIndex, points: readonly unknown[]): Document[] {
    let buckets = pending.byFirstKey[position];
    if (buckets === undefined) {
      buckets = new Map();
      for (const document of pending.writes.values()) if (document !== null) addToBuckets(buckets, document._id, pending.keys.get(document)?.[position] ?? index.keysOf(document));
      pending.byFirstKey[position] = buckets;
    }
    const seen = new Set<string>();
    const out: Document[] = [];
    for (const point of points) {
      for (const id of buckets.get(point) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        const document = pending.writes.get(id);
        if (document !== undefined && document !== null) out.push(document);
      }
    }
    return out;
  }

  indexes(collection: string): readonly DeclaredIndex[] {
    const committed = [...(this.#committed.get(collection)?.indexes.values() ?? [])].map((index) => index.declared);
    return [...committed, ...(this.#pending.get(collection)?.newIndexes ?? [])];
  }

  /** Every index of the collection as a key extractor, the committed ones first. */
  #indexObjects(collection: string): CollectionIndex[] {
    const pending = this.#pending.get(collection);
    const committed = (pending === undefined ? undefined : pending.committedIndexes) ?? [...(this.#committed.get(collection)?.indexes.values() ?? [])];
    if (pending === undefined) return committed;
    pending.committedIndexes = committed;
    // Every write asks, so the common case (no index declared in this workspace) makes no array.
    return pending.newIndexes.length === 0 ? committed : [...committed, ...pending.newIndexes.map((declared) => new CollectionIndex(declared, collection))];
  }

  put(collection: string, document: Document): void {
    const pending = this.#pendingFor(collection);
    const previous = this.get(collection, document._id);
    const committedIndexes = this.#committed.get(collection)?.indexes;
    const uniqueUpdates: [Map<string, string>, string[], string[]][] = [];
    const computed: (unknown[][] | undefined)[] = [];
    for (const index of this.#indexObjects(collection)) {
      const { unique, keys: fields } = index.declared;
      if (!pending.queried && !unique && fields.length === 1) {
        computed.push(undefined);
        continue;
      }
      const tuples = index.keysOf(document); // refuses parallel arrays, so every compound index must be asked
      computed.push(tuples);
      if (!index.declared.unique) continue;
      let keys = pending.uniqueKeys.get(index.declared.name);
      if (keys === undefined) {
        keys = new Map<string, string>();
        this.#set(pending.uniqueKeys, index.declared.name, keys);
      }
      const mine = tuples.map(keyString);
      for (const [i, key] of mine.entries()) {
        const holder = keys.get(key);
        if (holder !== undefined && holder !== document._id) this.#duplicate(collection, index, tuples[i] as unknown[]);
      }
      if (committedIndexes?.get(index.declared.name) === index) {
        // A committed holder this workspace has rewritten or deleted no longer counts; its new keys are in `keys`.
        for (const { other } of index.conflicts(document._id, tuples)) {
          if (!pending.writes.has(other)) this.#duplicate(collection, index, tuples[0] as unknown[]);
        }
      }
      const before = previous === undefined ? [] : index.keysOf(previous).map(keyString);
      uniqueUpdates.push([keys, before, mine]);
    }
    // Only now that every index accepted the document does anything change.
    for (const [keys, before, mine] of uniqueUpdates) {
      for (const key of before) if (keys.get(key) === document._id) this.#delete(keys, key);
      for (const key of mine) this.#set(keys, key, document._id);
    }
    this.#set(pending.writes, document._id, document);
    // A superseded version's keys are no longer needed (a rollback that brings it back finds none, and the commit
    // then computes them): kept, they would hold every intermediate version of a large batch until it commits.
    if (previous !== undefined) pending.keys.delete(previous);
    pending.keys.set(document, computed);
    for (let i = 0; i < pending.byFirstKey.length; i++) {
      const buckets = pending.byFirstKey[i];
      if (buckets !== undefined) addToBuckets(buckets, document._id, computed[i]);
    }
  }

  /** See `PendingCollection.keys`; the commit's `KnownKeys`. */
  readonly knownKeys = (collection: string, document: Document): readonly (readonly unknown[][] | undefined)[] | undefined => this.#pending.get(collection)?.keys.get(document);

  delete(collection: string, id: string): void {
    const pending = this.#pendingFor(collection);
    const previous = this.get(collection, id);
    if (previous === undefined) return;
    for (const index of this.#indexObjects(collection)) {
      if (!index.declared.unique) continue;
      const keys = pending.uniqueKeys.get(index.declared.name);
      if (keys !== undefined) for (const key of index.keysOf(previous).map(keyString)) if (keys.get(key) === id) this.#delete(keys, key);
    }
    this.#set(pending.writes, id, null);
  }

  #duplicate(collection: string, index: CollectionIndex, tuple: readonly unknown[]): never {
    throw new ReadStoreError({ _tag: 'DuplicateKey', collection, index: index.declared.name, key: tuple.length === 1 ? keyText(tuple[0]) : JSON.stringify(tuple) });
  }

  /** Declares an index, checking a unique one against the documents as this workspace sees them. */
  declareIndex(collection: string, declared: DeclaredIndex): void {
    const existing = this.indexes(collection).find((index) => index.name === declared.name);
    if (existing !== undefined) {
      if (sameIndex(existing, declared)) return;
      throw new ReadStoreError({ _tag: 'InvalidQuery', reason: `index ${declared.name} already exists on ${collection} with other keys or options` });
    }
    const isText = (index: DeclaredIndex) => index.keys.some(([, kind]) => kind === 'text');
    if (isText(declared) && this.indexes(collection).some(isText)) {
      throw new ReadStoreError({ _tag: 'InvalidQuery', reason: `${collection} already has a text index; a collection has one at most` });
    }
    const documents = this.match(collection, {});
    // Building it proves the documents fit (unique keys, no parallel arrays) before it is recorded.
    CollectionIndex.build(declared, collection, documents);
    const pending = this.#pendingFor(collection);
    pending.newIndexes.push(declared);
    this.#undo.push({ map: null, list: pending.newIndexes });
    if (declared.unique) {
      const keys = new Map<string, string>();
      const index = new CollectionIndex(declared, collection);
      // The index is not committed yet, so its keys must cover every document this workspace sees.
      for (const document of documents) for (const tuple of index.keysOf(document)) keys.set(keyString(tuple), document._id);
      this.#set(pending.uniqueKeys, declared.name, keys);
    }
  }

  /**
   * Marks the workspace as it is now. `restore` undoes every change made since (a failed operation inside a
   * transaction is undone this way, so each operation stays all-or-nothing while the transaction goes on);
   * `release` forgets the mark once the operation succeeded. Undoing replays a log of inverse steps, so a mark
   * costs nothing however large the transaction has grown.
   */
  savepoint(): number {
    return this.#undo.length;
  }

  /** Undoes every change made since `mark` (a `savepoint()`). */
  restore(mark: number): void {
    // The buckets may lack a version of a document this puts back; they are made again when next asked for.
    if (this.#undo.length > mark) for (const pending of this.#pending.values()) pending.byFirstKey.length = 0;
    while (this.#undo.length > mark) {
      const step = this.#undo.pop() as UndoStep;
      if (step.map === null) step.list.pop();
      else if (step.had) step.map.set(step.key, step.old);
      else step.map.delete(step.key);
    }
  }

  /** Forgets the changes since `mark` can be undone, once the operation that made them succeeded. */
  release(mark: number): void {
    this.#undo.length = mark;
  }

  #set<K, V>(map: Map<K, V>, key: K, value: V): void {
    const had = map.has(key);
    const old = map.get(key);
    map.set(key, value);
    this.#undo.push({ map: map, key, had, old });
  }

  #delete<K, V>(map: Map<K, V>, key: K): void {
    if (!map.has(key)) return;
    const old = map.get(key) as V;
    map.delete(key);
    this.#undo.push({ map: map, key, had: true, old });
  }

  /** Makes sure the collection exists once committed, even if nothing is written to it. */
  touch(collection: string): void {
    this.#pendingFor(collection);
  }

  changes(): ReadStoreChanges {
    const collections: CollectionChanges[] = [];
    for (const [name, pending] of this.#pending) {
      const put: Document[] = [];
      const deleted: string[] = [];
      for (const [id, document] of pending.writes) {
        if (document !== null) put.push(document);
        else if (this.#committed.get(name)?.documents.has(id)) deleted.push(id);
      }
      if (put.length === 0 && deleted.length === 0 && pending.newIndexes.length === 0 && this.#committed.has(name)) continue;
      collections.push({ name, put, deleted, createdIndexes: [...pending.newIndexes] });
    }
    return { collections, droppedCollections: [] };
  }
}

/** False when the document's keys in the index at `position` lie in none of the ranges (true if unknown). */
const mayMatch = (pending: PendingCollection, document: Document, position: number, ranges: readonly Range[]): boolean => {
  const keys = pending.keys.get(document)?.[position];
  if (keys === undefined) return true;
  return keys.some((tuple) => ranges.some(([lower, upper]) => withinBounds(tuple[0], lower, upper)));
};

/** The first key values of a point plan (every range a single inclusive value), or null for a true range. */
const pointsOf = (ranges: readonly Range[]): unknown[] | null => {
  const points: unknown[] = [];
  for (const [lower, upper] of ranges) {
    if (lower === null || upper === null || !lower.inclusive || !upper.inclusive || lower.value !== upper.value) return null;
    const { value } = lower;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
    points.push(value);
  }
  return points;
};

/**
 * Files an id under the first key value of each of its tuples in one index. Only strings, numbers and booleans
 * can equal a point, and a Map tells them apart as the index does (1 and '1' differ; 0 and -0 do not).
 */
const addToBuckets = (buckets: Map<unknown, string[]>, id: string, tuples: readonly (readonly unknown[])[] | undefined): void => {
  if (tuples === undefined) return;
  for (const tuple of tuples) {
    const value = tuple[0];
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const ids = buckets.get(value);
    if (ids === undefined) buckets.set(value, [id]);
    else if (ids[ids.length - 1] !== id) ids.push(id);
  }
};

const keyText = (value: unknown): string => (value === undefined ? 'undefined' : JSON.stringify(value));
