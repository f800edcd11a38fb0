import { catchUpSubscription, normaliseAllRead, normaliseStreamRead } from '@shopstream/kernel';
import type { EventStore } from '@shopstream/kernel';
import { AuditError } from '../errors.js';

/**
 * The log as it stood when the event at `position` had just been committed: reads and subscriptions see
 * nothing after it, however much the shop appends meanwhile. Writes are refused.
 */
export const logUpTo = (store: EventStore, position: number): EventStore => ({
  append: async () => {
    throw new AuditError({ _tag: 'ReadOnly', operation: 'append' });
  },
  readStream: async (stream, options) => {
    const read = normaliseStreamRead(stream, options);
    if (read.direction === 'forwards') {
      const events = await store.readStream(stream, options);
      const cut = events.findIndex((event) => event.position > position);
      return cut === -1 ? events : events.slice(0, cut);
    }
    // Backwards from the end: skip what came later, which may be more than one page.
    const kept = [];
    for (let from = read.fromRevision; kept.length < read.maxCount && from >= 0; ) {
      const page = await store.readStream(stream, { ...options, fromRevision: from, maxCount: 256 });
      kept.push(...page.filter((event) => event.position <= position));
      const last = page.at(-1);
      if (page.length < 256 || last === undefined) break;
      from = last.revision - 1;
    }
    return kept.slice(0, read.maxCount);
  },
  readAll: async (options) => {
    const read = normaliseAllRead(options);
    if (read.after >= position) return [];
    const events = await store.readAll(options);
    return events.filter((event) => event.position <= position);
  },
  subscribe: (options) =>
    catchUpSubscription(
      {
        readBatch: async (after, maxCount, filter) => {
          // The head first: a read that comes back short has then seen everything up to it, even should the shop append meanwhile.
          const bound = Math.min(position, await store.headPosition());
          if (after >= bound) return { events: [], scannedTo: Math.max(after, bound), more: false };
          const read = await store.readAll({ after, maxCount, ...(filter ? { filter } : {}) });
          const events = read.filter((event) => event.position <= bound);
          const more = events.length === maxCount && read.length === maxCount;
          return { events, scannedTo: more ? (events.at(-1)?.position ?? after) : bound, more };
        },
        // Nothing is ever appended to the past.
        waitForAppend: (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
      },
      options,
    ),
  streamRevision: async (stream) => {
    const [last] = await logUpTo(store, position).readStream(stream, { direction: 'backwards', maxCount: 1 });
    return last?.revision ?? -1;
  },
  headPosition: async () => Math.min(position, await store.headPosition()),
  close: async () => undefined,
});
