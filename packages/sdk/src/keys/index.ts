// The persistent key store (implements commerce's privacy KeyStore)
export { embeddedKeyStore, sqliteKeyStore } from './sqliteKeyStore.js';
export type { EmbeddedKeyStoreOptions, PersistentKeyStore, SqliteKeyStoreOptions } from './sqliteKeyStore.js';

// Reading a key database read-only (audits, tools), with the key store's own reads and unwrap
export { KEY_STORE_FILE, openEmbeddedKeyFile, openKeyFile } from './keyFile.js';
export type { KeyFile, KeyFileOptions } from './keyFile.js';

// Master keys
export { MASTER_KEY_BYTES, MASTER_KEY_FILE, generateMasterKey, loadOrCreateMasterKey, parseMasterKey, readMasterKey } from './masterKey.js';

// Errors
export { PersistentKeyStoreError, isPersistentKeyStoreError } from './errors.js';
export type { PersistentKeyStoreErrorDetail } from './errors.js';
