import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';

/**
 * A refusal a reaction did not expect: thrown, so the reactor runtime retries the event and then stops on it
 * with the refusal recorded, rather than acting as if the command had worked.
 */
export class ProcessFault extends Error {
  override readonly name = 'ProcessFault';
  constructor(
    readonly process: string,
    readonly step: string,
    readonly refusal: { readonly _tag: string },
  ) {
    super(`${process}: ${step} was refused with ${refusal._tag}: ${JSON.stringify(refusal)}`);
  }
}

/** The command took effect (or had already: the decider decided nothing new), or was refused in one of the expected ways. */
export type Settled<L extends { readonly _tag: string }, R> =
  | { readonly done: true; readonly value: R }
  | { readonly done: false; readonly refusal: L };

/**
 * Sorts a command's result. `expected` lists the refusals that mean "nothing to do" or that the caller
 * handles itself (an order already paid, a reservation already released); any other refusal, including a
 * concurrency conflict that outlasted the handler's retries, is a fault.
 */
export const settle = <L extends { readonly _tag: string }, R, T extends L['_tag']>(
  process: string,
  step: string,
  result: Either<L, R>,
  expected: readonly T[],
): Settled<Extract<L, { readonly _tag: T }>, R> => {
  if (E.isRight(result)) return { done: true, value: result.right };
  const refusal = result.left;
  if ((expected as readonly string[]).includes(refusal._tag)) return { done: false, refusal: refusal as Extract<L, { readonly _tag: T }> };
  throw new ProcessFault(process, step, refusal);
};
