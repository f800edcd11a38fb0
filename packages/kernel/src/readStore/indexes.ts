import { leavesAt } from './matchers.js';
import { ARRAY_ON_PATH, indexKeysAt, scalarKeyAt, splitPath } from './paths.js';
import { ReadStoreError } from './readStore.js';
import type { Document, IndexSpec } from './readStore.js';
import { SortedEntries, scalarKeys, tupleKeys } from './sortedEntries.js';
import type { Bound, KeyShape, UnsortedEntries } from './sortedEntries.js';

/** An index spec with its name settled, as stored and compared. */
export interface DeclaredIndex {
  readonly name: string;
  readonly keys: readonly (readonly [string, 1 | -1 | 'text'])[];
  readonly unique: boolean;
  readonly sparse?: boolean;
}

/** MongoDB's default index name: `field_1_other_-1`. */
export const declareIndex = (spec: IndexSpec): DeclaredIndex => {
  const keys = Object.entries(spec.keys);
  if (keys.length === 0) throw new ReadStoreError({ _tag: 'InvalidQuery', reason: 'an index needs at least one key' });
  for (const [path, direction] of keys) {
    if (path === '' || path.split('.').some((s) => s === '' || s.startsWith('$'))) throw new ReadStoreError({ _tag: 'InvalidQuery', reason: `${JSON.stringify(path)} cannot be indexed` });
    if (direction !== 1 && direction !== -1 && direction !== 'text') throw new ReadStoreError({ _tag: 'UnsupportedOperator', operator: `index type ${JSON.stringify(direction)}`, where: 'sort' });
  }
  const text = keys.filter(([, direction]) => direction === 'text').length;
  if (text > 0 && (text < keys.length || spec.unique === true)) {
    throw new ReadStoreError({ _tag: 'UnsupportedOperator', operator: 'a text index mixed with other keys or unique', where: 'sort' });
  }
  return { name: spec.name ?? keys.map(([path, direction]) => `${path}_${direction}`).join('_'), keys, unique: spec.unique ?? false, sparse: spec.sparse ?? false };
};

export const sameIndex = (a: DeclaredIndex, b: DeclaredIndex): boolean =>
  a.unique === b.unique && (a.sparse ?? false) === (b.sparse ?? false) && a.keys.length === b.keys.length && a.keys.every(([path, dir], i) => b.keys[i]?.[0] === path && b.keys[i]?.[1] === dir);

/** A document's keys in `#byId` when it has none or several (multikey); one key is held as it is. */
class Several {
  constructor(readonly keys: readonly unknown[]) {}
}

/**
 * One declared index over a collection's documents. Entries are kept in key order (ascending whatever the
 * declared direction, which only matters to MongoDB's sort plans), so the same structure answers equality,
 * `$in` and ranges. It becomes multikey the first time a document has an array on an indexed path; from then on
 * a range query may only use one bound, as in MongoDB, because two bounds may be met by different array items.
 *
 * Callers see key tuples (one value per indexed field); inside, a single-field index keeps each key as the value
 * itself and a compound one as its tuple, so an entry costs no array of its own (the restarted benchmark store
 * held about two million entries).
 */
export class CollectionIndex {
  readonly #segments: readonly (readonly string[])[];
  readonly #shape: KeyShape;
  #entries: SortedEntries;
  /**
   * Each indexed document's keys as entered, so a rewrite finds the entries to move without reading the document
   * it replaces: the one key itself (shared with its entry), or `Several` when there are none or more than one.
   */
  #byId = new Map<string, unknown>();
  multikey = false;

  constructor(
    readonly declared: DeclaredIndex,
    readonly collection: string,
  ) {
    this.#segments = declared.keys.map(([path]) => splitPath(path));
    this.#shape = this.#segments.length === 1 ? scalarKeys : tupleKeys;
    this.#entries = new SortedEntries(this.#shape);
  }

  get firstPath(): string {
    return (this.declared.keys[0] as readonly [string, 1 | -1])[0];
  }

  /** The key tuples of a document: one per combination of the fields' keys (only one field may be an array). */
  keysOf(document: Document): unknown[][] {
    if (this.declared.sparse === true && this.#segments.every((segments) => leavesAt(document, segments).every((leaf) => leaf === undefined))) return [];
    // No array on any path: one tuple, built without the general walk's intermediate arrays.
    const width = this.#segments.length;
    const tuple = new Array<unknown>(width);
    let i = 0;
    for (; i < width; i++) {
      const key = scalarKeyAt(document, this.#segments[i] as readonly string[]);
      if (key === ARRAY_ON_PATH) break;
      tuple[i] = key;
    }
    if (i === width) return [tuple];
    if (width === 1) {
      const { keys, isArray } = indexKeysAt(document, this.#segments[0] as readonly string[]);
      if (isArray) this.multikey = true;
      return keys.map((key) => [key]);
    }
    let tuples: unknown[][] = [[]];
    let arrays = 0;
    for (const segments of this.#segments) {
      const { keys, isArray } = indexKeysAt(document, segments);
      if (isArray) arrays++;
      if (arrays > 1) {
        throw new ReadStoreError({ _tag: 'InvalidDocument', collection: this.collection, reason: `index ${this.declared.name} cannot index parallel arrays` });
      }
      tuples = tuples.flatMap((tuple) => keys.map((key) => [...tuple, key]));
    }
    if (arrays > 0) this.multikey = true;
    return tuples;
  }

  /** How an entry holds a tuple: the value itself in a single-field index, the tuple in a compound one. */
  #compact(tuple: readonly unknown[]): unknown {
    return this.#shape === scalarKeys ? tuple[0] : tuple;
  }

  #tuple(key: unknown): unknown[] {
    return this.#shape === scalarKeys ? [key] : (key as unknown[]);
  }

  /**
   * The entries' keys of a document as `#byId` holds them. Several keys make the index multikey whoever computed
   * them (a commit may bring keys a workspace computed), which `lookup` relies on to skip its de-duplication.
   */
  #held(tuples: readonly unknown[][]): unknown {
    if (tuples.length === 1) return this.#compact(tuples[0] as unknown[]);
    if (tuples.length > 1) this.multikey = true;
    return new Several(tuples.map((tuple) => this.#compact(tuple)));
  }

  #keysHeld(id: string): readonly unknown[] {
    if (!this.#byId.has(id)) return [];
    const held = this.#byId.get(id);
    return held instanceof Several ? held.keys : [held];
  }

  /** Other documents holding one of these keys in this unique index (at most a few, as the index is unique). */
  conflicts(id: string, tuples: readonly unknown[][]): { key: string; other: string }[] {
    if (!this.declared.unique) return [];
    const found: { key: string; other: string }[] = [];
    for (const tuple of tuples) {
      const bound = { value: tuple[0], inclusive: true };
      const key = this.#compact(tuple);
      this.#entries.scan(bound, bound, (entryKey, entryId) => {
        if (entryId !== id && this.#shape.compare(entryKey, key) === 0) found.push({ key: describeKey(tuple), other: entryId });
      });
    }
    return found;
  }

  /** Whether the document with this `_id` is indexed under exactly these key tuples, in this order (`keysFor`, without building it). */
  indexedUnder(id: string, tuples: readonly (readonly unknown[])[]): boolean {
    if (!this.#byId.has(id)) return tuples.length === 0;
    const held = this.#byId.get(id);
    const { compare } = this.#shape;
    if (!(held instanceof Several)) return tuples.length === 1 && compare(held, this.#compact(tuples[0] as unknown[])) === 0;
    if (held.keys.length !== tuples.length) return false;
    for (let i = 0; i < tuples.length; i++) if (compare(held.keys[i], this.#compact(tuples[i] as unknown[])) !== 0) return false;
    return true;
  }

  /** The key tuples the document with this `_id` is indexed under (none when it is not indexed). */
  keysFor(id: string): readonly unknown[][] {
    return this.#keysHeld(id).map((key) => this.#tuple(key));
  }

  add(id: string, tuples: readonly unknown[][]): void {
    const held = this.#held(tuples);
    for (const key of held instanceof Several ? held.keys : [held]) this.#entries.insert(key, id);
    this.#byId.set(id, held);
  }

  /** Takes the document with this `_id` out of the index, whatever keys it was indexed under. */
  remove(id: string): void {
    for (const key of this.#keysHeld(id)) this.#entries.remove(key, id);
    this.#byId.delete(id);
  }

  /** Builds the index over existing documents in one sort; refuses (and builds nothing) on a duplicate key. */
  static build(declared: DeclaredIndex, collection: string, documents: Iterable<Document>): CollectionIndex {
    const builder = CollectionIndex.builder(declared, collection);
    for (const document of documents) builder.add(document);
    return builder.finish();
  }

  /**
   * Builds an index one document at a time, in one sort at the end: a store that keeps its documents as text
   * parses each once for all its indexes and lets it go, instead of holding every parsed document at once.
   */
  static builder(declared: DeclaredIndex, collection: string): { add(document: Document): void; finish(): CollectionIndex } {
    const index = new CollectionIndex(declared, collection);
    const entries: UnsortedEntries = { keys: [], ids: [] };
    return {
      add: (document) => index.#enter(entries, document._id, index.#held(index.keysOf(document))),
      finish: () => index.#sorted(entries),
    };
  }

  /**
   * This index after a large change, in one sort: the entries of documents the change leaves alone are taken as
   * they are (their keys are not computed again, and their documents not read), the put documents' keys are the
   * `known` ones or computed, and the deleted documents' entries are left out.
   */
  rebuiltWith(deleted: Iterable<string>, put: readonly Document[], known: (document: Document) => unknown[][] | undefined): CollectionIndex {
    const changed = new Set<string>(deleted);
    for (const document of put) changed.add(document._id);
    const index = new CollectionIndex(this.declared, this.collection);
    index.multikey = this.multikey;
    const entries: UnsortedEntries = { keys: [], ids: [] };
    for (const [id, held] of this.#byId) if (!changed.has(id)) index.#enter(entries, id, held);
    for (const document of put) index.#enter(entries, document._id, index.#held(known(document) ?? index.keysOf(document)));
    return index.#sorted(entries);
  }

  #enter(entries: UnsortedEntries, id: string, held: unknown): void {
    for (const key of held instanceof Several ? held.keys : [held]) {
      entries.keys.push(key);
      entries.ids.push(id);
    }
    this.#byId.set(id, held);
  }

  #sorted(entries: UnsortedEntries): CollectionIndex {
    this.#entries = SortedEntries.fromUnsorted(this.#shape, entries);
    if (this.declared.unique) {
      let previousKey: unknown;
      let previousId: string | undefined;
      this.#entries.scan(null, null, (key, id) => {
        if (previousId !== undefined && previousId !== id && this.#shape.compare(previousKey, key) === 0) {
          throw new ReadStoreError({ _tag: 'DuplicateKey', collection: this.collection, index: this.declared.name, key: describeKey(this.#tuple(key)) });
        }
        previousKey = key;
        previousId = id;
      });
    }
    return this;
  }

  /**
   * Visits, each once, the ids of the documents whose first key field lies inside one of the ranges, in index
   * order within each range; stops when `visit` returns false.
   */
  lookup(ranges: readonly (readonly [Bound | null, Bound | null])[], visit: (id: string) => boolean): void {
    // A document has one entry in an index that is not multikey, so one range meets it at most once.
    const seen = this.multikey || ranges.length > 1 ? new Set<string>() : null;
    let going = true;
    for (const [lower, upper] of ranges) {
      this.#entries.scan(lower, upper, (_, id) => {
        if (seen !== null) {
          if (seen.has(id)) return true;
          seen.add(id);
        }
        going = visit(id);
        return going;
      });
      if (!going) return;
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}

export const describeKey = (tuple: readonly unknown[]): string => (tuple.length === 1 ? keyText(tuple[0]) : `[${tuple.map(keyText).join(', ')}]`);
const keyText = (value: unknown): string => (value === undefined ? 'undefined' : JSON.stringify(value));

/** A string that is equal for two key tuples exactly when they compare equal; `undefined` (empty array) differs from null. */
export const keyString = (tuple: readonly unknown[]): string => tuple.map((v) => (v === undefined ? '\u0000' : JSON.stringify(v))).join('\u0001');

/**
 * The key tuples `document` gives the index `declared` (none when a sparse index leaves it out), as MongoDB
 * builds them; refuses parallel arrays with `InvalidDocument`. For stores that check unique keys themselves.
 */
export const indexKeysOf = (declared: DeclaredIndex, collection: string, document: Document): unknown[][] =>
  new CollectionIndex(declared, collection).keysOf(document);
