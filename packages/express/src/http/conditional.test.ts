import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { etagOf, holdsRevision, parseIfMatch, parseIfNoneMatch } from './conditional.js';

/** Revisions whose ETag we give: up to 15 digits. */
const revision = fc.integer({ min: 0, max: 999_999_999_999_999 });
/** Header text of every kind: printable ASCII most of the time (where tags live), any code unit at all otherwise. */
const anyHeader = fc.oneof(fc.string({ maxLength: 40, unit: fc.constantFrom(...' ",W/*0123456789abc\t'.split('')) }), fc.string({ maxLength: 40, unit: 'binary' }));
/** An entity tag some other server could give: its opaque part is never one of ours (not 1 to 15 digits). */
const foreignOpaque = fc
  .string({ maxLength: 20, unit: fc.integer({ min: 0x21, max: 0x7e }).filter((c) => c !== 0x22).map((c) => String.fromCharCode(c)) })
  .filter((opaque) => !/^(?:0|[1-9]\d{0,14})$/.test(opaque));
const weakOrStrong = (opaque: string, weak: boolean): string => `${weak ? 'W/' : ''}"${opaque}"`;

describe('ETag and If-Match', () => {
  it('an ETag we give pins exactly its revision', () => {
    fc.assert(
      fc.property(revision, (r) => {
        expect(parseIfMatch(etagOf(r))).toEqual({ _tag: 'Revision', revision: r });
      }),
      { numRuns: 100 },
    );
  });

  it('anything else is absent, any, or unusable, never a revision, and never throws', () => {
    fc.assert(
      fc.property(anyHeader, (header) => {
        const parsed = parseIfMatch(header);
        if (parsed._tag === 'Revision') expect(header.trim()).toBe(etagOf(parsed.revision));
        if (parsed._tag === 'Any') expect(header.trim()).toBe('*');
        expect(parsed._tag).not.toBe('Absent');
      }),
      { numRuns: 300 },
    );
    expect(parseIfMatch(undefined)).toEqual({ _tag: 'Absent' });
    expect(parseIfMatch('*')).toEqual({ _tag: 'Any' });
    expect(parseIfMatch('W/"3"')).toEqual({ _tag: 'Unusable' });
    expect(parseIfMatch('"1", "2"')).toEqual({ _tag: 'Unusable' });
    expect(parseIfMatch('"07"')).toEqual({ _tag: 'Unusable' });
  });
});

describe('If-None-Match', () => {
  it('a list of tags names exactly the revisions of ours in it, weak or strong, whatever foreign tags and spacing surround them', () => {
    const item = fc.oneof(
      fc.record({ ours: fc.constant(true), revision, weak: fc.boolean() }),
      fc.record({ ours: fc.constant(false), opaque: foreignOpaque, weak: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 6 }), fc.constantFrom(',', ', ', ' ,', ' , ', ',,', ', ,\t'), (items, separator) => {
        const header = items.map((i) => (i.ours ? weakOrStrong(String(i.revision), i.weak) : weakOrStrong(i.opaque, i.weak))).join(separator);
        const expected = items.flatMap((i) => (i.ours ? [i.revision] : []));
        expect(parseIfNoneMatch(header)).toEqual({ _tag: 'Revisions', revisions: expected });
        for (const r of expected) expect(holdsRevision(parseIfNoneMatch(header), r)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('any header names only revisions whose tag it holds, or none, and never throws', () => {
    fc.assert(
      fc.property(anyHeader, revision, (header, r) => {
        const parsed = parseIfNoneMatch(header);
        if (parsed._tag === 'Any') expect(header.trim()).toBe('*');
        if (parsed._tag === 'Revisions') for (const named of parsed.revisions) expect(header).toContain(etagOf(named));
        // Only `*` or the revision's own tag makes a read answer 304.
        if (holdsRevision(parsed, r)) expect(parsed._tag === 'Any' || header.includes(etagOf(r))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('reads the forms a client sends, and ignores what is not a list of tags', () => {
    expect(parseIfNoneMatch(undefined)).toEqual({ _tag: 'Absent' });
    expect(parseIfNoneMatch(' * ')).toEqual({ _tag: 'Any' });
    expect(parseIfNoneMatch('W/"7"')).toEqual({ _tag: 'Revisions', revisions: [7] });
    expect(parseIfNoneMatch('"x,y", "7"')).toEqual({ _tag: 'Revisions', revisions: [7] });
    // Not a list of tags (no comma between them, a bare token, an unclosed quote): nothing is named.
    expect(parseIfNoneMatch('"7" "8"')).toEqual({ _tag: 'Absent' });
    expect(parseIfNoneMatch('7')).toEqual({ _tag: 'Absent' });
    expect(parseIfNoneMatch('"7')).toEqual({ _tag: 'Absent' });
    expect(parseIfNoneMatch('w/"7"')).toEqual({ _tag: 'Absent' });
    expect(parseIfNoneMatch('"1234567890123456", "07"')).toEqual({ _tag: 'Revisions', revisions: [] });
    expect(holdsRevision({ _tag: 'Absent' }, 0)).toBe(false);
    expect(holdsRevision({ _tag: 'Revisions', revisions: [] }, 0)).toBe(false);
    expect(holdsRevision({ _tag: 'Any' }, 12)).toBe(true);
  });
});
