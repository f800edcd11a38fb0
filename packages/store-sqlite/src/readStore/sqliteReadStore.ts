import Database from 'better-sqlite3';
import type { Database as Connection } from 'better-sqlite3';
import { memoryReadStore } from '@shopstream/kernel';
import type { DeclaredIndex, Document, ReadStore, ReadStoreChanges, StoredCollection } from '@shopstream/kernel';
import { migrateReadStore } from './schema.js';

export interface SqliteReadStoreOptions {
  /** The database file (created if missing), or ':memory:' for a store that lives as long as the process. */
  readonly path: string;
  /**
   * `normal` (default): a commit survives the process crashing; `full`: it is fsynced, so it survives power loss
   * too. In both, a commit is whole or absent after any crash, never half written.
   */
  readonly durability?: 'normal' | 'full';
  /** `_id`s for documents an upsert creates without one. */
  readonly newId?: () => string;
  /**
   * How many documents are kept in memory, in characters of their JSON (default 32 Mi: parsed and frozen, the
   * benchmark shop's documents take about 1.7 bytes of heap per character): the most recently read or written
   * ones. Any other is read from the file and parsed when asked for. Memory holds every `_id` and the indexes
   * besides.
   */
  readonly cacheBytes?: number;
}

/** See `SqliteReadStoreOptions.cacheBytes`. */
const DEFAULT_READ_CACHE_BYTES = 32 * 2 ** 20;

/**
 * The embedded, persistent read store: the kernel's in-process engine (memoryReadStore) over a SQLite file.
 * Opening reads every document once to rebuild the declared indexes in memory; the documents stay in the file,
 * behind a bounded cache of parsed ones, and a read the cache cannot answer reads the file (docs/read-store.md).
 * Every commit (a transaction, or a single write) is written in ONE SQLite transaction before it becomes visible,
 * so a crash never leaves a projection's documents and its checkpoint out of step, and a restart resumes from
 * the stored checkpoint instead of replaying history.
 *
 * The file belongs to one process at a time (SQLite's exclusive locking mode): the indexes and the cache live in
 * that process's memory, and a second writer would not see them. A second open fails instead of diverging.
 */
export const sqliteReadStore = (options: SqliteReadStoreOptions): ReadStore => {
  const cacheBytes = options.cacheBytes ?? DEFAULT_READ_CACHE_BYTES;
  if (!(cacheBytes >= 0)) throw new TypeError(`cacheBytes must be 0 or more, not ${cacheBytes}`);
  const db = open(options);
  try {
    const rows = new Rowids();
    const byKey = db.prepare('SELECT body FROM read_documents WHERE collection = ? AND id = ?').pluck();
    const byRowid = db.prepare('SELECT body FROM read_documents WHERE rowid = ?').pluck();
    const read = (collection: string, id: string): string | undefined => {
      const rowid = rows.of(collection, id);
      return (rowid === undefined ? byKey.get(collection, id) : byRowid.get(rowid)) as string | undefined;
    };
    // The documents are read while the engine loads them, so a failure there must close the file too.
    return memoryReadStore({
      initial: load(db),
      persist: writer(db, rows),
      stored: { cacheBytes, read },
      onClose: () => {
        db.close();
      },
      ...(options.newId ? { newId: options.newId } : {}),
    });
  } catch (error) {
    db.close();
    throw error;
  }
};

const open = (options: SqliteReadStoreOptions): Connection => {
  const durability = options.durability ?? 'normal';
  if (durability !== 'normal' && durability !== 'full') throw new TypeError(`durability must be 'normal' or 'full', not ${JSON.stringify(durability)}`);
  const db = new Database(options.path, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
    // A rebuild's commit rewrites thousands of documents spread over the whole table: a page cache of 64 MiB
    // (SQLite's default is 2) keeps the b-trees' upper levels and recent pages. About -20% CPU per upsert into a
    // table of 688,000 documents with 32 MiB (with the bulk checkpoints below); 64 MiB took a further 13% off
    // (21 against 24 µs per rewrite of 300,000 documents of the benchmark shop's sizes); 128 MiB no more.
    db.pragma('cache_size = -65536');
    db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES.live}`);
    migrateReadStore(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof Error && /locked|busy/i.test(error.message)) {
      throw new Error(`the read store file ${options.path} is open in another process; a read store file belongs to one process at a time`, { cause: error });
    }
    throw error;
  }
};

/** Every collection, its documents' JSON read lazily, while the engine loads them. */
const load = (db: Connection): StoredCollection[] => {
  const documents = db.prepare('SELECT body FROM read_documents WHERE collection = ?').pluck();
  const indexes = new Map<string, DeclaredIndex[]>();
  for (const row of db.prepare('SELECT collection, spec FROM read_indexes ORDER BY collection, name').all() as { collection: string; spec: string }[]) {
    indexes.set(row.collection, [...(indexes.get(row.collection) ?? []), JSON.parse(row.spec) as DeclaredIndex]);
  }
  // Every write adds its collection's row first, so read_collections names them all.
  const names = db.prepare('SELECT name FROM read_collections ORDER BY name').pluck().all() as string[];
  // Each collection's rows are read when the engine comes to it: one statement, one collection at a time.
  return names.map((name) => ({ name, texts: { [Symbol.iterator]: () => documents.iterate(name) as IterableIterator<string> }, indexes: indexes.get(name) ?? [] }));
};

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * When SQLite checkpoints the WAL (copies its pages into the file, then fsyncs the file), in 4 KiB pages, by the
 * size of the commits being written. The checkpoint runs inside the commit that crosses the threshold, on the
 * thread that serves every request, and its fsync is what takes the time.
 * - `bulk`, 64 MiB, while commits write `BULK_DOCUMENTS` documents or more (a catch-up batch of a rebuild): a page
 *   rewritten by consecutive commits is copied into the file once rather than at each, about 20% of the CPU of
 *   an upsert into a large table (with the page cache above).
 * - `live`, SQLite's default 4 MiB, for a serving store's small commits: a 64 MiB checkpoint's fsync held the
 *   event loop for up to 140 ms in the HTTP checkout benchmark (request p99 144-147 ms); at 4 MiB the longest
 *   stall was 49-57 ms (p99 98-100 ms), for about 4% more CPU per order (a page rewritten by several small
 *   commits is copied more often).
 * The first small commit after a rebuild checkpoints what the bulk ones left, once.
 */
const CHECKPOINT_PAGES = { live: 1000, bulk: 16384 } as const;
const BULK_DOCUMENTS = 1000;

/**
 * The rowid of each document this process has written, by collection and `_id` (the `_id` strings are the
 * documents' own, which the engine holds anyway). A rewrite then updates its row by rowid instead of looking it
 * up through the (collection, id) index first (21-26 against 28-32 µs of CPU per rewrite on a table of 300,000
 * documents of the benchmark shop's sizes), and a read of it skips that index too. Documents not written since the
 * file was opened are found by key, as before. Changed only once a commit is in the file, so a rolled-back
 * commit leaves no rowid behind.
 */
class Rowids {
  readonly #tables = new Map<string, Map<string, number>>();

  of(collection: string, id: string): number | undefined {
    return this.#tables.get(collection)?.get(id);
  }

  table(collection: string): Map<string, number> {
    let table = this.#tables.get(collection);
    if (table === undefined) {
      table = new Map();
      this.#tables.set(collection, table);
    }
    return table;
  }

  drop(collection: string): void {
    this.#tables.delete(collection);
  }
}

const writer = (db: Connection, rows: Rowids): ((changes: ReadStoreChanges) => void) => {
  const addCollection = db.prepare('INSERT INTO read_collections (name) VALUES (?) ON CONFLICT (name) DO NOTHING');
  const put = db
    .prepare('INSERT INTO read_documents (collection, id, body) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body RETURNING rowid')
    .pluck();
  const rewrite = db.prepare('UPDATE read_documents SET body = ? WHERE rowid = ?');
  const remove = db.prepare('DELETE FROM read_documents WHERE collection = ? AND id = ?');
  const addIndex = db.prepare('INSERT INTO read_indexes (collection, name, spec) VALUES (?, ?, ?)');
  const dropDocuments = db.prepare('DELETE FROM read_documents WHERE collection = ?');
  const dropIndexes = db.prepare('DELETE FROM read_indexes WHERE collection = ?');
  const dropCollection = db.prepare('DELETE FROM read_collections WHERE name = ?');
  /**
   * The collections read_collections holds as of the last commit, so a commit adds a row only for a new one (a
   * serving store's commits touch a dozen collections each: a statement apiece, every time, for nothing).
   */
  const recorded = new Set(db.prepare('SELECT name FROM read_collections').pluck().all() as string[]);
  /** The rows a commit inserted, as (collection's table, `_id`, rowid), recorded once it is in the file. */
  let inserted: (Map<string, number> | string | number)[] = [];
  // All or nothing: better-sqlite3 rolls the transaction back if anything in it throws.
  const write = db.transaction((changes: ReadStoreChanges) => {
    for (const name of changes.droppedCollections) {
      dropDocuments.run(name);
      dropIndexes.run(name);
      dropCollection.run(name);
    }
    for (const change of changes.collections) {
      if (!recorded.has(change.name)) addCollection.run(change.name);
      for (const id of change.deleted) remove.run(change.name, id);
      const known = rows.table(change.name);
      // In key order, so the upserts walk the (collection, id) index forward rather than at random.
      const order = change.put.map((_, i) => i).sort((a, b) => compareIds((change.put[a] as Document)._id, (change.put[b] as Document)._id));
      for (const i of order) {
        const document = change.put[i] as Document;
        // Each text made here and dropped once written (see `CollectionChanges.text`).
        const text = change.text?.(i) ?? JSON.stringify(document);
        const rowid = known.get(document._id);
        if (rowid === undefined) inserted.push(known, document._id, put.get(change.name, document._id, text) as number);
        else if (rewrite.run(text, rowid).changes !== 1) throw new Error(`the read store lost the row of ${change.name} ${JSON.stringify(document._id)}`);
      }
      for (const index of change.createdIndexes) addIndex.run(change.name, index.name, JSON.stringify(index));
    }
  });
  let checkpointPages: number = CHECKPOINT_PAGES.live;
  return (changes) => {
    let documents = 0;
    for (const change of changes.collections) documents += change.put.length + change.deleted.length;
    const wanted = documents >= BULK_DOCUMENTS ? CHECKPOINT_PAGES.bulk : CHECKPOINT_PAGES.live;
    if (wanted !== checkpointPages) {
      db.pragma(`wal_autocheckpoint = ${wanted}`);
      checkpointPages = wanted;
    }
    inserted = [];
    write(changes);
    for (const name of changes.droppedCollections) {
      rows.drop(name);
      recorded.delete(name);
    }
    for (const change of changes.collections) {
      recorded.add(change.name);
      const known = rows.table(change.name);
      for (const id of change.deleted) known.delete(id);
    }
    for (let i = 0; i < inserted.length; i += 3) (inserted[i] as Map<string, number>).set(inserted[i + 1] as string, inserted[i + 2] as number);
    inserted = [];
  };
};
