// Keys
export { KeyStoreError, isKeyStoreError, memoryKeyStore, newDataKey } from './keyStore.js';
export type { DataKey, KeyStore, KeyStoreErrorDetail } from './keyStore.js';

// Sealing and crypto-shredding
export { VaultError, personalDataVault } from './vault.js';
export type { PersonalDataVault, VaultErrorDetail } from './vault.js';

// Keyed hashes of contacts
export { MIN_PEPPER_BYTES, contactHasher } from './contactHasher.js';
export type { ContactHasher, ContactKind } from './contactHasher.js';
