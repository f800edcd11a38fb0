import type { Database } from 'better-sqlite3';

/**
 * The event store's tables, one migration per schema version. `PRAGMA user_version` records how far a file
 * has been migrated, so a later release adds a step here and never edits an earlier one.
 */
const migrations: readonly string[] = [
  // 1: the log.
  `
  CREATE TABLE events (
    -- AUTOINCREMENT: positions are never reused, and because writers hold the write lock from the first read
    -- to the commit, they are assigned in commit order; a rolled-back append rolls its numbers back too.
    position       INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT    NOT NULL UNIQUE,
    stream         TEXT    NOT NULL,
    -- Stored rather than derived in SQL, so the one definition of a category is the kernel's categoryOf.
    category       TEXT    NOT NULL,
    revision       INTEGER NOT NULL CHECK (revision >= 0),
    type           TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    data           TEXT    NOT NULL,
    metadata       TEXT    NOT NULL,
    occurred_at    TEXT    NOT NULL,
    hash           TEXT    NOT NULL,
    -- Also the index behind every stream read and the stream-head lookup.
    UNIQUE (stream, revision)
  );
  -- Filtered readAll and subscriptions: one range scan per type or category, already in log order.
  CREATE INDEX events_by_type ON events (type, position);
  CREATE INDEX events_by_category ON events (category, position);
  `,
];

/** The schema version this code writes and understands. */
export const SCHEMA_VERSION = migrations.length;

/**
 * Brings a file up to the current schema. Runs under the write lock, so two processes opening a new file at
 * once migrate it exactly once; refuses a file written by a newer release rather than guess at its layout.
 */
export const migrate = (db: Database): void => {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new Error(
        `this event store file has schema version ${current}, newer than the ${SCHEMA_VERSION} this release of @shopstream/store-sqlite understands`,
      );
    }
    for (let version = current; version < SCHEMA_VERSION; version++) {
      const step = migrations[version];
      if (step) db.exec(step);
    }
    if (current !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
};
