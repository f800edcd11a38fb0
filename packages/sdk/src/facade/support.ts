import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { z } from 'zod';
import type { FacadeError, ShopEntity, ShopError } from './errors.js';

export const notFound = (entity: ShopEntity, id: string): Either<ShopError, never> => E.left({ _tag: 'NotFound', entity, id });

/** The input's issues as the facade reports them, or the parsed value. */
export const parse = <S extends z.ZodType>(schema: S, input: unknown): Either<FacadeError, z.output<S>> => {
  const parsed = schema.safeParse(input);
  return parsed.success
    ? E.right(parsed.data)
    : E.left({ _tag: 'InvalidRequest', issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) });
};

/** Runs the steps in turn, stopping at the first refusal. */
export const chain = async <T>(steps: readonly (() => Promise<Either<ShopError, unknown>>)[], last: () => Promise<Either<ShopError, T>>): Promise<Either<ShopError, T>> => {
  for (const step of steps) {
    const result = await step();
    if (E.isLeft(result)) return result;
  }
  return last();
};

/** Widens a domain Either to the facade's error union. */
export const widen = <L extends ShopError, R>(result: Either<L, R>): Either<ShopError, R> => result;
