// Event store
export { sqliteEventStore } from './eventStore/sqliteEventStore.js';
export type { SqliteEventStore, SqliteEventStoreOptions } from './eventStore/sqliteEventStore.js';
export type { ConnectionSettings, Durability } from './eventStore/connection.js';
