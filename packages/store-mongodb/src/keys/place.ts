import { parseMasterKey } from '@shopstream/kernel';
import { connect } from '../connection.js';
import { collectionNaming } from '../readStore/names.js';
import type { MongoKeyStoreOptions } from './mongoKeyStore.js';

/**
 * Where a key store lives, for the store and the read-only reader alike: the master key and the collection names
 * are checked before connecting (a malformed one is a configuration error, whatever the server says), then the
 * database is reached. `store` names the place in errors.
 */
export const openKeyPlace = async (options: MongoKeyStoreOptions) => {
  const masterKey = parseMasterKey(options.masterKey);
  const naming = collectionNaming(options.database);
  const name = naming.toMongo(options.collection ?? 'data_keys');
  const metaName = naming.toMongo(`${name}_meta`);
  const { client, release } = await connect(options);
  return { masterKey, name, metaName, db: client.db(options.database), store: `mongodb:${options.database}/${name}`, release };
};
