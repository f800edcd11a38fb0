// Event store
export { sqliteEventStore } from './eventStore/sqliteEventStore.js';
export type { SqliteEventStore, SqliteEventStoreOptions } from './eventStore/sqliteEventStore.js';
export type { ConnectionSettings, Durability } from './eventStore/connection.js';

// Reading an event store file, read-only (audits, tools): the store's own queries and row mapping
export { EventFileError, isEventFileError, openEventFile } from './eventStore/eventFile.js';
export type { EventFile, EventFileErrorDetail, EventFileOptions } from './eventStore/eventFile.js';
export type { StreamRowsRead } from './eventStore/rowQueries.js';
export { MalformedEventRowError, decodeRow, toRecorded } from './eventStore/rows.js';
export type { DecodedRow, EventRow, MalformedColumn, MalformedEventRow, StoredEventRow } from './eventStore/rows.js';

// Read store
export { sqliteReadStore } from './readStore/sqliteReadStore.js';
export type { SqliteReadStoreOptions } from './readStore/sqliteReadStore.js';

// Snapshots
export { sqliteSnapshotStore } from './snapshots/sqliteSnapshotStore.js';
export type { SqliteSnapshotStore, SqliteSnapshotStoreOptions } from './snapshots/sqliteSnapshotStore.js';
