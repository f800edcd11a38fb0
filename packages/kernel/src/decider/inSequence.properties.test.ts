import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Decider } from './decider.js';
import { fold, inSequence } from './decider.js';

// A counter that refuses to go below zero or above a cap: enough to make some sequences fail part way.
type Ev = { type: 'Added'; data: { n: number } } | { type: 'Removed'; data: { n: number } };
type Cmd = { op: 'add' | 'remove'; n: number };
type Err = { _tag: 'Overflow' } | { _tag: 'Underflow' };
const CAP = 10;

const counter: Decider<number, Cmd, Ev, Err> = {
  initialState: () => 0,
  evolve: (state, event) => (event.type === 'Added' ? state + event.data.n : state - event.data.n),
  decide: (command, state) => {
    if (command.n === 0) return E.right([]);
    if (command.op === 'add') return state + command.n > CAP ? E.left({ _tag: 'Overflow' }) : E.right([{ type: 'Added', data: { n: command.n } }]);
    return state - command.n < 0 ? E.left({ _tag: 'Underflow' }) : E.right([{ type: 'Removed', data: { n: command.n } }]);
  },
};

const context = { now: new Date('2026-12-07T00:00:00.000Z') };
const command = fc.record({ op: fc.constantFrom<'add' | 'remove'>('add', 'remove'), n: fc.integer({ min: 0, max: 6 }) });

/** The commands decided one by one, each on the state the last left: the events of each, or the first refusal. */
const oneByOne = (state: number, commands: readonly Cmd[]): E.Either<Err, Ev[]> => {
  const events: Ev[] = [];
  let current = state;
  for (const c of commands) {
    const decided = counter.decide(c, current, context);
    if (E.isLeft(decided)) return decided;
    events.push(...decided.right);
    current = fold(counter, decided.right, current);
  }
  return E.right(events);
};

describe('inSequence', () => {
  const sequenced = inSequence(counter);

  it('records what deciding the commands one after another records, or nothing at all with the first refusal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: CAP }), fc.array(command, { maxLength: 8 }), (state, commands) => {
        expect(sequenced.decide(commands, state, context)).toEqual(oneByOne(state, commands));
      }),
    );
  });

  it('never decides a state its decider would refuse: the folded result stays within the invariant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: CAP }), fc.array(command, { maxLength: 8 }), (state, commands) => {
        const decided = sequenced.decide(commands, state, context);
        if (E.isRight(decided)) expect(fold(sequenced, decided.right, state)).toSatisfy((n: number) => n >= 0 && n <= CAP);
      }),
    );
  });

  it('decides no commands as no change, and keeps the decider state and fold', () => {
    expect(sequenced.decide([], 3, context)).toEqual(E.right([]));
    expect(sequenced.initialState()).toBe(0);
    expect(sequenced.evolve(2, { type: 'Added', data: { n: 1 } })).toBe(3);
  });
});
