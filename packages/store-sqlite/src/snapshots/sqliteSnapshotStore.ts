import Database from 'better-sqlite3';
import type { Snapshot, SnapshotStore } from '@shopstream/kernel';

export interface SqliteSnapshotStoreOptions {
  /** The database file; it may be the event store's own file (the table is separate), or ':memory:'. */
  readonly path: string;
}

export interface SqliteSnapshotStore extends SnapshotStore {
  close(): void;
}

interface SnapshotRow {
  readonly stream: string;
  readonly revision: number;
  readonly version: string;
  readonly state: string;
}

/**
 * Snapshots in SQLite. They are a cache beside the log, so they are written with synchronous=NORMAL whatever
 * the event store's durability: a snapshot lost to a power cut only costs a longer load.
 */
export const sqliteSnapshotStore = (options: SqliteSnapshotStoreOptions): SqliteSnapshotStore => {
  const db = new Database(options.path, { timeout: 5_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS snapshots (
    stream TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    version TEXT NOT NULL,
    state TEXT NOT NULL
  ) STRICT`);
  const select = db.prepare<[string], SnapshotRow>('SELECT stream, revision, version, state FROM snapshots WHERE stream = ?');
  // An older snapshot never replaces a newer one, whichever writer gets there last.
  const upsert = db.prepare<[string, number, string, string]>(`
    INSERT INTO snapshots (stream, revision, version, state) VALUES (?, ?, ?, ?)
    ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, version = excluded.version, state = excluded.state
    WHERE excluded.revision >= snapshots.revision`);

  return {
    load: async (stream) => {
      const row = select.get(stream);
      return row ? ({ stream: row.stream, revision: row.revision, version: row.version, state: JSON.parse(row.state) as unknown } satisfies Snapshot) : null;
    },
    save: async (snapshot) => {
      upsert.run(snapshot.stream, snapshot.revision, snapshot.version, JSON.stringify(snapshot.state));
    },
    close: () => db.close(),
  };
};
