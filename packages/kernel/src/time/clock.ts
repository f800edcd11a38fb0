import { randomUUID } from 'node:crypto';

/** Where the engine gets the time: injected, so tests and replays are deterministic. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}

/** Where the engine gets new ids (UUIDs). */
export interface IdGenerator {
  next(): string;
}

/**
 * Random (version 4) UUIDs, for a shop that wants ids to tell nothing of when they were made. The default is
 * `timeOrderedIds` (UUIDv7), which keep the stores' indexes appending at their end.
 */
export const randomIds: IdGenerator = { next: () => randomUUID() };

/** UUID-shaped ids from a counter, for tests that compare whole events. */
export const sequentialIds = (prefix = 0): IdGenerator => {
  let n = 0;
  return {
    next: () => {
      n += 1;
      const hex = n.toString(16).padStart(12, '0');
      return `00000000-0000-4000-8${prefix.toString(16).padStart(3, '0')}-${hex}`;
    },
  };
};
