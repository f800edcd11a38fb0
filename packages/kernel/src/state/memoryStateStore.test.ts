import { stateStoreContract } from '../testing/stateStoreContract.js';
import { memoryStateStore } from './memoryStateStore.js';

stateStoreContract('memory', {
  create: (clock) => memoryStateStore({ clock, sweepIntervalMs: 0 }),
  sweeping: (clock, sweepIntervalMs) => memoryStateStore({ clock, sweepIntervalMs }),
});
