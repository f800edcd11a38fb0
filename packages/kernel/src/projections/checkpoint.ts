import type { ReadStoreSession } from '../readStore/readStore.js';

/** The collection of checkpoint documents, one per projection, `_id` = projection name. */
export const CHECKPOINTS = 'projections';

/** One build of a projection: a version written into its own set of physical collections. */
export type Build = {
  readonly version: number;
  /** 0 for the first build of a version, then one more for each forced rebuild of the same version. */
  readonly generation: number;
  /** Logical name to physical collection name. */
  readonly collections: Readonly<Record<string, string>>;
  /** Every event at or before this global position has been applied (or scanned past when filtered out). */
  readonly position: number;
  /** Events applied by this build so far. */
  readonly eventsApplied: number;
  readonly startedAt: string;
};

/** The event a projection stopped on, and why. `eventId` is null when the fault was not in a handler. */
export type ProjectionFailure = {
  readonly eventId: string | null;
  readonly eventType: string | null;
  readonly stream: string | null;
  readonly position: number;
  readonly error: string;
  readonly errorName: string;
  readonly failedAt: string;
  /** Whether the failure happened while applying events to the live build or to a rebuild beside it. */
  readonly during: 'live' | 'rebuild';
};

/**
 * A projection's checkpoint. It is an ordinary document written in the same read-store transaction as every
 * batch of handler writes, which is what makes their effect exactly-once: after a crash the store holds either
 * the batch and its checkpoint, or neither.
 */
export type CheckpointDocument = {
  readonly _id: string;
  /** The build clients read. */
  readonly live: Build;
  /** A build of another version (or a forced rebuild) filling fresh collections beside the live ones. */
  readonly rebuild: Build | null;
  readonly status: 'active' | 'failed';
  readonly failure: ProjectionFailure | null;
  readonly updatedAt: string;
};

export const loadCheckpoint = (session: ReadStoreSession, projection: string): Promise<CheckpointDocument | null> =>
  session.collection<CheckpointDocument>(CHECKPOINTS).get(projection);

export const saveCheckpoint = async (session: ReadStoreSession, checkpoint: CheckpointDocument): Promise<void> => {
  await session.collection<CheckpointDocument>(CHECKPOINTS).replaceOne(checkpoint, { upsert: true });
};

export const newBuild = (version: number, generation: number, collections: Readonly<Record<string, string>>, startedAt: string): Build => ({
  version,
  generation,
  collections,
  position: 0,
  eventsApplied: 0,
  startedAt,
});

/** The build the projector writes to: the rebuild while there is one, otherwise the live build. */
export const targetOf = (checkpoint: CheckpointDocument): Build => checkpoint.rebuild ?? checkpoint.live;

export const sameBuild = (a: Build, b: Build): boolean => a.version === b.version && a.generation === b.generation;
