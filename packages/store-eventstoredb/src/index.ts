// Event store
export { eventStoreDbEventStore } from './eventStore/eventStoreDbEventStore.js';
export type { EventStoreDbEventStoreOptions } from './eventStore/eventStoreDbEventStore.js';
export { UndecodableEventError } from './eventStore/eventData.js';

// Reading only (auditors)
export { eventStoreDbReader } from './eventStore/eventStoreDbReader.js';
export type { EventStoreDbReader, EventStoreDbReaderOptions } from './eventStore/eventStoreDbReader.js';
export { connectionStringProblem, isAccessDenied } from './eventStore/errors.js';
