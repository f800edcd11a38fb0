import type { EventRegistry } from '@shopstream/kernel';
import { connectionStringProblem, eventStoreDbReader, isAccessDenied } from '@shopstream/store-eventstoredb';
import type { EventStoreDbReader } from '@shopstream/store-eventstoredb';
import { AuditError } from '../errors.js';
import type { AuditLog } from './auditLog.js';

export interface EventStoreDbLogOptions {
  /** `esdb://` or `esdb+discover://`; credentials in it are never shown in reports. */
  readonly connectionString: string;
  /** The namespace the shop's store keeps its streams under, if it was given one. */
  readonly namespace?: string;
  /** Reads upcast older schema versions with it, unless asked for the raw form. */
  readonly registry?: EventRegistry;
}

/** How the store's reader is opened: `eventStoreDbReader`, or in tests the same reads over another store's history. */
export type OpenEventStoreDbReader = (options: EventStoreDbLogOptions) => EventStoreDbReader;

const openServerReader: OpenEventStoreDbReader = (options) =>
  eventStoreDbReader({
    connectionString: options.connectionString,
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
  });

/** The server's address as a report may show it: no user, no password, no options. */
export const serverLocation = (connectionString: string, namespace?: string): string => {
  const address = connectionString.trim().replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1').replace(/[?].*$/, '').replace(/\/+$/, '');
  return namespace === undefined ? address : `${address} (namespace ${namespace})`;
};

/** What opening or reading failed on, as the audit tells it; a fault (a server not answering) as it was. */
const refusal = (error: unknown, location: string): unknown => {
  const problem = connectionStringProblem(error);
  if (problem !== null) return new AuditError({ _tag: 'InvalidEventStoreOption', option: 'connection string', reason: problem });
  if (error instanceof TypeError && error.message.startsWith('namespace')) return new AuditError({ _tag: 'InvalidEventStoreOption', option: 'namespace', reason: error.message });
  if (isAccessDenied(error)) return new AuditError({ _tag: 'EventStoreAccessDenied', store: location, reason: error instanceof Error ? error.message : String(error) });
  return error;
};

/**
 * A scale-out shop's log on EventStoreDB, read through the store's own reader (its decoding, upcasting and
 * positions): nothing here appends, so an account with read rights on `$all` and the shop's streams suffices.
 * Its positions are the server's commit positions, which have holes by design, and the server keeps no count of
 * the events it ever stored: `extent()` says so, and `verify` then reports removals between streams and from the
 * end of the log as not checked.
 */
export const eventStoreDbLog = (options: EventStoreDbLogOptions, open: OpenEventStoreDbReader = openServerReader): AuditLog => {
  const location = serverLocation(options.connectionString, options.namespace);
  let reader: EventStoreDbReader;
  try {
    reader = open(options);
  } catch (error) {
    throw refusal(error, location);
  }
  const tell = async <T>(read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      throw refusal(error, location);
    }
  };
  return {
    location,
    append: async () => {
      throw new AuditError({ _tag: 'ReadOnly', operation: 'append' });
    },
    readStream: (stream, readOptions) => tell(() => reader.readStream(stream, readOptions)),
    readAll: (readOptions) => tell(() => reader.readAll(readOptions)),
    subscribe: (subscribeOptions) => reader.subscribe(subscribeOptions),
    streamRevision: (stream) => tell(() => reader.streamRevision(stream)),
    headPosition: () => tell(() => reader.headPosition()),
    extent: async () => ({ headPosition: await tell(() => reader.headPosition()), contiguousPositions: false, lastAssignedPosition: null }),
    close: () => reader.close(),
  };
};
