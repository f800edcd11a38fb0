import type { ProjectionRuntime } from '@shopstream/kernel';

/**
 * Where queries read from: the projection runtime's live collections (`runtime.collection(projection, logical)`),
 * which always show one whole build, never a half-built rebuild.
 */
export type ReadModelSource = Pick<ProjectionRuntime, 'collection'>;
