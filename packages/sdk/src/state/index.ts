// The port
export type { DeleteOptions, IncrementOptions, ListOptions, PutOptions, ShopStateStore, StateEntry } from './stateStore.js';
export { DEFAULT_SWEEP_INTERVAL_MS } from './stateStore.js';

// Implementations
export { memoryStateStore } from './memoryStateStore.js';
export type { StateStoreOptions } from './memoryStateStore.js';
export { sqliteStateStore } from './sqliteStateStore.js';
export type { SqliteStateStoreOptions } from './sqliteStateStore.js';
