import { keyStoreContract } from '../testing/keyStoreContract.js';
import { memoryKeyStore } from './memoryKeyStore.js';

keyStoreContract('memory', { create: () => memoryKeyStore() });
