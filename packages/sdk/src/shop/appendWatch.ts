import type { EventStore, RecordedEvent } from '@shopstream/kernel';

/** What this process appended while a window was open: the event types, and the last position. */
export interface AppendWindow {
  readonly types: ReadonlySet<string>;
  /** The global position of the last event appended in the window; null when nothing was. */
  readonly position: number | null;
  /** Stops recording into this window. */
  close(): void;
}

/** The events appended through the store while a recording was open, in the order the appends completed. */
export interface AppendRecording {
  readonly events: readonly RecordedEvent[];
  /** Stops recording; the events recorded so far stay. */
  close(): void;
}

export interface AppendWatch {
  /** The store to hand to everything that appends: the same store, its appends observed. */
  readonly eventStore: EventStore;
  /** Records every append that completes from now until `close()`. */
  open(): AppendWindow;
  /** Keeps the events of every append that completes from now until `close()`: what happened, without reading the log. */
  record(): AppendRecording;
}

interface OpenWindow {
  readonly types: Set<string>;
  position: number | null;
}

/**
 * Watches the appends made through one event store, so that a command can tell which event types it may have
 * recorded and up to where. Without tracing each call's async context (which costs every promise of the
 * process), a window cannot tell its command's appends from those of commands running beside it, so it holds
 * them all: a superset of the command's own, never less.
 */
export const appendWatch = (inner: EventStore): AppendWatch => {
  const windows = new Set<OpenWindow>();
  const recordings = new Set<RecordedEvent[]>();
  const eventStore: EventStore = {
    append: async (stream, events, options) => {
      const result = await inner.append(stream, events, options);
      for (const window of windows) {
        for (const event of result.events) window.types.add(event.type);
        if (window.position === null || result.position > window.position) window.position = result.position;
      }
      for (const recording of recordings) recording.push(...result.events);
      return result;
    },
    readStream: (stream, options) => inner.readStream(stream, options),
    readAll: (options) => inner.readAll(options),
    subscribe: (options) => inner.subscribe(options),
    streamRevision: (stream) => inner.streamRevision(stream),
    headPosition: () => inner.headPosition(),
    close: () => inner.close(),
  };
  return {
    eventStore,
    open: () => {
      const window: OpenWindow = { types: new Set(), position: null };
      windows.add(window);
      return {
        get types() {
          return window.types;
        },
        get position() {
          return window.position;
        },
        close: () => {
          windows.delete(window);
        },
      };
    },
    record: () => {
      const events: RecordedEvent[] = [];
      recordings.add(events);
      return {
        events,
        close: () => {
          recordings.delete(events);
        },
      };
    },
  };
};
