// Keys (the port is the kernel's, beside the other store ports; re-exported here, where the vault uses it)
export { KeyStoreError, isKeyStoreError, memoryKeyStore, newDataKey } from '@shopstream/kernel';
export type { DataKey, KeyStore, KeyStoreErrorDetail } from '@shopstream/kernel';

// Sealing and crypto-shredding
export { VaultError, personalDataVault } from './vault.js';
export type { PersonalDataVault, VaultErrorDetail } from './vault.js';

// Keyed hashes of contacts
export { MIN_PEPPER_BYTES, contactHasher } from './contactHasher.js';
export type { ContactHasher, ContactKind } from './contactHasher.js';
