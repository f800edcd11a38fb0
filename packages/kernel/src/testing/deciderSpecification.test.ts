import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Decider } from '../decider/decider.js';
import { deciderSpecification } from './deciderSpecification.js';

type Ev = { type: 'Opened'; data: { at: string } } | { type: 'Closed'; data: Record<string, never> };
type Cmd = { kind: 'open' } | { kind: 'close' };
type Err = { _tag: 'AlreadyOpen'; since: string } | { _tag: 'NotOpen' };

const door: Decider<{ openSince: string | null }, Cmd, Ev, Err> = {
  initialState: () => ({ openSince: null }),
  evolve: (_, event) => ({ openSince: event.type === 'Opened' ? event.data.at : null }),
  decide: (command, state, { now }) =>
    command.kind === 'open'
      ? state.openSince
        ? E.left({ _tag: 'AlreadyOpen', since: state.openSince })
        : E.right([{ type: 'Opened', data: { at: now.toISOString() } }])
      : state.openSince
        ? E.right([{ type: 'Closed', data: {} }])
        : E.left({ _tag: 'NotOpen' }),
};

describe('deciderSpecification', () => {
  const spec = deciderSpecification(door);

  it('checks the events a command produces, with a fixed default time', () => {
    spec.given([]).when({ kind: 'open' }).then([{ type: 'Opened', data: { at: '2026-01-01T00:00:00.000Z' } }]);
    spec.given([]).when({ kind: 'open' }, { now: new Date('2026-02-02T00:00:00.000Z') }).then([{ type: 'Opened', data: { at: '2026-02-02T00:00:00.000Z' } }]);
  });

  it('checks a rejection, whole or by tag', () => {
    const opened: Ev[] = [{ type: 'Opened', data: { at: 'then' } }];
    spec.given(opened).when({ kind: 'open' }).then({ _tag: 'AlreadyOpen', since: 'then' });
    spec.given(opened).when({ kind: 'open' }).thenFails('AlreadyOpen', { since: 'then' });
    spec.given([...opened, { type: 'Closed', data: {} }]).when({ kind: 'close' }).thenFails('NotOpen');
  });

  it('fails when the decision differs from what is expected', () => {
    expect(() => spec.given([]).when({ kind: 'close' }).then([])).toThrow();
    expect(() => spec.given([]).when({ kind: 'open' }).thenFails('NotOpen')).toThrow();
    expect(() => spec.given([]).when({ kind: 'close' }).thenFails('AlreadyOpen')).toThrow();
  });
});
