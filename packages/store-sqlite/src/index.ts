// Event store
export { sqliteEventStore } from './eventStore/sqliteEventStore.js';
export type { SqliteEventStore, SqliteEventStoreOptions } from './eventStore/sqliteEventStore.js';
export type { ConnectionSettings, Durability } from './eventStore/connection.js';

// Read store
export { sqliteReadStore } from './readStore/sqliteReadStore.js';
export type { SqliteReadStoreOptions } from './readStore/sqliteReadStore.js';

// Snapshots
export { sqliteSnapshotStore } from './snapshots/sqliteSnapshotStore.js';
export type { SqliteSnapshotStore, SqliteSnapshotStoreOptions } from './snapshots/sqliteSnapshotStore.js';
