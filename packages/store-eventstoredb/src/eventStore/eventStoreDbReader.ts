import type { EventStoreDBClient } from '@eventstore/db-client';
import type { EventRegistry, EventStore } from '@shopstream/kernel';
import { eventStoreDbEventStore } from './eventStoreDbEventStore.js';

/** The reading half of the store: no append, nothing that writes to the server. */
export type EventStoreDbReader = Omit<EventStore, 'append'>;

export type EventStoreDbReaderOptions = (
  | { readonly connectionString: string; readonly client?: never }
  | { readonly client: EventStoreDBClient; readonly connectionString?: never }
) & {
  /** Reads upcast older schema versions with it, unless asked for the raw form. */
  readonly registry?: EventRegistry;
  /** The namespace the shop's store was given, if any. */
  readonly namespace?: string;
};

/**
 * The store's reads (of `$all` and of streams, with the same decoding, upcasting, filters and positions) for a
 * reader that must not write, such as an auditor: it has no `append`, and none of the store's reads writes (it
 * writes only when appending: events and their id claims). So the server account needs read rights only, on
 * `$all` and the shop's streams. The client connects on the first read: a connection string the client cannot
 * parse throws here (see `connectionStringProblem`), an unreachable server fails that first read.
 */
export const eventStoreDbReader = (options: EventStoreDbReaderOptions): EventStoreDbReader => {
  const rest = { ...(options.registry ? { registry: options.registry } : {}), ...(options.namespace === undefined ? {} : { namespace: options.namespace }) };
  const store = eventStoreDbEventStore(options.client === undefined ? { connectionString: options.connectionString, ...rest } : { client: options.client, ...rest });
  return {
    readStream: (stream, readOptions) => store.readStream(stream, readOptions),
    readAll: (readOptions) => store.readAll(readOptions),
    subscribe: (subscribeOptions) => store.subscribe(subscribeOptions),
    streamRevision: (stream) => store.streamRevision(stream),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
};
