/**
 * A folded state saved at a stream revision, so that loading an aggregate reads only the events after it.
 * Snapshots are a cache: losing one costs a longer load, never a wrong answer, because the events after the
 * snapshot are always read and appends are still checked against the stream's real revision.
 */
export interface Snapshot {
  readonly stream: string;
  /** The revision of the last event folded into `state`. */
  readonly revision: number;
  /** Names the shape of `state`; a snapshot of another version is ignored and the stream read in full. */
  readonly version: string;
  readonly state: unknown;
}

export interface SnapshotStore {
  load(stream: string): Promise<Snapshot | null>;
  save(snapshot: Snapshot): Promise<void>;
}

export const memorySnapshotStore = (): SnapshotStore => {
  const snapshots = new Map<string, string>();
  return {
    load: async (stream) => {
      const stored = snapshots.get(stream);
      return stored === undefined ? null : (JSON.parse(stored) as Snapshot);
    },
    save: async (snapshot) => {
      const current = snapshots.get(snapshot.stream);
      // Keep the newest: two writers may race to save, and an older snapshot must never replace a newer one.
      if (current !== undefined && (JSON.parse(current) as Snapshot).revision > snapshot.revision) return;
      snapshots.set(snapshot.stream, JSON.stringify(snapshot));
    },
  };
};
