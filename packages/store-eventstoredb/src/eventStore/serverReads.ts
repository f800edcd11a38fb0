import { BACKWARDS, END, FORWARDS, START, eventTypeFilter, streamNameFilter } from '@eventstore/db-client';
import type { AllStreamRecordedEvent, EventStoreDBClient, Position, ReadPosition, RecordedEvent as ServerRecordedEvent } from '@eventstore/db-client';
import { isMissingStream, isTransient } from './errors.js';
import type { ServerFilter } from './streamNames.js';

/** A stream's events as the server holds them; a stream that does not exist reads as empty. */
export const readServerStream = async (
  client: EventStoreDBClient,
  serverStream: string,
  options: { readonly direction: 'forwards' | 'backwards'; readonly fromRevision?: bigint; readonly maxCount: number },
): Promise<ServerRecordedEvent[]> => {
  if (options.maxCount <= 0) return [];
  const events: ServerRecordedEvent[] = [];
  try {
    const read = client.readStream(serverStream, {
      direction: options.direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision: options.fromRevision ?? (options.direction === 'forwards' ? START : END),
      maxCount: options.maxCount,
    });
    for await (const resolved of read) if (resolved.event) events.push(resolved.event);
  } catch (error) {
    if (isMissingStream(error)) return [];
    throw error;
  }
  return events;
};

/** The last record of `$all`, whoever wrote it: how far a scan has to go to have seen everything. */
export const lastServerPosition = async (client: EventStoreDBClient): Promise<Position | null> => {
  for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
    if (resolved.event) return resolved.event.position;
  }
  return null;
};

/**
 * Walks `$all` backwards from the end, a page at a time, to the first event `accept` takes. Used for the head of
 * a store's view, which is the end of the log unless the store has a namespace on a shared server.
 */
export const lastServerEvent = async (client: EventStoreDBClient, accept: (event: AllStreamRecordedEvent) => boolean, pageSize = 256): Promise<AllStreamRecordedEvent | null> => {
  let from: ReadPosition = END;
  for (;;) {
    let seen = 0;
    let last: AllStreamRecordedEvent | undefined;
    for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: pageSize })) {
      const event = resolved.event;
      if (!event) continue;
      seen += 1;
      // Reading backwards from a position includes the event at it: skip the one the last page ended on.
      if (from !== END && event.position.commit === from.commit && event.position.prepare === from.prepare) continue;
      if (accept(event)) return event;
      last = event;
    }
    if (seen < pageSize || !last) return null;
    from = last.position;
  }
};

/**
 * Where a read of the log after `after` may start on the server. The server reads only from the exact position
 * of a record, and refuses (or misreads) any other; positions this store hands out are such positions, but a
 * caller may pass any number. So a position not known to be an event's is looked up first: when no event sits
 * exactly there, the read starts from the beginning and the scan skips everything up to `after` itself.
 */
export const startPosition = async (client: EventStoreDBClient, after: number, known: (after: number) => Position | undefined): Promise<ReadPosition> => {
  if (after === 0) return START;
  const remembered = known(after);
  if (remembered) return remembered;
  const probe = { commit: BigInt(after), prepare: BigInt(after) };
  try {
    for await (const resolved of client.readAll({ direction: FORWARDS, fromPosition: probe, maxCount: 1 })) {
      if (resolved.event?.position.commit === probe.commit) return resolved.event.position;
    }
  } catch (error) {
    if (isTransient(error)) throw error;
    // Any other failure is the server refusing a position inside a record.
  }
  return START;
};

const asError = (failure: unknown): Error => (failure instanceof Error ? failure : new Error(`the server subscription failed: ${JSON.stringify(failure)}`));

export interface ScanOptions {
  /** Exclusive. */
  readonly from: ReadPosition;
  readonly filter: ServerFilter;
  /** The last record of the log when the scan began: the scan ends once it has passed it. */
  readonly until: Position;
  /** Takes each event the server's filter let through; returns false once it wants no more. */
  readonly take: (event: AllStreamRecordedEvent) => boolean;
}

/**
 * Reads `$all` through the server's filter. The client reads `$all` only unfiltered, so the scan is a filtered
 * catch-up subscription that ends when it has passed `until` (an event or a checkpoint at or beyond it), when the
 * server says it has caught up, or when `take` has had enough.
 */
export const scanServerLog = (client: EventStoreDBClient, options: ScanOptions): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    let finished = false;
    const filterOptions = {
      regex: options.filter.regex,
      // Checkpoints bound how long a scan through a long stretch the filter skips goes without a word from the server.
      checkpointInterval: 1,
      checkpointReached: (_: unknown, position: Position) => {
        if (position.commit >= options.until.commit) whenDrained();
      },
    };
    const subscription = client.subscribeToAll({
      fromPosition: options.from,
      filter: options.filter.on === 'eventType' ? eventTypeFilter(filterOptions) : streamNameFilter(filterOptions),
    });
    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      subscription.removeAllListeners('data');
      const settle = (failure: unknown) => (failure === undefined ? resolve() : reject(asError(failure)));
      subscription.unsubscribe().then(
        () => settle(error),
        (unsubscribeError: unknown) => settle(error ?? unsubscribeError),
      );
    };
    // The client announces caught-up and checkpoints as it transforms the server's messages, possibly before
    // the events transformed earlier have reached 'data': finish only once those are all handed over.
    const whenDrained = () => {
      if (finished) return;
      if (subscription.readableLength === 0) finish();
      else setImmediate(whenDrained);
    };
    subscription.on('data', (resolved: { readonly event?: AllStreamRecordedEvent }) => {
      const event = resolved.event;
      if (finished || !event) return;
      try {
        if (!options.take(event) || event.position.commit >= options.until.commit) finish();
      } catch (error) {
        finish(error);
      }
    });
    subscription.on('caughtUp', whenDrained);
    subscription.on('end', () => finish());
    subscription.on('error', (error: unknown) => finish(error));
  });
