import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { UserDecisionError } from './errors.js';
import type { UserEvent } from './events.js';

/** What deciding one user command gives: the events that record it, or why it is refused. */
export type Decision = Either<UserDecisionError, readonly UserEvent[]>;

export const ok = (...events: UserEvent[]): Decision => E.right(events);
export const fail = (error: UserDecisionError): Decision => E.left(error);
export const later = (now: Date, ms: number): string => new Date(now.getTime() + ms).toISOString();
