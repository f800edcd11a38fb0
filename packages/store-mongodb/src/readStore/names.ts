import { ReadStoreError, checkCollectionName } from '@shopstream/kernel';
import { setupError } from '../setup.js';

/** MongoDB refuses a namespace (`database.collection`) longer than this many bytes of UTF-8. */
const MAX_NAMESPACE_BYTES = 255;
const DATABASE_FORBIDDEN = /[/\\. "$*<>:|?\0]/;

/**
 * How the port's collection names map to collections of one MongoDB database: `prefix + name`, so that several
 * shops (or a shop's read store beside other data) share a database without seeing each other's collections.
 */
export interface CollectionNaming {
  readonly database: string;
  readonly prefix: string;
  /** The MongoDB collection for a port name; refuses names the port refuses, or too long for the database. */
  toMongo(name: string): string;
  /** The port name of a MongoDB collection of this store, or undefined when the collection is not one. */
  fromMongo(collection: string): string | undefined;
}

export const collectionNaming = (database: string, prefix = ''): CollectionNaming => {
  if (typeof database !== 'string' || database === '' || DATABASE_FORBIDDEN.test(database) || Buffer.byteLength(database) >= 64) {
    throw setupError({ _tag: 'InvalidOption', option: 'database', reason: `${JSON.stringify(database)} is not a MongoDB database name (1-63 bytes, none of /\\. "$*<>:|?)` });
  }
  if (typeof prefix !== 'string' || prefix.includes('$') || prefix.includes('\0') || prefix.startsWith('system.')) {
    throw setupError({ _tag: 'InvalidOption', option: 'prefix', reason: `${JSON.stringify(prefix)} cannot start a collection name (no $ or NUL, not system.)` });
  }
  const room = MAX_NAMESPACE_BYTES - Buffer.byteLength(`${database}.${prefix}`);
  return {
    database,
    prefix,
    toMongo: (name) => {
      checkCollectionName(name);
      const full = `${prefix}${name}`;
      if (Buffer.byteLength(name) > room || full.startsWith('system.')) throw new ReadStoreError({ _tag: 'InvalidCollectionName', name });
      return full;
    },
    fromMongo: (collection) => {
      if (!collection.startsWith(prefix)) return undefined;
      const name = collection.slice(prefix.length);
      try {
        return checkCollectionName(name);
      } catch {
        return undefined;
      }
    },
  };
};
