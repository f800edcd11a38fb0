import type { z } from 'zod';
import { problem } from '../problem/problem.js';
import type { Problem } from '../problem/problem.js';

export type InputLocation = 'path' | 'query' | 'body' | 'header';

export interface InvalidParam {
  readonly in: InputLocation;
  readonly name: string;
  readonly reason: string;
}

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly invalid: readonly InvalidParam[] };

const EMPTY = {};

/**
 * Parses one part of a request. Values are never echoed back: a reason says what was wrong, so a password
 * typed in the wrong field does not come back in an error body (or a log).
 */
export const validatePart = <S extends z.ZodType>(schema: S | undefined, location: InputLocation, input: unknown): Validated<z.infer<S>> => {
  if (schema === undefined) {
    const empty = input === undefined || (typeof input === 'object' && input !== null && Object.keys(input).length === 0);
    return empty
      ? { ok: true, value: EMPTY as z.infer<S> }
      : { ok: false, invalid: [{ in: location, name: '', reason: `this operation takes no ${location} parameters` }] };
  }
  const parsed = schema.safeParse(input ?? (location === 'body' ? undefined : EMPTY));
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    invalid: parsed.error.issues.map((issue) => ({
      in: location,
      name: [...issue.path, ...('keys' in issue && Array.isArray(issue.keys) ? [issue.keys.join(',')] : [])].join('.'),
      reason: issue.message,
    })),
  };
};

/** One 400 for everything wrong with a request, listing each invalid parameter (RFC 9457 §3's example). */
export const validationProblem = (invalid: readonly InvalidParam[]): Problem =>
  problem(400, 'ValidationFailed', 'the request has invalid parameters', { code: 'ValidationFailed', invalidParams: invalid });
