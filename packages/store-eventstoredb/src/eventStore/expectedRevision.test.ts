import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import type { ExpectedRevision } from '@shopstream/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromServerExpectation, fromServerRevision, headExpectation, toServerExpectation } from './expectedRevision.js';

const expectation: fc.Arbitrary<ExpectedRevision> = fc.oneof(fc.constantFrom<ExpectedRevision>('any', 'no_stream', 'stream_exists'), fc.nat());

describe('expected revisions', () => {
  it("map the port's four modes onto the server's own, one to one", () => {
    expect(toServerExpectation('any')).toBe(ANY);
    expect(toServerExpectation('no_stream')).toBe(NO_STREAM);
    expect(toServerExpectation('stream_exists')).toBe(STREAM_EXISTS);
    expect(toServerExpectation(7)).toBe(7n);
    fc.assert(fc.property(expectation, (expected) => {
      expect(fromServerExpectation(toServerExpectation(expected))).toBe(expected);
    }));
  });

  it('condition an append on the head it read: no stream, or exactly the last revision', () => {
    expect(headExpectation(-1)).toBe(NO_STREAM);
    fc.assert(fc.property(fc.nat(), (revision) => {
      expect(headExpectation(revision)).toBe(BigInt(revision));
    }));
  });

  it("read the server's current revision on a conflict as the port's actual revision", () => {
    expect(fromServerRevision(NO_STREAM)).toBe(-1);
    fc.assert(fc.property(fc.nat(), (revision) => {
      expect(fromServerRevision(BigInt(revision))).toBe(revision);
    }));
  });
});
