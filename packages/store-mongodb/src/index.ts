// Read store
export { mongoReadStore } from './readStore/mongoReadStore.js';
export type { MongoReadStoreOptions } from './readStore/mongoReadStore.js';

// Connection and setup
export type { MongoConnection } from './connection.js';
export { MongoStoreSetupError, isMongoStoreSetupError } from './setup.js';
export type { MongoStoreSetupDetail } from './setup.js';

// Shop state (sessions, idempotency records, rate-limit counters, the webhook outbox) for several host processes
export { mongoStateStore } from './state/mongoStateStore.js';
export type { MongoStateStoreOptions } from './state/mongoStateStore.js';

// Snapshots
export { mongoSnapshotStore } from './snapshots/mongoSnapshotStore.js';
export type { MongoSnapshotStore, MongoSnapshotStoreOptions } from './snapshots/mongoSnapshotStore.js';

// Personal-data keys (wrapped by a master key, crypto-shredded on erasure) shared by every process of a shop
export { mongoKeyStore } from './keys/mongoKeyStore.js';
export type { MongoKeyStoreOptions } from './keys/mongoKeyStore.js';
// ...and read-only, for audits: opening writes nothing, so MongoDB's `read` role suffices
export { mongoKeyReader } from './keys/mongoKeyReader.js';
export type { MongoKeyReaderOptions } from './keys/mongoKeyReader.js';
