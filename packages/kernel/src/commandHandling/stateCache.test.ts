import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Decider } from '../decider/decider.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import { memorySnapshotStore } from '../snapshots/snapshotStore.js';
import { commandHandler } from './commandHandler.js';
import { lruStateCache } from './stateCache.js';

/** A bounded counter: its refusals depend on the state, so a stale state would show as a wrong refusal. */
type TallyEvent = { type: 'Added'; data: { by: number } } | { type: 'Cleared'; data: Record<string, never> };
type TallyCommand = { kind: 'add'; by: number } | { kind: 'clear' } | { kind: 'noop' };
type TallyError = { _tag: 'OverLimit'; value: number };
const LIMIT = 10;
const tally: Decider<{ value: number }, TallyCommand, TallyEvent, TallyError> = {
  initialState: () => ({ value: 0 }),
  evolve: (state, event) => (event.type === 'Added' ? { value: state.value + event.data.by } : { value: 0 }),
  decide: (command, state) => {
    if (command.kind === 'noop') return E.right([]);
    if (command.kind === 'clear') return E.right(state.value === 0 ? [] : [{ type: 'Cleared', data: {} }]);
    return state.value + command.by > LIMIT ? E.left({ _tag: 'OverLimit', value: state.value }) : E.right([{ type: 'Added', data: { by: command.by } }]);
  },
};

/** One step of two processes sharing a store: a command through handler 0 or 1, or a write by a third party. */
type Step =
  | { readonly via: 0 | 1; readonly stream: string; readonly command: TallyCommand; readonly ifMatch: boolean }
  | { readonly via: 'direct'; readonly stream: string; readonly by: number };

const streams = fc.constantFrom('tally-a', 'tally-b', 'tally-c');
const command: fc.Arbitrary<TallyCommand> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 4 }).map((by) => ({ kind: 'add' as const, by })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'noop' as const }) },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ via: fc.constantFrom(0 as const, 1 as const), stream: streams, command, ifMatch: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ via: fc.constant('direct' as const), stream: streams, by: fc.integer({ min: 1, max: 3 }) }) },
);

/** Runs the steps one after another and records each outcome without ids and positions, which may differ. */
const run = async (steps: readonly Step[], cached: boolean) => {
  const store = memoryEventStore();
  const options = { store, decider: tally, retry: { maxAttempts: 1 }, ...(cached ? { cache: { maxStreams: 2 } } : { cache: false as const }) };
  const handlers = [commandHandler(options), commandHandler(options)] as const;
  // What each process last saw of each stream, as a client sends it back in If-Match.
  const seen = new Map<string, number>();
  const outcomes: unknown[] = [];
  for (const s of steps) {
    if (s.via === 'direct') {
      await store.append(s.stream, [{ type: 'Added', data: { by: s.by } }]);
      outcomes.push('direct');
      continue;
    }
    const key = `${s.via}/${s.stream}`;
    const ifMatch = s.ifMatch ? seen.get(key) : undefined;
    const result = await handlers[s.via](s.stream, s.command, ifMatch === undefined ? {} : { expectedRevision: ifMatch });
    if (E.isRight(result)) seen.set(key, result.right.nextExpectedRevision);
    outcomes.push(
      E.isLeft(result)
        ? result.left
        : {
            events: result.right.events.map((e) => ({ type: e.type, data: e.data, revision: e.revision })),
            next: result.right.nextExpectedRevision,
            state: result.right.state,
          },
    );
  }
  const stored = await store.readAll();
  return { outcomes, stored: stored.map((e) => ({ stream: e.stream, type: e.type, data: e.data, revision: e.revision })) };
};

describe('the command handler state cache', () => {
  it('gives the same decisions and events as reading the store every time, with two processes and outside writers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        expect(await run(steps, true)).toEqual(await run(steps, false));
      }),
      { numRuns: 200 },
    );
  });

  it('never lets concurrent commands from two processes break what the decider promises', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.tuple(fc.constantFrom(0 as const, 1 as const), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 6,
        }),
        async (waves) => {
          const store = memoryEventStore();
          const options = { store, decider: tally, retry: { maxAttempts: 50, baseDelayMs: 0, maxDelayMs: 1 } };
          const handlers = [commandHandler(options), commandHandler(options)] as const;
          let accepted = 0;
          for (const wave of waves) {
            const results = await Promise.all(wave.map(([via, by]) => handlers[via]('tally-x', { kind: 'add', by })));
            const stream = await store.readStream('tally-x');
            const totals = stream.map((_, i) => stream.slice(0, i + 1).reduce((sum, e) => sum + (e.data as { by: number }).by, 0));
            for (const [i, result] of results.entries()) {
              if (E.isRight(result)) {
                accepted += result.right.events.length;
                // The state handed back is exactly the stream folded up to the command's own revision.
                expect(result.right.state.value).toBe(totals[result.right.nextExpectedRevision]);
              } else {
                // A refusal rests on a state the stream really was in, and adding would not fit now either.
                const value = result.left._tag === 'OverLimit' ? result.left.value : -1;
                expect([0, ...totals]).toContain(value);
                expect(value + (wave[i]?.[1] ?? 0)).toBeGreaterThan(LIMIT);
              }
            }
          }
          const events = await store.readStream('tally-x');
          expect(events).toHaveLength(accepted);
          expect(events.reduce((sum, e) => sum + (e.data as { by: number }).by, 0)).toBeLessThanOrEqual(LIMIT);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('after a write by another process, decides on the stream as it is, not as this process left it', async () => {
    const store = memoryEventStore();
    const handle = commandHandler({ store, decider: tally });
    await handle('tally-1', { kind: 'add', by: 9 });
    await store.append('tally-1', [{ type: 'Cleared', data: {} }]); // another process
    // The cache says 9, so adding 2 would be refused; the store says 0.
    expect(await handle('tally-1', { kind: 'add', by: 2 })).toMatchObject({ right: { state: { value: 2 }, nextExpectedRevision: 2 } });
    await store.append('tally-1', [{ type: 'Added', data: { by: 8 } }]);
    // Cached 2 would accept 3; the store holds 10, so the command is refused, as without a cache.
    expect(await handle('tally-1', { kind: 'add', by: 3 })).toEqual(E.left({ _tag: 'OverLimit', value: 10 }));
  });

  it('reads nothing for a stream it wrote last, and everything with the cache turned off', async () => {
    const inner = memoryEventStore();
    let reads = 0;
    const store: EventStore = { ...inner, readStream: (stream, options) => ((reads += 1), inner.readStream(stream, options)) };
    const cachedHandle = commandHandler({ store, decider: tally });
    for (let i = 0; i < 5; i++) await cachedHandle('tally-1', { kind: 'add', by: 1 });
    expect(reads).toBe(1);
    reads = 0;
    const uncached = commandHandler({ store, decider: tally, cache: false });
    for (let i = 0; i < 5; i++) await uncached('tally-2', { kind: 'add', by: 1 });
    expect(reads).toBe(5);
  });

  it('catches a stale cached state up by reading only the events after it', async () => {
    const inner = memoryEventStore();
    const read: number[] = [];
    const store: EventStore = {
      ...inner,
      readStream: async (stream, options) => {
        const events = await inner.readStream(stream, options);
        read.push(...events.map((event) => event.revision));
        return events;
      },
    };
    const handle = commandHandler({ store, decider: tally });
    for (let i = 0; i < 4; i++) await handle('tally-1', { kind: 'add', by: 1 });
    await inner.append('tally-1', [{ type: 'Cleared', data: {} }, { type: 'Added', data: { by: 2 } }]); // another process
    read.length = 0;
    // After the conflict on the cached revision 3, only revisions 4 and 5 are read.
    expect(await handle('tally-1', { kind: 'add', by: 1 })).toMatchObject({ right: { state: { value: 3 }, nextExpectedRevision: 6 } });
    expect(read).toEqual([4, 5]);
    await inner.append('tally-1', [{ type: 'Added', data: { by: 5 } }]);
    read.length = 0;
    expect(await handle.current('tally-1')).toEqual({ state: { value: 8 }, revision: 7 });
    expect(read).toEqual([7]);
    await inner.append('tally-1', [{ type: 'Added', data: { by: 2 } }]);
    read.length = 0;
    // A refusal decided on the cached state is checked against the head, then decided again on the events after it.
    expect(await handle('tally-1', { kind: 'add', by: 1 })).toEqual(E.left({ _tag: 'OverLimit', value: 10 }));
    expect(read).toEqual([8]);
  });

  it('a stale cached state costs a retry from the store, not one of the bounded attempts', async () => {
    const store = memoryEventStore();
    const handle = commandHandler({ store, decider: tally, retry: { maxAttempts: 1 } });
    await handle('tally-1', { kind: 'add', by: 1 });
    await store.append('tally-1', [{ type: 'Added', data: { by: 1 } }]);
    expect(await handle('tally-1', { kind: 'add', by: 1 })).toMatchObject({ right: { state: { value: 3 }, nextExpectedRevision: 2 } });
  });

  it('keeps taking snapshots at the same revisions as without a cache', async () => {
    const saved = async (cache: false | undefined) => {
      const store = memoryEventStore();
      const snapshots = memorySnapshotStore();
      const revisions: number[] = [];
      const recording = { load: (stream: string) => snapshots.load(stream), save: async (s: Parameters<typeof snapshots.save>[0]) => (revisions.push(s.revision), snapshots.save(s)) };
      const handle = commandHandler({ store, decider: tally, snapshots: { store: recording, every: 3, version: 'v1' }, ...(cache === false ? { cache } : {}) });
      for (let i = 0; i < 10; i++) await handle('tally-1', { kind: i % 4 === 3 ? 'clear' : 'add', by: 1 });
      return revisions;
    };
    expect(await saved(undefined)).toEqual(await saved(false));
  });
});

describe('lruStateCache', () => {
  it('holds at most maxStreams, dropping the least recently used', () => {
    const cache = lruStateCache<number>(2);
    cache.set('a', { state: 1, revision: 0, snapshotRevision: -1 });
    cache.set('b', { state: 2, revision: 0, snapshotRevision: -1 });
    cache.get('a');
    cache.set('c', { state: 3, revision: 0, snapshotRevision: -1 });
    expect([cache.get('a')?.state, cache.get('b'), cache.get('c')?.state]).toEqual([1, undefined, 3]);
  });

  it('never replaces a newer revision of a stream with an older one', () => {
    const cache = lruStateCache<number>(2);
    cache.set('a', { state: 5, revision: 4, snapshotRevision: -1 });
    cache.set('a', { state: 3, revision: 2, snapshotRevision: -1 });
    expect(cache.get('a')?.revision).toBe(4);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => lruStateCache(0)).toThrow(TypeError);
  });
});
