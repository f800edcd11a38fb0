import { EventStoreError, memoryEventStore, normaliseAllRead, upcastRecorded } from '@shopstream/kernel';
import type { EventStore, MemoryEventStoreOptions, RecordedEvent } from '@shopstream/kernel';

/** The index of the first event after `after` in a list ordered by position. */
const firstAfter = (events: readonly RecordedEvent[], after: number): number => {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid] as RecordedEvent).position <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * The kernel's memory event store with an index by event type for `readAll`: the same store, the same answers,
 * for generating long histories. The memory store answers a read filtered by type by testing every event after
 * the start, and the shop's fulfilment process reads every `ShipmentCreated` from the start of the log when a
 * risk hold is released, so over a million-event simulation those reads alone grew quadratic. Here they walk
 * only the events of the types asked for. Subscriptions are the memory store's own, unchanged.
 */
export const indexedMemoryEventStore = (options: MemoryEventStoreOptions = {}): EventStore => {
  const inner = memoryEventStore(options);
  const byType = new Map<string, RecordedEvent[]>();
  let indexedTo = 0;
  let closed = false;

  /**
   * Brings the index up to the head. Done on read rather than on append, so appends run exactly as the memory
   * store's do (the same promise, no extra turn: the order in which a shop's concurrent processes interleave
   * depends on it), and a read never misses an event appended before it.
   */
  const catchUp = async () => {
    for (const event of await inner.readAll({ after: indexedTo, raw: true })) {
      const ofType = byType.get(event.type);
      if (ofType) ofType.push(event);
      else byType.set(event.type, [event]);
      indexedTo = event.position;
    }
  };

  return {
    ...inner,
    readAll: async (readOptions) => {
      if (closed) throw new EventStoreError({ _tag: 'StoreClosed' });
      const read = normaliseAllRead(readOptions);
      const types = read.filter?.eventTypes;
      if (types === undefined || read.filter?.streamCategories !== undefined) return inner.readAll(readOptions);
      await catchUp();
      // A merge by position of the lists of the types asked for.
      const lists = [...new Set(types)].map((type) => byType.get(type) ?? []);
      const cursors = lists.map((list) => firstAfter(list, read.after));
      const result: RecordedEvent[] = [];
      while (result.length < read.maxCount) {
        let next = -1;
        let position = Number.POSITIVE_INFINITY;
        for (const [i, list] of lists.entries()) {
          const candidate = list[cursors[i] as number];
          if (candidate !== undefined && candidate.position < position) {
            next = i;
            position = candidate.position;
          }
        }
        if (next < 0) break;
        const list = lists[next] as RecordedEvent[];
        const cursor = cursors[next] as number;
        result.push(upcastRecorded(options.registry, list[cursor] as RecordedEvent, read.raw));
        cursors[next] = cursor + 1;
      }
      return result;
    },

    close: async () => {
      closed = true;
      await inner.close();
    },
  };
};
