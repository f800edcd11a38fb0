import type { Actor } from '@shopstream/kernel';
import type { CallOptions } from '@shopstream/sdk';

/** The simulator never waits for read models between commands: nothing it decides reads them back at once. */
const FAST = { readYourWrites: false } as const;

/**
 * One stretch of someone's dealings with the shop, as a host records its requests: a sign-up, a visit (browse,
 * cart, checkout, pay), a morning after a delivery, a staff task. Every command of it carries the journey's
 * correlation id and its actor; each is a step with an id of its own (`<correlation>:<n>`, numbered in order, so
 * step 3 follows step 2) that its events name as their causation. The processes' reactions and the timeouts they
 * schedule continue the same correlation, so an auditor's `correlation <id>` lists the whole journey.
 *
 * Ids are made of the seed, the day and the customer's or order's number, never drawn from the random streams:
 * naming a journey must not shift what the simulation draws next.
 */
export interface Journey {
  readonly correlationId: string;
  /** The options of the journey's next command, made by `actor`. */
  step(actor: Actor): CallOptions;
}

/**
 * A journey with this correlation id. Ids keep to the characters an HTTP host accepts as an `X-Request-Id`
 * (letters, digits, `.`, `_`, `:`, `-`), so a simulated history reads like one recorded over the API.
 */
export const journey = (correlationId: string): Journey => {
  let steps = 0;
  return {
    correlationId,
    step: (actor) => {
      steps += 1;
      return { ...FAST, metadata: { correlationId, causationId: `${correlationId}:${steps}`, actor } };
    },
  };
};

/** Someone signing up, before the shop has given them an id. */
export const newcomer: Actor = { kind: 'customer', id: 'anonymous' };

export const customerActor = (userId: string): Actor => ({ kind: 'customer', id: userId });

export const staffActor = (staffId: string): Actor => ({ kind: 'staff', id: staffId });
