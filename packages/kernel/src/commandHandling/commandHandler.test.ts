import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Decider } from '../decider/decider.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { EventStoreError } from '../eventStore/errors.js';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import { memorySnapshotStore } from '../snapshots/snapshotStore.js';
import { ManualClock, sequentialIds } from '../time/clock.js';
import { commandHandler } from './commandHandler.js';

type CounterEvent = { type: 'Incremented'; data: { by: number } } | { type: 'Reset'; data: Record<string, never> };
type CounterCommand = { kind: 'increment'; by: number } | { kind: 'reset' } | { kind: 'touch' };
type CounterError = { _tag: 'LimitReached'; limit: number; value: number };
interface CounterState {
  value: number;
}

const LIMIT = 1_000_000;
const counter: Decider<CounterState, CounterCommand, CounterEvent, CounterError> = {
  initialState: () => ({ value: 0 }),
  evolve: (state, event) => (event.type === 'Incremented' ? { value: state.value + event.data.by } : { value: 0 }),
  decide: (command, state) => {
    switch (command.kind) {
      case 'increment':
        return state.value + command.by > LIMIT
          ? E.left({ _tag: 'LimitReached', limit: LIMIT, value: state.value })
          : E.right([{ type: 'Incremented', data: { by: command.by } }]);
      case 'reset':
        return E.right([{ type: 'Reset', data: {} }]);
      case 'touch':
        return E.right([]);
    }
  },
};

/** Wraps a store so that a test can act between a command's load and its append, or count what is read. */
const instrumented = (store: EventStore, hooks: { beforeAppend?: () => Promise<void> } = {}) => {
  let eventsRead = 0;
  const wrapped: EventStore = {
    ...store,
    readStream: async (stream, options) => {
      const events = await store.readStream(stream, options);
      eventsRead += events.length;
      return events;
    },
    append: async (stream, events, options) => {
      await hooks.beforeAppend?.();
      return store.append(stream, events, options);
    },
  };
  return { store: wrapped, eventsRead: () => eventsRead, resetCount: () => (eventsRead = 0) };
};

describe('commandHandler', () => {
  it('loads, decides and appends with metadata, time and ids from its ports', async () => {
    const store = memoryEventStore();
    const clock = new ManualClock('2026-05-01T08:00:00.000Z');
    const handle = commandHandler({ store, decider: counter, clock, ids: sequentialIds() });
    const first = await handle('counter-1', { kind: 'increment', by: 2 }, { metadata: { correlationId: 'c-1', actor: { kind: 'customer', id: 'u-1' } } });
    expect(E.isRight(first)).toBe(true);
    if (E.isLeft(first)) return;
    expect(first.right.state).toEqual({ value: 2 });
    expect(first.right.nextExpectedRevision).toBe(0);
    expect(first.right.position).toBe(1);
    expect(first.right.events[0]).toMatchObject({
      id: '00000000-0000-4000-8000-000000000001',
      occurredAt: '2026-05-01T08:00:00.000Z',
      metadata: { correlationId: 'c-1', actor: { kind: 'customer', id: 'u-1' } },
    });
    clock.advance(1000);
    const second = await handle('counter-1', { kind: 'increment', by: 3 });
    expect(second).toMatchObject({ right: { state: { value: 5 }, nextExpectedRevision: 1, position: 2 } });
  });

  it('returns a domain error as a value and appends nothing', async () => {
    const store = memoryEventStore();
    const handle = commandHandler({ store, decider: counter });
    const result = await handle('counter-1', { kind: 'increment', by: LIMIT + 1 });
    expect(result).toEqual(E.left({ _tag: 'LimitReached', limit: LIMIT, value: 0 }));
    expect(await store.headPosition()).toBe(0);
  });

  it('appends nothing when the decision is that nothing changes', async () => {
    const store = memoryEventStore();
    const handle = commandHandler({ store, decider: counter });
    await handle('counter-1', { kind: 'increment', by: 1 });
    const result = await handle('counter-1', { kind: 'touch' });
    expect(result).toEqual(E.right({ events: [], nextExpectedRevision: 0, position: null, state: { value: 1 } }));
  });

  it('decides again on the fresh state when another writer got in between, after a jittered pause', async () => {
    const inner = memoryEventStore();
    let interfere = true;
    const { store } = instrumented(inner, {
      beforeAppend: async () => {
        if (!interfere) return;
        interfere = false;
        await inner.append('counter-1', [{ type: 'Incremented', data: { by: 100 } }]);
      },
    });
    const pauses: number[] = [];
    const handle = commandHandler({
      store,
      decider: counter,
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
      random: () => 0.5,
      sleep: async (ms) => {
        pauses.push(ms);
      },
    });
    const result = await handle('counter-1', { kind: 'increment', by: 1 });
    expect(result).toMatchObject({ right: { state: { value: 101 }, nextExpectedRevision: 1 } });
    expect(pauses).toEqual([5]);
  });

  it('gives up with a ConcurrencyConflict after the bounded number of attempts', async () => {
    const inner = memoryEventStore();
    const { store } = instrumented(inner, { beforeAppend: async () => void (await inner.append('counter-1', [{ type: 'Reset', data: {} }])) });
    const pauses: number[] = [];
    const handle = commandHandler({
      store,
      decider: counter,
      retry: { maxAttempts: 4, baseDelayMs: 8, maxDelayMs: 20 },
      random: () => 0.999,
      sleep: async (ms) => void pauses.push(ms),
    });
    const result = await handle('counter-1', { kind: 'increment', by: 1 });
    expect(result).toMatchObject({ left: { _tag: 'ConcurrencyConflict', stream: 'counter-1', attempts: 4 } });
    expect(pauses).toEqual([7, 15, 19]);
  });

  it('with an expected revision (If-Match) fails at once when the stream has moved on', async () => {
    const store = memoryEventStore();
    const handle = commandHandler({ store, decider: counter, sleep: () => Promise.reject(new Error('must not retry')) });
    await handle('counter-1', { kind: 'increment', by: 1 });
    await handle('counter-1', { kind: 'increment', by: 1 });
    expect(await handle('counter-1', { kind: 'increment', by: 1 }, { expectedRevision: 0 })).toEqual(
      E.left({ _tag: 'ConcurrencyConflict', stream: 'counter-1', expected: 0, actual: 1, attempts: 1 }),
    );
    expect(await handle('counter-1', { kind: 'increment', by: 1 }, { expectedRevision: 1 })).toMatchObject({ right: { nextExpectedRevision: 2 } });
  });

  it('lets faults other than conflicts through as exceptions', async () => {
    const inner = memoryEventStore();
    const { store } = instrumented(inner, { beforeAppend: () => Promise.reject(new Error('disk on fire')) });
    const handle = commandHandler({ store, decider: counter });
    await expect(handle('counter-1', { kind: 'increment', by: 1 })).rejects.toThrow('disk on fire');
    const refusing = commandHandler({ store: inner, decider: counter });
    await inner.close();
    await expect(refusing('counter-1', { kind: 'increment', by: 1 })).rejects.toBeInstanceOf(EventStoreError);
  });

  it('concurrent commands on one stream all take effect exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 2, maxLength: 12 }), async (increments) => {
        const store = memoryEventStore();
        const handle = commandHandler({ store, decider: counter, retry: { maxAttempts: 50, baseDelayMs: 1, maxDelayMs: 2 } });
        const results = await Promise.all(increments.map((by) => handle('counter-1', { kind: 'increment', by })));
        expect(results.every(E.isRight)).toBe(true);
        const events = await store.readStream('counter-1');
        expect(events).toHaveLength(increments.length);
        const total = events.reduce((sum, e) => sum + (e.data as { by: number }).by, 0);
        expect(total).toBe(increments.reduce((a, b) => a + b, 0));
      }),
      { numRuns: 20 },
    );
  });

  describe('snapshots', () => {
    it('keep the number of events read per command bounded however long the stream grows', async () => {
      const inner = memoryEventStore();
      const { store, eventsRead, resetCount } = instrumented(inner);
      const snapshots = memorySnapshotStore();
      // Without the state cache, which would read nothing at all: this is about what a load reads.
      const handle = commandHandler({ store, decider: counter, cache: false, snapshots: { store: snapshots, every: 50, version: 'counter.v1' } });
      const bare = commandHandler({ store, decider: counter, cache: false });
      for (let i = 0; i < 1000; i++) await handle('counter-1', { kind: 'increment', by: 1 });
      resetCount();
      const result = await handle('counter-1', { kind: 'increment', by: 1 });
      expect(result).toMatchObject({ right: { state: { value: 1001 } } });
      expect(eventsRead()).toBeLessThanOrEqual(50);
      resetCount();
      await bare('counter-1', { kind: 'increment', by: 1 });
      expect(eventsRead()).toBe(1001);
    });

    it('a snapshot of another version is ignored, and a lost snapshot only costs a longer load', async () => {
      const store = memoryEventStore();
      const snapshots = memorySnapshotStore();
      await snapshots.save({ stream: 'counter-1', revision: 0, version: 'counter.v0', state: { value: 999 } });
      const handle = commandHandler({ store, decider: counter, snapshots: { store: snapshots, every: 2, version: 'counter.v1' } });
      for (let i = 0; i < 5; i++) await handle('counter-1', { kind: 'increment', by: 1 });
      expect((await snapshots.load('counter-1'))?.state).toEqual({ value: 4 });
      const fresh = commandHandler({ store, decider: counter, snapshots: { store: memorySnapshotStore(), every: 2, version: 'counter.v1' } });
      expect(await fresh('counter-1', { kind: 'increment', by: 1 })).toMatchObject({ right: { state: { value: 6 } } });
    });

    it('a failing snapshot store does not fail a command whose events are stored', async () => {
      const store = memoryEventStore();
      const handle = commandHandler({
        store,
        decider: counter,
        snapshots: { store: { load: async () => null, save: () => Promise.reject(new Error('full')) }, every: 1, version: 'v1' },
      });
      expect(E.isRight(await handle('counter-1', { kind: 'increment', by: 1 }))).toBe(true);
    });
  });
});
