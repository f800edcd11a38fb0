import type { EventStore } from '@shopstream/kernel';
import { AuditError } from '../errors.js';
import { readScope } from '../source/scope.js';
import { isPast } from '../replay/point.js';
import type { PointInTime } from '../replay/point.js';

/**
 * The last log position at a point: the head for the end, the position itself (no further than the head), or,
 * for an instant, the position just before the first event that occurred after it (found by reading the log).
 */
export const positionAt = async (store: EventStore, at: PointInTime, pageSize = 1000): Promise<number> => {
  const head = await store.headPosition();
  switch (at.kind) {
    case 'end':
      return head;
    case 'position':
      return Math.min(at.position, head);
    case 'revision':
      throw new AuditError({ _tag: 'InvalidArgument', argument: 'at', reason: 'a point in the whole log is a position or an instant, not a stream revision' });
    case 'instant': {
      let before = 0;
      for await (const page of readScope(store, { kind: 'log' }, { pageSize, raw: true })) {
        for (const event of page) {
          if (event.position > head || isPast(at, event)) return before;
          before = event.position;
        }
      }
      return before;
    }
  }
};
