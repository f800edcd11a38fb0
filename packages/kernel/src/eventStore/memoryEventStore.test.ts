import { eventStoreContract } from '../testing/eventStoreContract.js';
import { memoryEventStore } from './memoryEventStore.js';

eventStoreContract('memory', { create: ({ registry }) => memoryEventStore(registry ? { registry } : {}), gaplessPositions: true });
