import { ErrorType, isCommandError } from '@eventstore/db-client';
import { EventStoreError } from '@shopstream/kernel';
import type { ExpectedRevision, PreparedEvent } from '@shopstream/kernel';
import { fromServerRevision } from './expectedRevision.js';

/** What an append was doing when the client failed, to word the refusal. */
export interface AppendAttempt {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly batch: readonly PreparedEvent[];
}

/**
 * The client's refusals of an append, as the port's typed errors. A conflict, a tombstoned stream and an append
 * over the server's size limit are the caller's to handle; everything else (unavailable, timeout, access denied,
 * not leader) is a fault and is rethrown as the client's own error, so callers can still match on its `type`.
 */
export const appendError = (error: unknown, attempt: AppendAttempt): unknown => {
  if (!(error instanceof Error) || !isCommandError(error)) return error;
  switch (error.type) {
    case ErrorType.WRONG_EXPECTED_VERSION:
      return new EventStoreError({ _tag: 'WrongExpectedRevision', stream: attempt.stream, expected: attempt.expected, actual: fromServerRevision(error.actualVersion) });
    case ErrorType.STREAM_DELETED:
      return new EventStoreError({ _tag: 'InvalidStreamName', stream: attempt.stream, reason: 'the stream was deleted (tombstoned) on the server and cannot be written again' });
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED: {
      const sizes = attempt.batch.map((event) => Buffer.byteLength(event.dataJson) + Buffer.byteLength(event.metadataJson));
      const largest = sizes.indexOf(Math.max(...sizes));
      return new EventStoreError({
        _tag: 'InvalidEvent',
        stream: attempt.stream,
        index: largest,
        type: attempt.batch[largest]?.type ?? 'unknown',
        issues: [`the append is larger than the server accepts in one append (${error.maxAppendSize} bytes; raise the server's MaxAppendSize or split the payload)`],
      });
    }
    default:
      return error;
  }
};

/** Whether a read failed because the stream has no events (the port reads that as an empty stream). */
export const isMissingStream = (error: unknown): boolean =>
  error instanceof Error && isCommandError(error) && (error.type === ErrorType.STREAM_NOT_FOUND || error.type === ErrorType.NO_STREAM);

/** Whether the client failed for want of the server (as opposed to refusing what it was asked). */
export const isTransient = (error: unknown): boolean =>
  error instanceof Error &&
  isCommandError(error) &&
  [ErrorType.UNAVAILABLE, ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT, ErrorType.CANCELLED, ErrorType.NOT_LEADER].includes(error.type);

/** Whether the server refused the account: unknown credentials, or no read right where it read. */
export const isAccessDenied = (error: unknown): boolean => error instanceof Error && isCommandError(error) && error.type === ErrorType.ACCESS_DENIED;

/**
 * What is wrong with a connection string the client refused to parse, without the string itself (which may hold
 * a password), or null when the error is not that.
 */
export const connectionStringProblem = (error: unknown): string | null => {
  if (!(error instanceof Error) || error.constructor.name !== 'ParseError' || !('expected' in error) || !('location' in error)) return null;
  const location = Array.isArray(error.location) && typeof error.location[0] === 'number' ? error.location[0] : null;
  return `expected ${String(error.expected)}${location === null ? '' : ` at character ${location + 1}`}`;
};
