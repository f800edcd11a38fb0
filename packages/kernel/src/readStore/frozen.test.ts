import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { frozenDocument, frozenJson, handedOut } from './frozen.js';
import { jsonCopy } from './values.js';

const refuse = (reason: string): never => {
  throw new Error(reason);
};

const key = fc.stringMatching(/^[a-z0-9_]{1,6}$/);
/** Values as callers hand them in: with undefined properties and items, -0, and now and then a value JSON cannot hold. */
const incoming = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(-0),
    fc.boolean(),
    fc.integer({ min: -3, max: 3 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 3 }),
    fc.constant(Number.NaN),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const outcome = (run: () => unknown): { value: string } | { error: string } => {
  try {
    return { value: JSON.stringify(run()) };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

const deeplyFrozen = (value: unknown): boolean =>
  typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(deeplyFrozen));

const hasNegativeZero = (value: unknown): boolean =>
  Object.is(value, -0) || (typeof value === 'object' && value !== null && Object.values(value).some(hasNegativeZero));

describe('frozenJson', () => {
  it('stores what the copying value rule stored, or refuses with the same reason, and freezes all of it', () => {
    fc.assert(
      fc.property(incoming, (value) => {
        const copied = outcome(() => jsonCopy(structuredClone(value), '$', refuse));
        let frozen: unknown;
        const result = outcome(() => (frozen = frozenJson(structuredClone(value), refuse)));
        expect(result).toEqual(copied);
        if ('value' in result) {
          expect(deeplyFrozen(frozen)).toBe(true);
          expect(hasNegativeZero(frozen)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a value that needs no normalising, and copies only the parts that do and their parents', () => {
    const kept = { a: [1, { b: 'x' }], c: { d: null } };
    expect(frozenJson(kept, refuse)).toBe(kept);
    const list = [1, 2];
    const mixed = { keep: list, drop: undefined, inner: { zero: -0 } };
    const stored = frozenJson(mixed, refuse) as { keep: number[]; inner: { zero: number } };
    expect(stored).not.toBe(mixed);
    expect(stored.keep).toBe(list);
    expect(Object.keys(stored)).toEqual(['keep', 'inner']);
    expect(Object.is(stored.inner.zero, 0)).toBe(true);
    expect(frozenJson([1, undefined, 3], refuse)).toEqual([1, null, 3]);
  });

  it('does not walk again into a part it already froze', () => {
    const big = frozenJson({ lines: Array.from({ length: 3 }, (_, i) => ({ i })) }, refuse) as { lines: readonly object[] };
    const next = { lines: big.lines, status: 'paid' };
    expect(frozenJson(next, refuse)).toBe(next);
    expect((frozenJson(next, refuse) as { lines: unknown }).lines).toBe(big.lines);
  });

  it('walks any copy of a checked part again: spreads, Object.assign and clones do not carry the mark', () => {
    fc.assert(
      fc.property(fc.dictionary(key, incoming, { maxKeys: 3 }), fc.constantFrom<unknown>(new Date(0), () => 1, Number.NaN, 10n), (body, bad) => {
        let stored: { readonly part: Record<string, unknown>; readonly list: readonly unknown[] };
        try {
          stored = frozenJson({ part: { ...body, inner: [{ x: 1 }] }, list: [{ y: 1 }, [2]] }, refuse) as typeof stored;
        } catch {
          return; // the body itself was refused
        }
        const copies: object[] = [{ ...stored.part }, Object.assign({}, stored.part), structuredClone(stored.part), [...stored.list], stored.list.slice()];
        for (const copy of copies) {
          if (Array.isArray(copy)) copy.push(bad);
          else (copy as Record<string, unknown>).bad = bad;
          expect(() => frozenJson({ copy }, refuse)).toThrow();
        }
        // The mark stays out of sight: JSON and the enumerable keys are those of the document alone.
        expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
        expect(Reflect.ownKeys(stored).filter((k) => Object.getOwnPropertyDescriptor(stored, k)?.enumerable)).toEqual(['part', 'list']);
      }),
      { numRuns: 100 },
    );
  });

  it('freezes a document as frozenJson does, refusing the same values, and keeps a stored one as it is', () => {
    const document = fc.dictionary(key, incoming, { maxKeys: 5 });
    fc.assert(
      fc.property(document, document, (body, other) => {
        const once = outcome(() => frozenJson(structuredClone(body), refuse));
        const stored = outcome(() => frozenDocument(structuredClone(body), refuse));
        expect(stored).toEqual(once);
        // Frozen by its caller is not checked: it is walked all the same.
        expect(outcome(() => frozenDocument(Object.freeze(structuredClone(body)), refuse))).toEqual(once);
        if ('error' in stored) return;
        const first = frozenDocument(structuredClone(body), refuse) as Record<string, unknown>;
        expect(deeplyFrozen(first)).toBe(true);
        // The same document again is kept as it is; a new version sharing its parts is checked like a fresh value.
        expect(frozenDocument(first, refuse)).toBe(first);
        const next = { ...first, ...other };
        expect(outcome(() => frozenDocument(next, refuse))).toEqual(outcome(() => frozenJson(structuredClone(next), refuse)));
      }),
    );
  });

  it('accepts frozen parts it did not mark (a stored document, or a frozen value, inside another) as a copy would be', () => {
    const document = fc.dictionary(key, incoming, { maxKeys: 5 });
    fc.assert(
      fc.property(document, fc.boolean(), (body, stored) => {
        const part = stored ? outcome(() => frozenDocument(structuredClone(body), refuse)) : outcome(() => Object.freeze(structuredClone(body)));
        if ('error' in part) return;
        const inner = stored ? frozenDocument(structuredClone(body), refuse) : Object.freeze(structuredClone(body));
        // Twice, so that the second walk meets what the first one froze.
        for (let i = 0; i < 2; i++) {
          expect(outcome(() => frozenDocument({ _id: 'outer', inner, list: [inner] }, refuse))).toEqual(outcome(() => frozenJson(structuredClone({ _id: 'outer', inner: body, list: [body] }), refuse)));
        }
      }),
    );
  });

  it('hands out documents that were loaded unfrozen as frozen ones', () => {
    const loaded = JSON.parse('{"_id":"a","list":[{"n":1}]}') as object;
    expect(Object.isFrozen(loaded)).toBe(false);
    expect(handedOut(loaded)).toBe(loaded);
    expect(deeplyFrozen(loaded)).toBe(true);
  });
});
