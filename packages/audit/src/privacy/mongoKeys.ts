import { isReadStoreError } from '@shopstream/kernel';
import type { KeyReader } from '@shopstream/kernel';
import { isMongoStoreSetupError, mongoKeyReader } from '@shopstream/store-mongodb';
import type { MongoKeyReaderOptions } from '@shopstream/store-mongodb';
import { AuditError } from '../errors.js';
import { auditKeyReader, auditRefusal } from './keyStoreReader.js';
import type { KeyStoreReader } from './keyStoreReader.js';

/** How a reader of a key store on MongoDB is opened: `mongoKeyReader`, or in tests one on in-process documents. */
export type OpenMongoKeyReader = (options: MongoKeyReaderOptions) => Promise<KeyReader>;

/** The server's codes for an account it does not know, or that may not run `find` there. */
const ACCESS_DENIED = new Set(['AuthenticationFailed', 'Unauthorized']);

/** An error of the mongodb driver, known by its class name (the audit leaves the driver to the store). */
const driverError = (error: unknown): { readonly name: string; readonly codeName?: unknown } | null => (error instanceof Error && error.name.startsWith('Mongo') ? error : null);

/** What opening failed on, as the audit tells it; a fault (a server not answering) as it was. */
const refusal = (error: unknown, store: string): unknown => {
  if (isMongoStoreSetupError(error) && error.detail._tag === 'InvalidOption') {
    return new AuditError({ _tag: 'InvalidKeyStoreOption', option: error.detail.option, reason: error.detail.reason });
  }
  if (isReadStoreError(error, 'InvalidCollectionName')) return new AuditError({ _tag: 'InvalidKeyStoreOption', option: 'collection', reason: error.message });
  const driver = driverError(error);
  // The driver's own reading of the connection string, which the store leaves to it (hosts, options, credentials).
  // A port out of range is a MongoRuntimeError of the URL parser: still the connection string's fault.
  if (driver?.name === 'MongoParseError' || driver?.name === 'MongoInvalidArgumentError' || (driver?.name === 'MongoRuntimeError' && /parse/i.test((error as Error).message))) {
    return new AuditError({ _tag: 'InvalidKeyStoreOption', option: 'uri', reason: (error as Error).message });
  }
  if (typeof driver?.codeName === 'string' && ACCESS_DENIED.has(driver.codeName)) {
    return new AuditError({ _tag: 'KeyStoreAccessDenied', store, reason: (error as Error).message });
  }
  return auditRefusal(error);
};

/**
 * A shop's key store on MongoDB (the one `mongoKeyStore` writes, shared by a scaled-out shop's processes) opened
 * read-only through `mongoKeyReader`: opening writes nothing, so an account with MongoDB's `read` role on the
 * database suffices. The master key must be given: a key store on MongoDB has no `master.key` file beside it.
 */
export const mongoKeyStoreReader = async (options: MongoKeyReaderOptions, open: OpenMongoKeyReader = mongoKeyReader): Promise<KeyStoreReader> => {
  const store = `mongodb:${options.database}/${options.collection ?? 'data_keys'}`;
  let reader: KeyReader;
  try {
    reader = await open(options);
  } catch (error) {
    throw refusal(error, store);
  }
  const keys = auditKeyReader(reader);
  // A read the server refuses (the account lost `find` since) is told as opening it would be.
  const tell = async <T>(read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      throw refusal(error, store);
    }
  };
  return {
    ...keys,
    current: (subject) => tell(() => keys.current(subject)),
    get: (subject, keyId) => tell(() => keys.get(subject, keyId)),
    erasedSubjects: () => tell(() => keys.erasedSubjects()),
  };
};
