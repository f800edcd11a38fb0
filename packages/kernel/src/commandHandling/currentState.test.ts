import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Decider } from '../decider/decider.js';
import { fold } from '../decider/decider.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import { toEvent } from '../events/event.js';
import { commandHandler } from './commandHandler.js';

type Ev = { type: 'Added'; data: { n: number } } | { type: 'Cleared'; data: Record<string, never> };
type Command = { kind: 'add'; n: number } | { kind: 'clear' } | { kind: 'nothing' };
interface State {
  readonly items: readonly number[];
}
const list: Decider<State, Command, Ev, never> = {
  initialState: () => ({ items: [] }),
  evolve: (state, event) => (event.type === 'Added' ? { items: [...state.items, event.data.n] } : { items: [] }),
  decide: (command) => E.right(command.kind === 'add' ? [{ type: 'Added', data: { n: command.n } }] : command.kind === 'clear' ? [{ type: 'Cleared', data: {} }] : []),
};

const freshState = async (store: EventStore, stream: string, upTo: number) =>
  fold(list, (await store.readStream(stream)).filter((e) => e.revision <= upTo).map((e) => toEvent<Ev>(e)));

type Op =
  | { readonly who: 'process' | 'outsider'; readonly stream: string; readonly command: Command }
  | { readonly who: 'reader'; readonly stream: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    who: fc.constantFrom('process' as const, 'outsider' as const),
    stream: fc.constantFrom('list-a', 'list-b'),
    command: fc.oneof(fc.integer({ min: 0, max: 9 }).map((n): Command => ({ kind: 'add', n })), fc.constant<Command>({ kind: 'clear' }), fc.constant<Command>({ kind: 'nothing' })),
  }),
  fc.record({ who: fc.constant('reader' as const), stream: fc.constantFrom('list-a', 'list-b') }),
);

describe('a command handler’s current state', () => {
  it('is the state a fresh load gives at some moment during the call, with outside writers and commands in flight', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { maxLength: 12 }), async (groups) => {
        const store = memoryEventStore();
        // The process's handler reads with its cache; the outsider writes the same streams behind its back.
        const process = commandHandler({ store, decider: list, sleep: async () => undefined });
        const outsider = commandHandler({ store, decider: list, cache: false, sleep: async () => undefined });
        const seen: { stream: string; state: State; revision: number; before: number; after: number }[] = [];
        for (const group of groups) {
          // Each group runs at once: reads interleave with appends of the same streams.
          await Promise.all(
            group.map(async (o) => {
              if (o.who === 'reader') {
                const before = await store.streamRevision(o.stream);
                const { state, revision } = await process.current(o.stream);
                const after = await store.streamRevision(o.stream);
                seen.push({ stream: o.stream, state, revision, before, after });
              } else {
                expect(E.isRight(await (o.who === 'process' ? process : outsider)(o.stream, o.command))).toBe(true);
              }
            }),
          );
        }
        for (const s of seen) {
          expect(s.revision).toBeGreaterThanOrEqual(s.before);
          expect(s.revision).toBeLessThanOrEqual(s.after);
          expect(s.state).toEqual(await freshState(store, s.stream, s.revision));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reads no event while the stream has not moved since the handler last wrote it, then only the new ones', async () => {
    const base = memoryEventStore();
    let eventsRead = 0;
    const store: EventStore = {
      ...base,
      readStream: async (stream, options) => {
        const events = await base.readStream(stream, options);
        eventsRead += events.length;
        return events;
      },
    };
    const handler = commandHandler({ store, decider: list });
    for (let n = 0; n < 5; n++) await handler('list-a', { kind: 'add', n });
    eventsRead = 0;
    expect((await handler.current('list-a')).state.items).toEqual([0, 1, 2, 3, 4]);
    expect(eventsRead).toBe(0);
    await base.append('list-a', [{ type: 'Added', data: { n: 5 } }]);
    expect(await handler.current('list-a')).toEqual({ state: { items: [0, 1, 2, 3, 4, 5] }, revision: 5 });
    expect(eventsRead).toBe(1);
  });
});
