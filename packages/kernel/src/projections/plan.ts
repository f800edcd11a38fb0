import type { Build, CheckpointDocument } from './checkpoint.js';
import { newBuild } from './checkpoint.js';
import type { AnyProjection } from './projection.js';
import { physicalNames } from './projection.js';

/** What a projector must do to its collections before it consumes events, decided from the stored checkpoint. */
export interface StartPlan {
  readonly checkpoint: CheckpointDocument;
  /** Collections that must be empty before the plan's builds write to them: new builds, abandoned rebuilds. */
  readonly drop: readonly string[];
}

/**
 * Reconciles the stored checkpoint with the projection's code:
 * - no checkpoint: the first build of the current version, in place (nothing is live yet to keep serving);
 * - the live build is of another version, or a rebuild was asked for: a new build beside the live one;
 * - a rebuild of the current version in progress: resume it; a rebuild of another version: abandon it.
 * A stored failure is kept in the document until the next committed batch: starting again is how a fix is
 * deployed, so the projector retries the event it stopped on.
 */
export const planStart = (projection: AnyProjection, stored: CheckpointDocument | null, forceRebuild: boolean, now: string): StartPlan => {
  const { version } = projection;
  if (!stored) {
    const live = newBuild(version, 0, physicalNames(projection, version, 0), now);
    return {
      checkpoint: { _id: projection.name, live, rebuild: null, status: 'active', failure: null, updatedAt: now },
      drop: Object.values(live.collections),
    };
  }
  const drop: string[] = [];
  let rebuild: Build | null = stored.rebuild;
  if (rebuild && (rebuild.version !== version || forceRebuild)) {
    drop.push(...Object.values(rebuild.collections));
    rebuild = null;
  }
  if (!rebuild && (stored.live.version !== version || forceRebuild)) {
    const generation = 1 + Math.max(-1, ...[stored.live, stored.rebuild].filter((b): b is Build => b !== null && b.version === version).map((b) => b.generation));
    rebuild = newBuild(version, generation, physicalNames(projection, version, generation), now);
    drop.push(...Object.values(rebuild.collections));
  }
  return { checkpoint: { ...stored, rebuild, updatedAt: now }, drop };
};

/** Collections named for this projection that neither build uses: left behind by a crash or a swap. */
export const orphansOf = (projection: AnyProjection, checkpoint: CheckpointDocument, existing: readonly string[]): string[] => {
  const used = new Set([...Object.values(checkpoint.live.collections), ...Object.values(checkpoint.rebuild?.collections ?? {})]);
  const prefix = `${projection.name}.`;
  return existing.filter((name) => name.startsWith(prefix) && !used.has(name));
};
