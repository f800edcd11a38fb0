import { AuditError } from '../errors.js';

/** A moment in the past: after a stream revision or log position, at an instant, or now (the end). */
export type PointInTime =
  | { readonly kind: 'end' }
  | { readonly kind: 'revision'; readonly revision: number }
  | { readonly kind: 'position'; readonly position: number }
  | { readonly kind: 'instant'; readonly at: string };

/** Checks a point given from outside; an instant must be an ISO 8601 date-time. */
export const checkPoint = (point: PointInTime): PointInTime => {
  switch (point.kind) {
    case 'end':
      return point;
    case 'revision':
    case 'position': {
      const value = point.kind === 'revision' ? point.revision : point.position;
      if (!Number.isSafeInteger(value) || value < 0) throw new AuditError({ _tag: 'InvalidArgument', argument: point.kind, reason: `${String(value)} is not an integer >= 0` });
      return point;
    }
    case 'instant':
      if (!/^\d{4}-\d{2}-\d{2}T/.test(point.at) || Number.isNaN(Date.parse(point.at))) {
        throw new AuditError({ _tag: 'InvalidArgument', argument: 'at', reason: `${JSON.stringify(point.at)} is not an ISO 8601 date-time` });
      }
      return point;
  }
};

/**
 * Whether an event lies past the point. An instant cuts the log before the first event that occurred after it,
 * so what is shown is always a prefix of the log as committed, even were a clock to step back.
 */
export const isPast = (point: PointInTime, event: { readonly revision: number; readonly position: number; readonly occurredAt: string }): boolean => {
  switch (point.kind) {
    case 'end':
      return false;
    case 'revision':
      return event.revision > point.revision;
    case 'position':
      return event.position > point.position;
    case 'instant':
      return Date.parse(event.occurredAt) > Date.parse(point.at);
  }
};
