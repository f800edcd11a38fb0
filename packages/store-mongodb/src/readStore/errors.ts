import { ReadStoreError } from '@shopstream/kernel';
import { fromBson } from './values.js';

/** Server error codes that mean "this request is malformed or not allowed", as opposed to a fault. */
const REFUSED_QUERY_CODES = new Set([
  2, // BadValue
  9, // FailedToParse
  14, // TypeMismatch
  27, // IndexNotFound: a $text query without a text index
  28, // PathNotViable
  40, // ConflictingUpdateOperators
  52, // DollarPrefixedFieldName
  55, // InvalidDBRef
  56, // EmptyFieldName
  57, // DottedFieldName
  66, // ImmutableField
  67, // CannotCreateIndex
  85, // IndexOptionsConflict: an index name reused with other keys or options
  86, // IndexKeySpecsConflict
]);
const DUPLICATE_KEY = 11000;
/** Codes that refuse the document itself: parallel arrays in a compound index, a document over 16 MiB. */
const REFUSED_DOCUMENT_CODES = new Set([171, 10334]); // CannotIndexParallelArrays, BSONObjectTooLarge

interface ServerError {
  readonly code?: unknown;
  readonly errmsg?: unknown;
  readonly message?: unknown;
  readonly keyValue?: unknown;
  readonly writeErrors?: unknown;
}

const serverErrorOf = (error: unknown): ServerError | undefined => {
  if (typeof error !== 'object' || error === null) return undefined;
  const { writeErrors } = error as ServerError;
  // A bulk write reports the first failed operation's error in writeErrors (an array, or one error).
  const first: unknown = Array.isArray(writeErrors) ? writeErrors[0] : writeErrors;
  if (typeof first === 'object' && first !== null) {
    const inner = first as ServerError & { err?: ServerError };
    return { ...(inner.err ?? inner), keyValue: (inner.err ?? inner).keyValue ?? (error as ServerError).keyValue };
  }
  return error;
};

const messageOf = (error: ServerError): string =>
  typeof error.errmsg === 'string' ? error.errmsg : typeof error.message === 'string' ? error.message : 'refused by the server';

const keyText = (value: unknown): string => (value === undefined ? 'undefined' : JSON.stringify(value));

/**
 * The key of an E11000 error as the embedded store writes it: the value for one field, `[a, b]` for a compound
 * key. The server sends the key as `keyValue`; older servers only in the message (`dup key: { email: "a@x" }`).
 */
const duplicateKey = (error: ServerError, message: string): string => {
  const keyValue = fromBson(error.keyValue);
  if (typeof keyValue === 'object' && keyValue !== null && !Array.isArray(keyValue)) {
    const values = Object.values(keyValue);
    return values.length === 1 ? keyText(values[0]) : `[${values.map(keyText).join(', ')}]`;
  }
  return /dup key: (\{.*\})/.exec(message)?.[1] ?? 'unknown';
};

/**
 * The `ReadStoreError` a driver error stands for, with the same tags the embedded store uses: E11000 is
 * `DuplicateKey`, parallel arrays in a compound index or a document too large `InvalidDocument`, a request the server refuses as malformed
 * `InvalidQuery`. Anything else (network, timeouts, a write conflict the driver retries) is a fault and is
 * returned unchanged, so the caller rethrows the original error.
 */
export const readStoreErrorFrom = (error: unknown, collection: string): unknown => {
  if (error instanceof ReadStoreError) return error;
  const server = serverErrorOf(error);
  if (server === undefined || typeof server.code !== 'number') return error;
  const message = messageOf(server);
  if (server.code === DUPLICATE_KEY) {
    const index = /index: (\S+)/.exec(message)?.[1] ?? 'unknown';
    return new ReadStoreError({ _tag: 'DuplicateKey', collection, index, key: duplicateKey(server, message) });
  }
  if (REFUSED_DOCUMENT_CODES.has(server.code)) return new ReadStoreError({ _tag: 'InvalidDocument', collection, reason: message });
  if (REFUSED_QUERY_CODES.has(server.code)) return new ReadStoreError({ _tag: 'InvalidQuery', reason: message });
  return error;
};

/** Runs `work`, turning a driver error into the `ReadStoreError` it stands for (see `readStoreErrorFrom`). */
export const mapped = async <R>(collection: string, work: () => Promise<R>): Promise<R> => {
  try {
    return await work();
  } catch (error) {
    throw readStoreErrorFrom(error, collection);
  }
};
