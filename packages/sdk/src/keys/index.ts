// The persistent key store (implements commerce's privacy KeyStore)
export { embeddedKeyStore, sqliteKeyStore } from './sqliteKeyStore.js';
export type { EmbeddedKeyStoreOptions, PersistentKeyStore, SqliteKeyStoreOptions } from './sqliteKeyStore.js';

// Master keys
export { MASTER_KEY_BYTES, MASTER_KEY_FILE, generateMasterKey, loadOrCreateMasterKey, parseMasterKey } from './masterKey.js';

// Errors
export { PersistentKeyStoreError, isPersistentKeyStoreError } from './errors.js';
export type { PersistentKeyStoreErrorDetail } from './errors.js';
