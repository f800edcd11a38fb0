import type { ProjectionFailure } from './checkpoint.js';

/** Every way the projection runtime refuses or gives up on a request, as data. */
export type ProjectionErrorDetail =
  | {
      readonly _tag: 'WaitTimeout';
      readonly position: number;
      readonly timeoutMs: number;
      /** The projections that had not passed the position, with where they stood. */
      readonly behind: readonly { readonly projection: string; readonly position: number }[];
    }
  /** A projection the wait depends on has stopped on a failing event, so it will not pass the position. */
  | { readonly _tag: 'ProjectionFailed'; readonly projection: string; readonly failure: ProjectionFailure }
  | { readonly _tag: 'UnknownProjection'; readonly projection: string }
  | { readonly _tag: 'UnknownCollection'; readonly projection: string; readonly collection: string }
  | { readonly _tag: 'RuntimeNotRunning' };

export type ProjectionErrorTag = ProjectionErrorDetail['_tag'];

const describe = (d: ProjectionErrorDetail): string => {
  switch (d._tag) {
    case 'WaitTimeout':
      return `projections had not passed position ${d.position} after ${d.timeoutMs} ms: ${d.behind.map((b) => `${b.projection} at ${b.position}`).join(', ')}`;
    case 'ProjectionFailed':
      return `projection ${d.projection} stopped on event ${d.failure.eventId ?? '(none)'} at position ${d.failure.position}: ${d.failure.error}`;
    case 'UnknownProjection':
      return `no projection named ${JSON.stringify(d.projection)} runs here`;
    case 'UnknownCollection':
      return `projection ${d.projection} declares no collection ${JSON.stringify(d.collection)}`;
    case 'RuntimeNotRunning':
      return 'the projection runtime is not running';
  }
};

export class ProjectionError extends Error {
  override readonly name = 'ProjectionError';
  constructor(readonly detail: ProjectionErrorDetail) {
    super(describe(detail));
  }
  get tag(): ProjectionErrorTag {
    return this.detail._tag;
  }
}

export const isProjectionError = (error: unknown, tag?: ProjectionErrorTag): error is ProjectionError =>
  error instanceof ProjectionError && (tag === undefined || error.detail._tag === tag);
