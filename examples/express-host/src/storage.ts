import { join } from 'node:path';
import { commerceEventRegistry } from '@shopstream/commerce';
import { isPersistentKeyStoreError, parseMasterKey } from '@shopstream/kernel';
import type { EventStore, PersistentKeyStore, ReadStore, ShopStateStore, SnapshotStore } from '@shopstream/kernel';
import { EMBEDDED_FILES } from '@shopstream/sdk';
import type { ShopSecrets, StorageConfig } from '@shopstream/sdk';
import { eventStoreDbEventStore } from '@shopstream/store-eventstoredb';
import { mongoKeyStore, mongoReadStore, mongoSnapshotStore, mongoStateStore } from '@shopstream/store-mongodb';
import { sqliteEventStore, sqliteReadStore, sqliteSnapshotStore } from '@shopstream/store-sqlite';
import { ConfigError } from './config.js';
import type { HostConfig } from './config.js';

/** Which store holds what, as the log line at start says. */
export interface StorageChoice {
  readonly events: 'sqlite' | 'eventstoredb';
  readonly readModels: 'sqlite' | 'mongodb';
  /** Sessions, idempotency records, rate-limit counters and the webhook outbox: shared by every host process. */
  readonly shopState: 'sqlite' | 'mongodb';
  /** The personal-data keys (crypto-shredding): `keys.db` in the data folder, or shared by every host process. */
  readonly keys: 'sqlite' | 'mongodb';
}

export const storageChoice = (config: HostConfig): StorageChoice => ({
  events: config.ESDB_CONNECTION_STRING === undefined ? 'sqlite' : 'eventstoredb',
  readModels: config.MONGODB_URI === undefined ? 'sqlite' : 'mongodb',
  shopState: config.MONGODB_URI === undefined ? 'sqlite' : 'mongodb',
  keys: config.MONGODB_URI === undefined ? 'sqlite' : 'mongodb',
});

/**
 * The shop's stores from the environment: the embedded default (undefined: the SDK opens its SQLite files under
 * the data folder) unless `ESDB_CONNECTION_STRING` or `MONGODB_URI` names a scale-out server, in which case that
 * side goes there and the other stays in the data folder, under the file names the embedded default uses. The
 * peppers stay in the data folder either way (the host passes it as the shop's `dataDir`); the shop state and the
 * personal-data keys follow the read models (`hostState`, `hostKeyStore`).
 */
export const hostStorage = async (config: HostConfig, dataDir: string): Promise<StorageConfig | undefined> => {
  const choice = storageChoice(config);
  if (choice.events === 'sqlite' && choice.readModels === 'sqlite') return undefined;
  const registry = commerceEventRegistry();
  const opened: { close(): Promise<void> | void }[] = [];
  const closeAll = async () => {
    // Readers first, as the embedded default closes: nothing appends once the projectors have stopped.
    for (const store of [...opened].reverse()) await store.close();
  };
  try {
    const eventStore: EventStore =
      config.ESDB_CONNECTION_STRING === undefined
        ? sqliteEventStore({ path: join(dataDir, 'events.sqlite'), registry })
        : eventStoreDbEventStore({ connectionString: config.ESDB_CONNECTION_STRING, registry });
    opened.push(eventStore);
    let readStore: ReadStore;
    let snapshots: SnapshotStore;
    if (config.MONGODB_URI === undefined) {
      readStore = sqliteReadStore({ path: join(dataDir, EMBEDDED_FILES.read) });
      opened.push(readStore);
      const sqliteSnapshots = sqliteSnapshotStore({ path: join(dataDir, EMBEDDED_FILES.snapshots) });
      opened.push(sqliteSnapshots);
      snapshots = sqliteSnapshots;
    } else {
      const mongoSnapshots = await mongoSnapshotStore({ uri: config.MONGODB_URI, database: config.MONGODB_DATABASE, collection: 'snapshots' });
      opened.push(mongoSnapshots);
      snapshots = mongoSnapshots;
      readStore = await mongoReadStore({ uri: config.MONGODB_URI, database: config.MONGODB_DATABASE });
      opened.push(readStore);
    }
    return { kind: 'custom', eventStore, readStore, snapshots, close: closeAll };
  } catch (error) {
    await closeAll().catch(() => undefined);
    throw error;
  }
};

/**
 * The shop state when the read models are on MongoDB: in the same database (collection `shop_state`), so that
 * every host process behind a load balancer sees the same sessions, idempotency records and rate-limit counters.
 * Undefined otherwise: the SDK keeps it in `<dataDir>/state.sqlite`, which the processes of one machine share.
 * The caller owns the store and closes it after the shop has stopped.
 */
export const hostState = async (config: HostConfig): Promise<ShopStateStore | undefined> =>
  config.MONGODB_URI === undefined ? undefined : mongoStateStore({ uri: config.MONGODB_URI, database: config.MONGODB_DATABASE, collection: 'shop_state' });

/** The variable holding the master key that wraps the personal-data keys: 32 bytes as base64, from a secret store. */
export const MASTER_KEY_VARIABLE = 'SHOPSTREAM_MASTER_KEY';

/**
 * The master key from `SHOPSTREAM_MASTER_KEY`, or undefined when it is not set. Read from the environment here and
 * not kept in `HostConfig`, so that the configuration object (logged, dumped in a crash report) never holds it.
 * Given, it wraps the embedded `keys.db` too (pass it as the shop's `masterKey`), instead of the `master.key` the
 * SDK generates in the data folder; a key store made with another one is refused at start (`WrongMasterKey`).
 */
export const hostMasterKey = (environment: NodeJS.ProcessEnv = process.env): Buffer | undefined => {
  const text = environment[MASTER_KEY_VARIABLE];
  if (text === undefined || text === '') return undefined;
  try {
    return parseMasterKey(text);
  } catch (error) {
    if (isPersistentKeyStoreError(error, 'InvalidMasterKey')) throw new ConfigError([`${MASTER_KEY_VARIABLE}: ${error.detail.reason}; it must be 32 random bytes as base64`]);
    throw error;
  }
};

/**
 * The personal-data keys when the read models are on MongoDB: in the same database (collection `data_keys`, its
 * check value and erasure counter in `data_keys_meta`), so that every host process seals and opens with the same
 * keys and an erasure on one is final on all. Their master key must be the same on every machine, so the host
 * refuses to start without `SHOPSTREAM_MASTER_KEY` (`ConfigError`) rather than generate one per machine. Undefined
 * otherwise: the SDK keeps the keys in `<dataDir>/keys.db`. The caller owns the store and closes it after the shop
 * has stopped; the shop re-applies the log's erasures to it at every start.
 */
export const hostKeyStore = async (config: HostConfig, environment: NodeJS.ProcessEnv = process.env): Promise<PersistentKeyStore | undefined> => {
  if (config.MONGODB_URI === undefined) return undefined;
  const masterKey = hostMasterKey(environment);
  if (masterKey === undefined) {
    throw new ConfigError([
      `${MASTER_KEY_VARIABLE}: required when MONGODB_URI is set: every host process shares the personal-data keys on MongoDB, so they must all be given the same master key (32 random bytes as base64, from your secret store; never stored in MongoDB or its backups)`,
    ]);
  }
  return mongoKeyStore({ uri: config.MONGODB_URI, database: config.MONGODB_DATABASE, collection: 'data_keys', masterKey });
};

/** The variables holding the peppers of contact and code hashes: at least 32 bytes each, as base64. */
export const PEPPER_VARIABLES = { contactPepper: 'SHOPSTREAM_CONTACT_PEPPER', codePepper: 'SHOPSTREAM_CODE_PEPPER' } as const;

const MIN_PEPPER_BYTES = 32;

/**
 * The peppers from `SHOPSTREAM_CONTACT_PEPPER` and `SHOPSTREAM_CODE_PEPPER`, or undefined when neither is set (the
 * SDK then keeps its own in `<dataDir>/secrets.json`). Several hosts sharing one MongoDB must hash contacts and codes
 * alike, or an email registered through one is unknown to the next, so with `MONGODB_URI` both are required, as the
 * master key is. Like it, they are read here and never kept in the logged `HostConfig`. Given for a data folder whose
 * shop made its own, they must be the same ones (the SDK refuses others at start).
 */
export const hostSecrets = (config: HostConfig, environment: NodeJS.ProcessEnv = process.env): ShopSecrets | undefined => {
  const problems: string[] = [];
  const read = (name: string): Buffer | undefined => {
    const text = (environment[name] ?? '').trim();
    if (text === '') return undefined;
    const bytes = Buffer.from(text, 'base64');
    if (bytes.toString('base64').replace(/=+$/, '') !== text.replace(/=+$/, '')) problems.push(`${name}: it is not canonical base64`);
    else if (bytes.length < MIN_PEPPER_BYTES) problems.push(`${name}: it has ${bytes.length} bytes, at least ${MIN_PEPPER_BYTES} are needed`);
    return bytes;
  };
  const contactPepper = read(PEPPER_VARIABLES.contactPepper);
  const codePepper = read(PEPPER_VARIABLES.codePepper);
  if ((contactPepper === undefined) !== (codePepper === undefined)) {
    problems.push(`${PEPPER_VARIABLES.contactPepper} and ${PEPPER_VARIABLES.codePepper}: give both or neither`);
  } else if (contactPepper === undefined && config.MONGODB_URI !== undefined) {
    problems.push(
      `${PEPPER_VARIABLES.contactPepper} and ${PEPPER_VARIABLES.codePepper}: required when MONGODB_URI is set: every host process must hash contacts and codes with the same peppers (32 random bytes or more each, as base64, from your secret store)`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return contactPepper === undefined || codePepper === undefined ? undefined : { contactPepper, codePepper };
};
