import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import type { AppendExpectedRevision, CurrentRevision } from '@eventstore/db-client';
import type { ExpectedRevision } from '@shopstream/kernel';

/** The port's expectation in the client's terms (the four modes are EventStoreDB's own). */
export const toServerExpectation = (expected: ExpectedRevision): AppendExpectedRevision =>
  expected === 'any' ? ANY : expected === 'no_stream' ? NO_STREAM : expected === 'stream_exists' ? STREAM_EXISTS : BigInt(expected);

/** The exact expectation an append is conditioned on once the stream's head is known: -1 is no stream. */
export const headExpectation = (revision: number): AppendExpectedRevision => (revision < 0 ? NO_STREAM : BigInt(revision));

/** The stream's revision as the server reports it on a conflict, in the port's terms (-1 when there is no stream). */
export const fromServerRevision = (current: CurrentRevision): number => (current === NO_STREAM ? -1 : Number(current));

/** Back from the client's terms, for errors that carry the server's view of the expectation. */
export const fromServerExpectation = (expected: AppendExpectedRevision): ExpectedRevision =>
  expected === ANY ? 'any' : expected === NO_STREAM ? 'no_stream' : expected === STREAM_EXISTS ? 'stream_exists' : Number(expected);
