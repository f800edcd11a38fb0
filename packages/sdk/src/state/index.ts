// The port (defined by the kernel, beside the other store ports; re-exported here, where the shop uses it)
export { DEFAULT_SWEEP_INTERVAL_MS, memoryStateStore } from '@shopstream/kernel';
export type { DeleteOptions, IncrementOptions, ListOptions, PutOptions, ShopStateStore, StateEntry, StateStoreOptions } from '@shopstream/kernel';

// The embedded implementation
export { sqliteStateStore } from './sqliteStateStore.js';
export type { SqliteStateStoreOptions } from './sqliteStateStore.js';
