import { PassThrough } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  EVENT_TYPE,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type {
  AllStreamRecordedEvent,
  AppendExpectedRevision,
  AppendResult,
  Direction,
  EventData,
  EventStoreDBClient,
  Filter,
  Position,
  ReadPosition,
  ReadRevision,
} from '@eventstore/db-client';

/**
 * An in-process model of an EventStoreDB server behind the client's API, as far as the store uses it: what the
 * server documents and the client's types say, nothing the store could lean on by accident. Positions are byte
 * offsets that grow by each record's size (not contiguous, not starting at 0), a read of `$all` from anything but
 * a record's position fails, reads backwards from a position exclude it, subscriptions from a position start
 * after it, and system records sit in the log among the events. It lets the adapter's own logic (conditioned
 * appends, id claims, filtered scans, the hand-off to live) run the contract suite here; it is no substitute for
 * the real server, against which the same suite runs when ESDB_CONNECTION_STRING is set.
 */
export interface ServerModel {
  readonly client: EventStoreDBClient;
  /** Writes a record the way the server's own machinery does (statistics, metadata streams). */
  readonly writeSystemRecord: (streamId: string, type: string) => void;
}

type Record_ = AllStreamRecordedEvent;

interface LiveSubscription {
  readonly deliver: (record: Record_) => void;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export const serverModel = (options: { readonly maxAppendSize?: number } = {}): ServerModel => {
  const maxAppendSize = options.maxAppendSize ?? 8 * 1024 * 1024;
  const log: Record_[] = [];
  const streams = new Map<string, Record_[]>();
  const live = new Set<LiveSubscription>();
  let nextOffset = 4096n;

  const write = (streamId: string, event: { readonly id: string; readonly type: string; readonly data: unknown; readonly metadata: unknown; readonly isJson: boolean }): Record_ => {
    const stream = streams.get(streamId) ?? [];
    const position = { commit: nextOffset, prepare: nextOffset };
    const size = BigInt(JSON.stringify(event.data ?? null).length + JSON.stringify(event.metadata ?? null).length + streamId.length + 120);
    nextOffset += size;
    const record = { streamId, id: event.id, type: event.type, revision: BigInt(stream.length), created: new Date(), data: event.data, metadata: event.metadata, isJson: event.isJson, position } as Record_;
    stream.push(record);
    streams.set(streamId, stream);
    log.push(record);
    for (const subscription of live) subscription.deliver(record);
    return record;
  };
  const writeSystemRecord = (streamId: string, type: string) => {
    write(streamId, { id: crypto.randomUUID(), type, data: {}, metadata: undefined, isJson: true });
  };
  writeSystemRecord('$epoch-information', '$epoch-information');
  writeSystemRecord('$scavenges', '$scavengeIndexInitialized');

  /** The client's wire: JSON text both ways. */
  const throughTheWire = (event: EventData) => ({
    id: event.id,
    type: event.type,
    isJson: event.contentType === 'application/json',
    data: event.contentType === 'application/json' ? (JSON.parse(JSON.stringify(event.data)) as unknown) : event.data,
    metadata: event.metadata === undefined ? undefined : (JSON.parse(JSON.stringify(event.metadata)) as unknown),
  });

  const appendToStream = async (streamName: string, events: EventData | EventData[], appendOptions: { expectedRevision?: AppendExpectedRevision } = {}): Promise<AppendResult> => {
    await tick();
    const batch = Array.isArray(events) ? events : [events];
    const expected = appendOptions.expectedRevision ?? ANY;
    const stream = streams.get(streamName) ?? [];
    const current = stream.length === 0 ? NO_STREAM : BigInt(stream.length - 1);
    const holds = expected === ANY || (expected === NO_STREAM && current === NO_STREAM) || (expected === STREAM_EXISTS && current !== NO_STREAM) || expected === current;
    if (!holds) throw new WrongExpectedVersionError(undefined, { streamName, expected, current });
    const size = batch.reduce((sum, event) => sum + JSON.stringify(event.data).length + JSON.stringify(event.metadata ?? null).length, 0);
    if (size > maxAppendSize) throw MaxAppendSizeExceededError.fromMaxAppendSize(maxAppendSize);
    const written = batch.map((event) => write(streamName, throughTheWire(event)));
    const last = written[written.length - 1] as Record_;
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  };

  async function* readStream(streamName: string, readOptions: { direction?: Direction; fromRevision?: ReadRevision; maxCount?: number | bigint } = {}) {
    await tick();
    const stream = streams.get(streamName);
    if (!stream) throw new StreamNotFoundError(undefined, streamName);
    const backwards = readOptions.direction === BACKWARDS;
    const from = readOptions.fromRevision ?? (backwards ? END : START);
    const ordered = backwards ? [...stream].reverse() : stream;
    const selected = ordered.filter((record) => from === START || from === END || (backwards ? record.revision <= from : record.revision >= from));
    for (const record of selected.slice(0, Number(readOptions.maxCount ?? Number.MAX_SAFE_INTEGER))) yield { event: record };
  }

  const isBoundary = (position: Position) => log.some((record) => record.position.commit === position.commit && record.position.prepare === position.prepare) || position.commit === nextOffset;

  async function* readAll(readOptions: { direction?: Direction; fromPosition?: ReadPosition; maxCount?: number | bigint } = {}) {
    await tick();
    const backwards = readOptions.direction === BACKWARDS;
    const from = readOptions.fromPosition ?? (backwards ? END : START);
    if (from !== START && from !== END && !isBoundary(from)) throw new UnknownError(undefined, `Invalid position: ${from.commit}/${from.prepare}`);
    const ordered = backwards ? [...log].reverse() : log;
    const selected = ordered.filter((record) => from === START || from === END || (backwards ? record.position.commit < from.commit : record.position.commit >= from.commit));
    for (const record of selected.slice(0, Number(readOptions.maxCount ?? Number.MAX_SAFE_INTEGER))) yield { event: record, commitPosition: record.position.commit };
  }

  const subscribeToAll = (subscribeOptions: { fromPosition?: ReadPosition; filter?: Filter } = {}) => {
    const filter = subscribeOptions.filter;
    const matches = (record: Record_) => {
      if (!filter) return true;
      const subject = filter.filterOn === EVENT_TYPE ? record.type : record.streamId;
      return 'regex' in filter ? new RegExp(filter.regex).test(subject) : filter.prefixes.some((prefix) => subject.startsWith(prefix));
    };
    const subscription = Object.assign(new PassThrough({ objectMode: true }), {
      unsubscribe: async () => {
        stopped = true;
        live.delete(listener);
        subscription.end();
      },
    });
    let stopped = false;
    let caughtUp = false;
    const pending: Record_[] = [];
    const listener: LiveSubscription = { deliver: (record) => (caughtUp ? push(record) : pending.push(record)) };
    const push = (record: Record_) => {
      if (!stopped && matches(record)) subscription.write({ event: record, commitPosition: record.position.commit });
    };
    live.add(listener);
    const from = subscribeOptions.fromPosition ?? START;
    void (async () => {
      await tick();
      if (from !== START && from !== END && !isBoundary(from)) {
        subscription.emit('error', new UnknownError(undefined, 'Invalid position'));
        return;
      }
      subscription.emit('confirmation');
      const history = from === END ? [] : log.filter((record) => from === START || record.position.commit > from.commit);
      let scanned = 0;
      const window = 32 * (filter?.checkpointInterval ?? 1);
      for (const record of history) {
        if (stopped) return;
        push(record);
        scanned += 1;
        if (filter?.checkpointReached && scanned % window === 0) await filter.checkpointReached(subscription, record.position);
        if (scanned % 50 === 0) await tick();
      }
      for (const record of pending.splice(0)) push(record);
      caughtUp = true;
      if (!stopped) subscription.emit('caughtUp');
    })();
    return subscription;
  };

  const client = { appendToStream, readStream, readAll, subscribeToAll, dispose: async () => undefined };
  // The model implements the members the store calls; the rest of the client's surface is not modelled.
  return { client: client as unknown as EventStoreDBClient, writeSystemRecord };
};
