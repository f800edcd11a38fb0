import { GENESIS_HASH, eventHash } from '@shopstream/kernel';
import type { EventRegistry, EventStore, RecordedEvent } from '@shopstream/kernel';
import { commerceEventRegistry } from '@shopstream/commerce';
import { readScope } from '../source/scope.js';
import type { Scope } from '../source/scope.js';
import { FINDING_TAGS } from './findings.js';
import type { Finding, FindingTag } from './findings.js';

export interface VerifyOptions {
  /** Default: the whole log. */
  readonly scope?: Scope;
  /** The schemas payloads must satisfy. Default: commerce's registry, every event type the shop stores. */
  readonly registry?: EventRegistry;
  /** Events read at a time; memory holds one page plus a hash per stream and a position per event id. Default 1000. */
  readonly pageSize?: number;
  /**
   * The store promises positions without holes, starting at 1 (the SQLite and memory stores do, EventStoreDB
   * does not), so a hole means events were removed. Checked only when the whole log is verified.
   */
  readonly contiguousPositions?: boolean;
  /** The last position the store ever assigned, when it can tell (the SQLite store can); a log that ends before it lost its tail. */
  readonly lastAssignedPosition?: number;
  /**
   * Verify the log as it stood at this position, ignoring what is appended while it is read (give the head and
   * the last assigned position read together, as `SqliteLog.snapshot()` does). Default: read to the end.
   */
  readonly upTo?: number;
  /** How many findings the report lists; all are counted, and all reach `onFinding`. Default 1000. */
  readonly maxFindings?: number;
  readonly onFinding?: (finding: Finding) => void;
  /** Called after each page. */
  readonly onProgress?: (progress: { readonly events: number; readonly position: number }) => void;
}

/**
 * A check `verify` could not make, with why: said in the report, so that no finding is never read as proof of what
 * was not looked at.
 */
export type NotChecked =
  /** Events removed from the middle of the log, found as holes between positions. */
  | { readonly _tag: 'PositionGaps'; readonly reason: string }
  /** Events removed from the end of the log, found against the last position the store ever assigned. */
  | { readonly _tag: 'LogTruncation'; readonly reason: string };

/** What was verified: part of a store's log, or an export file. */
export type VerifiedScope = Scope | { readonly kind: 'file'; readonly path: string };

export interface VerifyReport {
  readonly scope: VerifiedScope;
  readonly streams: number;
  readonly events: number;
  /** The first and last position read; 0 for an empty scope. */
  readonly firstPosition: number;
  readonly lastPosition: number;
  readonly ok: boolean;
  readonly findingsByTag: Readonly<Record<FindingTag, number>>;
  readonly totalFindings: number;
  /** The first `maxFindings` findings, in log order. */
  readonly findings: readonly Finding[];
  /** What the scope or the store did not let verify check; `ok` says nothing about these. */
  readonly notChecked: readonly NotChecked[];
}

interface StreamTip {
  readonly nextRevision: number;
  readonly hash: string;
}

/**
 * Reads the scope once, in pages, in its stored form (`raw`), and checks every stream's hash chain and revisions,
 * the order (and, where promised, the contiguity) of positions, that no event id repeats, and every payload
 * against its schema. The chain rule is the kernel's (`eventHash`, as `verifyStreamIntegrity` applies it), kept
 * per stream as the streams interleave in the log.
 */
export const verifyLog = async (store: EventStore, options: VerifyOptions = {}): Promise<VerifyReport> => {
  const scope = options.scope ?? { kind: 'log' };
  const pages = readScope(store, scope, { pageSize: options.pageSize ?? 1000, raw: true, ...(options.upTo === undefined ? {} : { upTo: options.upTo }) });
  return verifyPages(pages, scope, options);
};

/**
 * The checks of `verifyLog` over events from anywhere (an export file, say), given in log order. Holes in
 * positions and a lost tail are looked for only when the options say the events are a whole log that promises none.
 */
export const verifyPages = async (pages: AsyncIterable<readonly RecordedEvent[]>, scope: VerifiedScope, options: Omit<VerifyOptions, 'scope' | 'upTo'> = {}): Promise<VerifyReport> => {
  const registry = options.registry ?? commerceEventRegistry();
  const maxFindings = options.maxFindings ?? 1000;
  const wholeLog = scope.kind === 'log' || scope.kind === 'file';
  const tips = new Map<string, StreamTip>();
  const firstPositionOfId = new Map<string, number>();
  const findings: Finding[] = [];
  const byTag = Object.fromEntries(FINDING_TAGS.map((tag) => [tag, 0])) as Record<FindingTag, number>;
  let total = 0;
  let events = 0;
  let firstPosition = 0;
  let previousPosition = 0;

  const found = (finding: Finding) => {
    total += 1;
    byTag[finding._tag] += 1;
    if (findings.length < maxFindings) findings.push(finding);
    options.onFinding?.(finding);
  };

  const check = (event: RecordedEvent) => {
    const { stream, revision, position } = event;
    if (events === 0) firstPosition = position;
    else if (position <= previousPosition) found({ _tag: 'PositionNotIncreasing', position, previousPosition });
    if (wholeLog && options.contiguousPositions && position > previousPosition + 1) found({ _tag: 'PositionGap', after: previousPosition, next: position });
    previousPosition = Math.max(previousPosition, position);
    events += 1;

    const tip = tips.get(stream) ?? { nextRevision: 0, hash: GENESIS_HASH };
    if (revision !== tip.nextRevision) found({ _tag: 'RevisionGap', stream, position, expectedRevision: tip.nextRevision, actualRevision: revision });
    const expected = eventHash(tip.hash, event);
    if (expected !== event.hash) found({ _tag: 'HashMismatch', stream, revision, position, expected, actual: event.hash });
    // Chain on from what is stored, as verifyStreamIntegrity does, so one changed event is one finding, not a cascade.
    tips.set(stream, { nextRevision: revision + 1, hash: event.hash });

    const first = firstPositionOfId.get(event.id);
    if (first === undefined) firstPositionOfId.set(event.id, position);
    else found({ _tag: 'DuplicateEventId', eventId: event.id, stream, position, firstPosition: first });

    const validated = registry.validate(event.type, event.data, event.schemaVersion);
    if (!validated.ok) found({ _tag: 'InvalidPayload', stream, revision, position, type: event.type, schemaVersion: event.schemaVersion, issues: validated.issues });
  };

  for await (const page of pages) {
    for (const event of page) check(event);
    options.onProgress?.({ events, position: previousPosition });
  }
  if (wholeLog && options.lastAssignedPosition !== undefined && options.lastAssignedPosition > previousPosition) {
    found({ _tag: 'LogTruncated', lastPosition: previousPosition, lastAssignedPosition: options.lastAssignedPosition });
  }
  const notChecked = notCheckedIn(wholeLog, options);
  return { scope, streams: tips.size, events, firstPosition, lastPosition: previousPosition, ok: total === 0, findingsByTag: byTag, totalFindings: total, findings, notChecked };
};

const PART = 'only the whole log is looked at for it';

/** What the scope and the store's promises leave unchecked: removals that break no stream's chain. */
const notCheckedIn = (wholeLog: boolean, options: Omit<VerifyOptions, 'scope' | 'upTo'>): NotChecked[] => {
  const notChecked: NotChecked[] = [];
  if (!wholeLog || !options.contiguousPositions) {
    notChecked.push({
      _tag: 'PositionGaps',
      reason: wholeLog
        ? "positions are not promised to run without holes (EventStoreDB's are byte offsets in its log): a whole stream removed, or the last events of a stream, break no hash chain and would not show"
        : PART,
    });
  }
  if (!wholeLog || options.lastAssignedPosition === undefined) {
    notChecked.push({
      _tag: 'LogTruncation',
      reason: wholeLog ? 'no count of the positions ever assigned is known (EventStoreDB keeps none): events removed from the end of the log would not show' : PART,
    });
  }
  return notChecked;
};
