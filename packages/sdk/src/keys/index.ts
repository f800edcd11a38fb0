// The port and the master-key wrapping (defined by the kernel, beside the other store ports; re-exported here,
// where the shop uses them)
export { KeyStoreError, MASTER_KEY_BYTES, PersistentKeyStoreError, generateMasterKey, isKeyStoreError, isPersistentKeyStoreError, memoryKeyStore, newDataKey, parseMasterKey } from '@shopstream/kernel';
export type { DataKey, KeyReader, KeyStore, KeyStoreErrorDetail, PersistentKeyStore, PersistentKeyStoreErrorDetail } from '@shopstream/kernel';

// The persistent key store of the embedded default
export { embeddedKeyStore, sqliteKeyStore } from './sqliteKeyStore.js';
export type { EmbeddedKeyStoreOptions, SqliteKeyStoreOptions } from './sqliteKeyStore.js';

// Reading a key database read-only (audits, tools), with the key store's own reads and unwrap
export { KEY_STORE_FILE, openEmbeddedKeyFile, openKeyFile, sqliteKeyReader } from './keyFile.js';
export type { KeyFile, KeyFileOptions } from './keyFile.js';

// Master key files
export { MASTER_KEY_FILE, loadOrCreateMasterKey, readMasterKey } from './masterKey.js';
