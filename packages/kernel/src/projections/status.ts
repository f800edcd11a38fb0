import type { EventStore } from '../eventStore/eventStore.js';
import type { Build, ProjectionFailure } from './checkpoint.js';
import type { ProjectorState } from './projector.js';

/** How far a build has come: positions done of the head, and the events it applied on the way. */
export interface BuildProgress {
  readonly version: number;
  readonly generation: number;
  readonly position: number;
  readonly head: number;
  readonly eventsApplied: number;
  /** position / head, from 0 to 1: the share of the log scanned (positions are dense in the embedded store). */
  readonly fraction: number;
  readonly startedAt: string;
}

export interface ProjectionLag {
  /** Log positions between the live checkpoint and the head: the events not yet scanned. */
  readonly events: number;
  /** How long the oldest event the projection has still to apply has been waiting; 0 when there is none. */
  readonly seconds: number;
}

export interface ProjectionStatus {
  readonly name: string;
  /** The version in the code; the live build may be older while a rebuild runs. */
  readonly version: number;
  readonly state: ProjectorState;
  /** The build clients read; null before the projector first loaded its checkpoint. */
  readonly live: (BuildProgress & { readonly collections: Readonly<Record<string, string>> }) | null;
  readonly rebuild: BuildProgress | null;
  readonly lag: ProjectionLag;
  readonly failure: ProjectionFailure | null;
}

export const progressOf = (build: Build, head: number): BuildProgress => ({
  version: build.version,
  generation: build.generation,
  position: build.position,
  head,
  eventsApplied: build.eventsApplied,
  fraction: head <= 0 ? 1 : Math.min(1, build.position / head),
  startedAt: build.startedAt,
});

export const lagOf = async (eventStore: EventStore, eventTypes: readonly string[], position: number, head: number, now: Date): Promise<ProjectionLag> => {
  const events = Math.max(0, head - position);
  if (events === 0) return { events, seconds: 0 };
  const [oldest] = await eventStore.readAll({ after: position, maxCount: 1, filter: { eventTypes } });
  if (!oldest) return { events, seconds: 0 };
  return { events, seconds: Math.max(0, (now.getTime() - Date.parse(oldest.occurredAt)) / 1000) };
};
