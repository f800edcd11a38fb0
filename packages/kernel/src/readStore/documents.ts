import { frozenJson } from './frozen.js';
import type { Document } from './readStore.js';

/**
 * A collection's committed documents by `_id`. The memory-only store keeps the frozen objects themselves
 * (`objectDocuments`). A persistent store keeps only the `_id`s in memory and reads a document's JSON back from
 * persistence when it is asked for, through a bounded cache of parsed, frozen documents shared by all its
 * collections (`storedDocuments`): held for every document, the frozen object graphs made the whole store live
 * in the heap (about 1.7 bytes per character of JSON for the benchmark shop's documents, plus what they retain).
 */
export interface Documents {
  readonly size: number;
  has(id: string): boolean;
  /** The document, frozen; a stored one is read and parsed (and cached) on a miss. */
  get(id: string): Document | undefined;
  /** Stores a frozen document; `weight`, the length of its JSON, weighs it in a cache. */
  set(document: Document, weight: number | undefined): void;
  /** Records a document persistence already holds (a store opening), without keeping it parsed. */
  load(id: string, document: Document): void;
  delete(id: string): void;
  /**
   * Every `_id`, in insertion order. A scan reads each document as its `_id` is yielded: a stored table reads
   * those through its cache without filling or reordering it (a scan of a large collection would otherwise evict
   * the working set for documents it visits once).
   */
  keys(): IterableIterator<string>;
  /** Every document, frozen, in insertion order (a scan); stored ones are read unless cached, and not cached. */
  values(): Iterable<Document>;
  /** Lets go of everything the table holds (its collection was dropped). */
  clear(): void;
}

export const objectDocuments = (): Documents => {
  const map = new Map<string, Document>();
  return {
    get size() {
      return map.size;
    },
    has: (id) => map.has(id),
    get: (id) => map.get(id),
    set: (document) => {
      map.set(document._id, document);
    },
    // Frozen when first handed out (see `handedOut`), so opening a store costs no extra walk.
    load: (id, document) => {
      map.set(id, document);
    },
    delete: (id) => {
      map.delete(id);
    },
    keys: () => map.keys(),
    values: () => map.values(),
    clear: () => {
      map.clear();
    },
  };
};

const refuse = (reason: string): never => {
  throw new Error(`a stored document broke the value rule: ${reason}`);
};

interface CacheEntry {
  readonly table: Map<string, Document>;
  readonly weight: number;
}

/**
 * Parsed documents of every stored table of one store, least recently used first, weighed by the length of their
 * JSON text: at most `capacity` characters of documents are held parsed. A JS Map keeps insertion order, so
 * moving an entry to the end on a hit (delete, set) makes it an LRU list without a list of its own.
 */
export class DocumentCache {
  readonly #entries = new Map<Document, CacheEntry>();
  #weight = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 0)) throw new TypeError(`a document cache needs a capacity of 0 or more characters, not ${capacity}`);
  }

  /** Characters of JSON held parsed; never above `capacity` between calls. */
  get weight(): number {
    return this.#weight;
  }

  get size(): number {
    return this.#entries.size;
  }

  touch(document: Document): void {
    const entry = this.#entries.get(document);
    if (entry === undefined) return;
    this.#entries.delete(document);
    this.#entries.set(document, entry);
  }

  /** Holds `document` parsed in `table` (by its `_id`), evicting the least recently used beyond the capacity. */
  add(document: Document, table: Map<string, Document>, weight: number): void {
    if (weight > this.capacity) return;
    this.#entries.set(document, { table, weight });
    table.set(document._id, document);
    this.#weight += weight;
    while (this.#weight > this.capacity) {
      const oldest = this.#entries.keys().next().value as Document;
      this.remove(oldest);
    }
  }

  /** Forgets a parsed document (evicted, replaced or deleted). */
  remove(document: Document): void {
    const entry = this.#entries.get(document);
    if (entry === undefined) return;
    this.#entries.delete(document);
    entry.table.delete(document._id);
    this.#weight -= entry.weight;
  }
}

/** A collection's committed documents as persistence holds them: the JSON text of one, or undefined. */
export type ReadText = (id: string) => string | undefined;

/**
 * A table whose documents persistence holds: the `_id`s in memory, each document read back with `read` (which
 * must answer the committed state: the store applies a commit to its tables in the same synchronous step in which
 * persistence writes it) and parsed on a miss of the store's cache.
 */
export const storedDocuments = (cache: DocumentCache, read: ReadText): Documents => {
  const ids = new Set<string>();
  const parsed = new Map<string, Document>();
  const forget = (id: string): void => {
    const cached = parsed.get(id);
    if (cached !== undefined) cache.remove(cached);
  };
  /** The `_id` a scan (`keys`) has just yielded: reading it neither fills nor reorders the cache. */
  let scanning: string | undefined;
  const get = (id: string, caching = id !== scanning): Document | undefined => {
    const cached = parsed.get(id);
    if (cached !== undefined) {
      if (caching) cache.touch(cached);
      return cached;
    }
    if (!ids.has(id)) return undefined;
    const text = read(id);
    if (text === undefined) throw new Error(`the read store's persistence lost the document ${JSON.stringify(id)}`);
    const document = frozenJson(JSON.parse(text), refuse) as Document;
    if (caching) cache.add(document, parsed, text.length);
    return document;
  };
  return {
    get size() {
      return ids.size;
    },
    has: (id) => ids.has(id),
    get: (id) => get(id),
    set: (document, weight) => {
      if (weight === undefined) throw new TypeError('a stored table weighs each document by the length of its JSON');
      forget(document._id);
      ids.add(document._id);
      cache.add(document, parsed, weight);
    },
    load: (id) => {
      forget(id);
      ids.add(id);
    },
    delete: (id) => {
      forget(id);
      ids.delete(id);
    },
    keys: function* () {
      try {
        for (const id of ids) {
          scanning = id;
          yield id;
        }
      } finally {
        scanning = undefined;
      }
    },
    values: function* () {
      for (const id of ids) yield get(id, false) as Document;
    },
    clear: () => {
      for (const document of [...parsed.values()]) cache.remove(document);
      ids.clear();
    },
  };
};
