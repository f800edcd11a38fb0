import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Event } from '../events/event.js';

/** What a decision may depend on besides the command and the state. */
export interface DecisionContext {
  readonly now: Date;
}

/**
 * An aggregate as three pure functions. `decide` answers a command with the events that record it, or with
 * a tagged domain error; `evolve` folds one event into the state and must be total: it never throws, for
 * any event of the aggregate's union, including those whose personal data has been erased.
 */
export interface Decider<State, Command, E extends Event, DomainError extends { readonly _tag: string }> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: E) => State;
  readonly decide: (command: Command, state: State, context: DecisionContext) => Either<DomainError, readonly E[]>;
}

export const fold = <State, E extends Event>(
  decider: Pick<Decider<State, never, E, never>, 'initialState' | 'evolve'>,
  events: Iterable<E>,
  from: State = decider.initialState(),
): State => {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
};

/**
 * The decider that takes several commands as one: each is decided on the state the ones before it left, and
 * their events are recorded together, in one append, or none at all when any of them is refused. For a change a
 * caller makes as one (a product created with its SKUs and images, an If-Match covering all of it) out of an
 * aggregate's finer commands, without a command type for every combination.
 */
export const inSequence = <State, Command, Ev extends Event, DomainError extends { readonly _tag: string }>(
  decider: Decider<State, Command, Ev, DomainError>,
): Decider<State, readonly Command[], Ev, DomainError> => ({
  initialState: decider.initialState,
  evolve: decider.evolve,
  decide: (commands, state, context) => {
    const events: Ev[] = [];
    let current = state;
    for (const command of commands) {
      const decided = decider.decide(command, current, context);
      if (E.isLeft(decided)) return decided;
      for (const event of decided.right) {
        events.push(event);
        current = decider.evolve(current, event);
      }
    }
    return E.right(events);
  },
});
