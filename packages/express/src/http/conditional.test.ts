import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { etagOf, parseIfMatch } from './conditional.js';

describe('ETag and If-Match', () => {
  it('an ETag we give pins exactly its revision', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (revision) => {
        fc.pre(String(revision).length <= 15);
        expect(parseIfMatch(etagOf(revision))).toEqual({ _tag: 'Revision', revision });
      }),
      { numRuns: 100 },
    );
  });

  it('anything else is absent, any, or unusable, never a revision', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (header) => {
        const parsed = parseIfMatch(header);
        if (parsed._tag === 'Revision') expect(header.trim()).toBe(etagOf(parsed.revision));
      }),
      { numRuns: 200 },
    );
    expect(parseIfMatch(undefined)).toEqual({ _tag: 'Absent' });
    expect(parseIfMatch('*')).toEqual({ _tag: 'Any' });
    expect(parseIfMatch('W/"3"')).toEqual({ _tag: 'Unusable' });
    expect(parseIfMatch('"1", "2"')).toEqual({ _tag: 'Unusable' });
  });
});
