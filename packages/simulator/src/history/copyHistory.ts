import type { AppendResult, EventStore, NewEvent, RecordedEvent } from '@shopstream/kernel';

export interface CopyHistoryOptions {
  /** Events read from the source per page. Default 2,000. */
  readonly pageSize?: number;
  /** Called after each page with the events copied so far and the source's head. */
  readonly onProgress?: (copied: number, head: number) => void;
}

/** Where a copy stopped being the same history: the event, and what the target made of it. */
export class HistoryCopyMismatch extends Error {
  override readonly name = 'HistoryCopyMismatch';
  constructor(
    readonly source: Pick<RecordedEvent, 'id' | 'stream' | 'revision' | 'position' | 'hash'>,
    readonly target: Pick<RecordedEvent, 'id' | 'stream' | 'revision' | 'position' | 'hash'> | null,
  ) {
    super(`event ${source.id} (${source.stream}@${source.revision}, position ${source.position}) was copied as ${JSON.stringify(target)}`);
  }
}

/** The event as an append offers it again: its own id, schema version, time and metadata, nothing re-stamped. */
const asNew = (event: RecordedEvent): NewEvent => ({
  id: event.id,
  type: event.type,
  data: event.data,
  schemaVersion: event.schemaVersion,
  occurredAt: event.occurredAt,
  metadata: event.metadata,
});

const same = (source: RecordedEvent, target: RecordedEvent | undefined): boolean =>
  target !== undefined &&
  target.id === source.id &&
  target.stream === source.stream &&
  target.revision === source.revision &&
  target.position === source.position &&
  target.hash === source.hash;

/**
 * Copies a whole log into an empty event store in global order, through the target's own appends: each run of
 * consecutive events of one stream is one append, expecting the stream's revision before it, and the appends
 * of a page are made together, in order. The target
 * stamps, validates and hashes as it always does, and every event it records is checked against the source
 * (id, stream, revision, position, hash chain): the copy is the same history or it throws `HistoryCopyMismatch`.
 *
 * This is how a history generated on a memory shop becomes an SQLite event store file: the simulation then
 * never waits on the file, and the file is written in one pass at the end.
 */
export const copyHistory = async (from: EventStore, to: EventStore, options: CopyHistoryOptions = {}): Promise<number> => {
  const pageSize = options.pageSize ?? 2_000;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError('pageSize must be a positive integer');
  const targetHead = await to.headPosition();
  // Positions are part of the history: they can only come out the same in a store that has none yet.
  if (targetHead !== 0) throw new Error(`the target event store is not empty (head ${targetHead})`);
  const head = await from.headPosition();
  let after = 0;
  let copied = 0;
  for (;;) {
    const page = await from.readAll({ after, maxCount: pageSize, raw: true });
    if (page.length === 0) break;
    // Every append of the page is made at once, in log order, and awaited together: a store that commits
    // concurrent appends in the order they are made (the memory store; the SQLite store, whose group commit
    // then shares one transaction among them) writes them as one append at a time would. One that reorders
    // them is caught by the check below.
    const runs: RecordedEvent[][] = [];
    for (const event of page) {
      const last = runs[runs.length - 1];
      if (last !== undefined && (last[0] as RecordedEvent).stream === event.stream) last.push(event);
      else runs.push([event]);
    }
    const appended = await Promise.allSettled(
      runs.map((run) => {
        const first = run[0] as RecordedEvent; // runs are never empty
        return to.append(first.stream, run.map(asNew), { expectedRevision: first.revision === 0 ? 'no_stream' : first.revision - 1 });
      }),
    );
    for (const [r, run] of runs.entries()) {
      const outcome = appended[r] as PromiseSettledResult<AppendResult>;
      if (outcome.status === 'rejected') throw outcome.reason;
      for (const [i, source] of run.entries()) {
        const target = outcome.value.events[i];
        if (!same(source, target)) throw new HistoryCopyMismatch(source, target ?? null);
      }
    }
    copied += page.length;
    after = (page[page.length - 1] as RecordedEvent).position;
    options.onProgress?.(copied, head);
  }
  return copied;
};
