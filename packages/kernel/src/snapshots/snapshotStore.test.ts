import { snapshotStoreContract } from '../testing/snapshotStoreContract.js';
import { memorySnapshotStore } from './snapshotStore.js';

snapshotStoreContract('memory', { create: memorySnapshotStore });
