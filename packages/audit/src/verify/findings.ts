/** Something `verify` found wrong with the stored log. Every finding names where it is, so it can be looked at. */
export type Finding =
  /** The event's stored hash is not the hash of its previous event's hash and its stored fields: it was changed. */
  | { readonly _tag: 'HashMismatch'; readonly stream: string; readonly revision: number; readonly position: number; readonly expected: string; readonly actual: string }
  /** A stream's revisions do not run 0, 1, 2... in log order: an event was removed, duplicated or moved. */
  | { readonly _tag: 'RevisionGap'; readonly stream: string; readonly position: number; readonly expectedRevision: number; readonly actualRevision: number }
  /** The log is not in strictly increasing position order. */
  | { readonly _tag: 'PositionNotIncreasing'; readonly position: number; readonly previousPosition: number }
  /** Positions the store promises to leave without holes have one: events between them were removed. */
  | { readonly _tag: 'PositionGap'; readonly after: number; readonly next: number }
  /** The store assigned positions past the last event it holds: events were removed from the end of the log. */
  | { readonly _tag: 'LogTruncated'; readonly lastPosition: number; readonly lastAssignedPosition: number }
  /** Two events share an id. */
  | { readonly _tag: 'DuplicateEventId'; readonly eventId: string; readonly stream: string; readonly position: number; readonly firstPosition: number }
  /** The payload is not valid for its type and schema version, or the type is not registered. */
  | {
      readonly _tag: 'InvalidPayload';
      readonly stream: string;
      readonly revision: number;
      readonly position: number;
      readonly type: string;
      readonly schemaVersion: number;
      readonly issues: readonly string[];
    };

export type FindingTag = Finding['_tag'];

export const FINDING_TAGS: readonly FindingTag[] = [
  'HashMismatch',
  'RevisionGap',
  'PositionNotIncreasing',
  'PositionGap',
  'LogTruncated',
  'DuplicateEventId',
  'InvalidPayload',
];

/** One line for people. */
export const describeFinding = (finding: Finding): string => {
  switch (finding._tag) {
    case 'HashMismatch':
      return `${finding.stream}@${finding.revision} (position ${finding.position}): stored hash ${finding.actual.slice(0, 12)}… but the event hashes to ${finding.expected.slice(0, 12)}…`;
    case 'RevisionGap':
      return `${finding.stream} (position ${finding.position}): revision ${finding.actualRevision} where ${finding.expectedRevision} was due`;
    case 'PositionNotIncreasing':
      return `position ${finding.position} follows position ${finding.previousPosition}`;
    case 'PositionGap':
      return `no events between positions ${finding.after} and ${finding.next}`;
    case 'LogTruncated':
      return `the log ends at position ${finding.lastPosition} but the store assigned up to ${finding.lastAssignedPosition}`;
    case 'DuplicateEventId':
      return `event id ${finding.eventId} at position ${finding.position} (${finding.stream}) was first stored at position ${finding.firstPosition}`;
    case 'InvalidPayload':
      return `${finding.stream}@${finding.revision} (position ${finding.position}) ${finding.type} v${finding.schemaVersion}: ${finding.issues.join('; ')}`;
  }
};
