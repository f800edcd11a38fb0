// Event store
export { eventStoreDbEventStore } from './eventStore/eventStoreDbEventStore.js';
export type { EventStoreDbEventStoreOptions } from './eventStore/eventStoreDbEventStore.js';
export { UndecodableEventError } from './eventStore/eventData.js';
