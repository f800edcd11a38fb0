import type { Database } from 'better-sqlite3';

/**
 * The read store's tables. They carry a `read_` prefix and record their version in their own table rather than
 * in `PRAGMA user_version` (which the event store's migrations own), so both stores may share one file.
 */
const migrations: readonly string[] = [
  // 1: documents by collection and _id, declared indexes, and the collections that exist.
  `
  CREATE TABLE read_collections (
    name TEXT PRIMARY KEY
  ) WITHOUT ROWID;
  CREATE TABLE read_documents (
    collection TEXT NOT NULL,
    id         TEXT NOT NULL,
    body       TEXT NOT NULL,
    PRIMARY KEY (collection, id)
  ) WITHOUT ROWID;
  CREATE TABLE read_indexes (
    collection TEXT NOT NULL,
    name       TEXT NOT NULL,
    -- The declared index (keys in order, unique) as JSON; the entries themselves are rebuilt on open.
    spec       TEXT NOT NULL,
    PRIMARY KEY (collection, name)
  ) WITHOUT ROWID;
  `,
  // 2: documents in a rowid table with a unique index on (collection, id). A WITHOUT ROWID table keeps each row
  // in its key's b-tree, which suits rows far smaller than a page; documents of several KB spilled into overflow
  // pages there, and an upsert into a table of 688,000 of them cost about 90 µs of CPU against about 50 here.
  `
  CREATE TABLE read_documents_by_rowid (
    collection TEXT NOT NULL,
    id         TEXT NOT NULL,
    body       TEXT NOT NULL,
    UNIQUE (collection, id)
  );
  INSERT INTO read_documents_by_rowid (collection, id, body) SELECT collection, id, body FROM read_documents ORDER BY collection, id;
  DROP TABLE read_documents;
  ALTER TABLE read_documents_by_rowid RENAME TO read_documents;
  `,
];

export const READ_SCHEMA_VERSION = migrations.length;

/** Brings a file up to the current read-store schema, under the write lock; refuses a newer layout. */
export const migrateReadStore = (db: Database): void => {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS read_store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
    const row = db.prepare("SELECT value FROM read_store_meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
    const version = row === undefined ? 0 : Number(row.value);
    if (version > READ_SCHEMA_VERSION) {
      throw new Error(`this read store file has schema version ${version}; this release understands up to ${READ_SCHEMA_VERSION}`);
    }
    for (let step = version; step < READ_SCHEMA_VERSION; step++) db.exec(migrations[step] as string);
    db.prepare("INSERT INTO read_store_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
      String(READ_SCHEMA_VERSION),
    );
  }).immediate();
};
