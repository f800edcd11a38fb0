import { hash } from 'node:crypto';
import { canonicalJson } from './canonicalJson.js';
import type { RecordedEvent } from './event.js';

/** The hash the first event of every stream chains from. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers: everything as stored except the store-assigned global position. */
export type HashedFields = Omit<RecordedEvent, 'hash' | 'position'>;

/**
 * Each event's hash covers the previous event's hash in its stream and the event as stored, so changing,
 * removing or reordering any stored event breaks every hash after it. The global position is left out so that
 * a store which assigns positions at commit (EventStoreDB) can compute the chain before it writes.
 */
export const eventHash = (previousHash: string, event: HashedFields): string =>
  hash(
    'sha256',
    `${previousHash}\n${canonicalJson({
      id: event.id,
      type: event.type,
      schemaVersion: event.schemaVersion,
      stream: event.stream,
      revision: event.revision,
      occurredAt: event.occurredAt,
      data: event.data,
      metadata: event.metadata,
    })}`,
    'hex',
  );

export type IntegrityFinding =
  | { readonly _tag: 'HashMismatch'; readonly stream: string; readonly revision: number; readonly expected: string; readonly actual: string }
  | { readonly _tag: 'RevisionGap'; readonly stream: string; readonly expectedRevision: number; readonly actualRevision: number };

/**
 * Checks a whole stream, read forwards from revision 0 in its stored (not upcast) form.
 * Returns every finding; an empty list means the stream is intact.
 */
export const verifyStreamIntegrity = (events: readonly RecordedEvent[]): IntegrityFinding[] => {
  const findings: IntegrityFinding[] = [];
  let previous = GENESIS_HASH;
  events.forEach((event, index) => {
    if (event.revision !== index) {
      findings.push({ _tag: 'RevisionGap', stream: event.stream, expectedRevision: index, actualRevision: event.revision });
    }
    const expected = eventHash(previous, event);
    if (expected !== event.hash) {
      findings.push({ _tag: 'HashMismatch', stream: event.stream, revision: event.revision, expected, actual: event.hash });
    }
    previous = event.hash;
  });
  return findings;
};
