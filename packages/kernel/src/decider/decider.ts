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
