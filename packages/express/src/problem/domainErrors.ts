import { problem } from './problem.js';
import type { Problem } from './problem.js';

/** What every domain error has in common: a literal tag, plus structured fields. */
export interface TaggedError {
  readonly _tag: string;
}

/**
 * The one exhaustive map from domain error tags to HTTP statuses. A `Record` over the union of tags, so adding
 * an error to the domain without deciding its status does not compile.
 */
export type ErrorStatusMap<Tag extends string> = Readonly<Record<Tag, number>>;

/** Fields that must never reach a client, whatever a domain error happens to carry. */
const HIDDEN_FIELDS = new Set(['_tag', 'stack', 'cause', 'password', 'passwordHash', 'token', 'secret', 'code']);

/** The members RFC 9457 gives a problem; a domain error's field of the same name must not take their place. */
const PROBLEM_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance']);

/**
 * What a clashing field is sent as: named after what the error is about (`OrderNotOnRiskHold { orderId, status }`
 * sends `orderStatus`), or `domainStatus` when the error names no `...Id`. Sent as it was, the HTTP status would
 * overwrite the order's.
 */
const renamed = (error: TaggedError, key: string): string => {
  const subject = Object.keys(error).find((field) => field.endsWith('Id') && field.length > 2)?.slice(0, -2) ?? 'domain';
  return `${subject}${key.charAt(0).toUpperCase()}${key.slice(1)}`;
};

const extensionsOf = (error: TaggedError): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (HIDDEN_FIELDS.has(key)) continue;
    out[PROBLEM_MEMBERS.has(key) ? renamed(error, key) : key] = value;
  }
  return out;
};

/**
 * Turns a domain error into problem+json. The tag becomes the problem type and a `code` member; the error's
 * other structured fields become extension members.
 */
export const domainProblem = <Tag extends string>(statuses: ErrorStatusMap<Tag>, error: TaggedError & { readonly _tag: Tag }, detail?: string): Problem => {
  const status = statuses[error._tag];
  return problem(status, error._tag, detail ?? describe(error._tag), { ...extensionsOf(error), code: error._tag });
};

/** `OutOfStock` -> `out of stock`: a readable detail without leaking any field values. */
const describe = (tag: string): string => tag.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
