import * as E from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import type { Decider, DecisionContext } from '../decider/decider.js';
import type { Event } from '../events/event.js';

export interface DeciderSpecification<Command, Ev extends Event, DomainError extends { readonly _tag: string }> {
  given(events: readonly Ev[]): {
    when(command: Command, context?: Partial<DecisionContext>): {
      /** Expects exactly these events, or exactly this domain error. */
      then(expected: readonly Ev[] | DomainError): void;
      /** Expects a domain error with this tag (and, when given, these fields). */
      thenFails(tag: DomainError['_tag'], fields?: Partial<DomainError>): void;
      /** The raw decision, for assertions the two above cannot express. */
      decision(): E.Either<DomainError, readonly Ev[]>;
    };
  };
}

/**
 * `given(events).when(command).then(events | error)` for a decider. The time a decision sees defaults to a
 * fixed instant so that specs are deterministic; pass `{ now }` to `when` to set it.
 */
export const deciderSpecification = <State, Command, Ev extends Event, DomainError extends { readonly _tag: string }>(
  decider: Decider<State, Command, Ev, DomainError>,
  defaults: DecisionContext = { now: new Date('2026-01-01T00:00:00.000Z') },
): DeciderSpecification<Command, Ev, DomainError> => ({
  given: (events) => ({
    when: (command, context) => {
      const decide = () => {
        let state = decider.initialState();
        for (const event of events) state = decider.evolve(state, event);
        return decider.decide(command, state, { ...defaults, ...context });
      };
      return {
        decision: decide,
        then: (expected) => {
          const decision = decide();
          if (Array.isArray(expected)) {
            expect(decision).toEqual(E.right(expected));
          } else {
            expect(decision).toEqual(E.left(expected));
          }
        },
        thenFails: (tag, fields) => {
          const decision = decide();
          expect(E.isLeft(decision), `expected ${tag}, got ${JSON.stringify(decision)}`).toBe(true);
          if (E.isLeft(decision)) {
            expect(decision.left._tag).toBe(tag);
            if (fields) expect(decision.left).toMatchObject(fields);
          }
        },
      };
    },
  }),
});
