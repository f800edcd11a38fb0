export { eventStoreContract, contractRegistry } from './eventStoreContract.js';
export type { EventStoreContractOptions, EventStoreFactoryOptions } from './eventStoreContract.js';
export { deciderSpecification } from './deciderSpecification.js';
export type { DeciderSpecification } from './deciderSpecification.js';

// Read store contract
export { readStoreContract } from './readStoreContract.js';
export type { ReadStoreContractOptions } from './readStoreContract.js';
export { snapshotStoreContract } from './snapshotStoreContract.js';
export type { SnapshotStoreContractOptions } from './snapshotStoreContract.js';

// Shop state contract
export { stateStoreContract } from './stateStoreContract.js';
export type { StateStoreContractOptions } from './stateStoreContract.js';

// Personal-data key store contracts
export { keyStoreContract, persistentKeyStoreContract } from './keyStoreContract.js';
export type { KeyStoreContractOptions, PersistentKeyStoreContractOptions } from './keyStoreContract.js';
export { keyReaderContract } from './keyReaderContract.js';
export type { KeyReaderContractOptions } from './keyReaderContract.js';
