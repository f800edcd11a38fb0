// Read store
export { mongoReadStore } from './readStore/mongoReadStore.js';
export type { MongoReadStoreOptions } from './readStore/mongoReadStore.js';
export { collectionNaming } from './readStore/names.js';
export type { CollectionNaming } from './readStore/names.js';
export { LANGUAGE_OVERRIDE } from './readStore/indexes.js';

// Connection and setup
export type { MongoConnection } from './connection.js';
export { MongoStoreSetupError, isMongoStoreSetupError } from './readStore/setup.js';
export type { MongoStoreSetupDetail } from './readStore/setup.js';

// Snapshots
export { mongoSnapshotStore } from './snapshots/mongoSnapshotStore.js';
export type { MongoSnapshotStore, MongoSnapshotStoreOptions } from './snapshots/mongoSnapshotStore.js';
