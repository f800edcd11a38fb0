/**
 * The folded state of recently handled streams, kept by one command handler so that a command on a stream it
 * has just written decides without reading and folding the stream again.
 *
 * An entry is only a guess about the stream: another handler or process may have appended since. The handler
 * never trusts it blindly: an append carries the cached revision as its expectation, so a stale entry ends in a
 * conflict (the events after it are read and folded onto it, and the command decided again), and a decision that appends
 * nothing is returned only after the stream's head is checked to still be the cached revision.
 */
export interface CachedState<State> {
  readonly state: State;
  /** The revision of the last event folded into `state`; -1 for a stream that did not exist. */
  readonly revision: number;
  /** The revision of the newest snapshot known to be saved, -1 for none. */
  readonly snapshotRevision: number;
}

export interface StateCache<State> {
  get(stream: string): CachedState<State> | undefined;
  /** Keeps the entry unless the cache already holds a newer revision of the stream. */
  set(stream: string, entry: CachedState<State>): void;
  delete(stream: string): void;
}

/** Least recently used first out, at most `maxStreams` entries. */
export const lruStateCache = <State>(maxStreams: number): StateCache<State> => {
  if (!Number.isSafeInteger(maxStreams) || maxStreams < 1) throw new TypeError('cache.maxStreams must be a positive integer');
  // A Map iterates in insertion order, so re-inserting on use keeps the least recently used first.
  const entries = new Map<string, CachedState<State>>();
  return {
    get: (stream) => {
      const entry = entries.get(stream);
      if (entry === undefined) return undefined;
      entries.delete(stream);
      entries.set(stream, entry);
      return entry;
    },
    set: (stream, entry) => {
      const current = entries.get(stream);
      // Commands on one stream may finish out of order; an older state must not replace a newer one.
      if (current !== undefined && current.revision > entry.revision) return;
      entries.delete(stream);
      entries.set(stream, entry);
      if (entries.size > maxStreams) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
    },
    delete: (stream) => {
      entries.delete(stream);
    },
  };
};

/** For `cache: false`: every command reads its stream. */
export const noStateCache = <State>(): StateCache<State> => ({
  get: () => undefined,
  set: () => undefined,
  delete: () => undefined,
});
