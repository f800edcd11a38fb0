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
}

/**
 * The embedded, persistent read store: the kernel's in-process engine (memoryReadStore) over a SQLite file.
 * Opening loads every document and rebuilds the declared indexes in memory; every commit (a transaction, or a
 * single write) is written in ONE SQLite transaction before it becomes visible, so a crash never leaves a
 * projection's documents and its checkpoint out of step, and a restart resumes from the stored checkpoint
 * instead of replaying history.
 *
 * The file belongs to one process at a time (SQLite's exclusive locking mode): the documents live in that
 * process's memory, and a second writer would not see them. A second open fails instead of diverging.
 */
export const sqliteReadStore = (options: SqliteReadStoreOptions): ReadStore => {
  const db = open(options);
  let initial: StoredCollection[];
  try {
    initial = load(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const write = writer(db);
  return memoryReadStore({
    initial,
    persist: write,
    onClose: () => {
      db.close();
    },
    ...(options.newId ? { newId: options.newId } : {}),
  });
};

const open = (options: SqliteReadStoreOptions): Connection => {
  const durability = options.durability ?? 'normal';
  if (durability !== 'normal' && durability !== 'full') throw new TypeError(`durability must be 'normal' or 'full', not ${JSON.stringify(durability)}`);
  const db = new Database(options.path, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
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

const load = (db: Connection): StoredCollection[] => {
  const collections = new Map<string, { documents: Document[]; indexes: DeclaredIndex[] }>();
  const entry = (name: string) => {
    let found = collections.get(name);
    if (found === undefined) {
      found = { documents: [], indexes: [] };
      collections.set(name, found);
    }
    return found;
  };
  for (const { name } of db.prepare('SELECT name FROM read_collections ORDER BY name').all() as { name: string }[]) entry(name);
  for (const row of db.prepare('SELECT collection, body FROM read_documents').iterate() as IterableIterator<{ collection: string; body: string }>) {
    entry(row.collection).documents.push(JSON.parse(row.body) as Document);
  }
  for (const row of db.prepare('SELECT collection, spec FROM read_indexes ORDER BY collection, name').all() as { collection: string; spec: string }[]) {
    entry(row.collection).indexes.push(JSON.parse(row.spec) as DeclaredIndex);
  }
  return [...collections].map(([name, { documents, indexes }]) => ({ name, documents, indexes }));
};

const writer = (db: Connection): ((changes: ReadStoreChanges) => void) => {
  const addCollection = db.prepare('INSERT INTO read_collections (name) VALUES (?) ON CONFLICT (name) DO NOTHING');
  const put = db.prepare('INSERT INTO read_documents (collection, id, body) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body');
  const remove = db.prepare('DELETE FROM read_documents WHERE collection = ? AND id = ?');
  const addIndex = db.prepare('INSERT INTO read_indexes (collection, name, spec) VALUES (?, ?, ?)');
  const dropDocuments = db.prepare('DELETE FROM read_documents WHERE collection = ?');
  const dropIndexes = db.prepare('DELETE FROM read_indexes WHERE collection = ?');
  const dropCollection = db.prepare('DELETE FROM read_collections WHERE name = ?');
  // All or nothing: better-sqlite3 rolls the transaction back if anything in it throws.
  return db.transaction((changes: ReadStoreChanges) => {
    for (const name of changes.droppedCollections) {
      dropDocuments.run(name);
      dropIndexes.run(name);
      dropCollection.run(name);
    }
    for (const change of changes.collections) {
      addCollection.run(change.name);
      for (const id of change.deleted) remove.run(change.name, id);
      for (const document of change.put) put.run(change.name, document._id, JSON.stringify(document));
      for (const index of change.createdIndexes) addIndex.run(change.name, index.name, JSON.stringify(index));
    }
  });
};
