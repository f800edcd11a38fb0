import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPortPosition, toServerPosition } from './positions.js';

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

describe('global positions', () => {
  it('hand out the commit position itself, and name the same server position back, for every offset a number holds exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX }), (commit) => {
        const position = toPortPosition(commit);
        expect(BigInt(position)).toBe(commit);
        expect(toServerPosition(position)).toEqual({ commit, prepare: commit });
      }),
    );
  });

  it('keep the server order: a later commit is a larger position', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX }), fc.bigInt({ min: 0n, max: MAX }), (a, b) => {
        expect(Math.sign(toPortPosition(a) - toPortPosition(b))).toBe(a === b ? 0 : a < b ? -1 : 1);
      }),
    );
  });

  it('refuse an offset past 2^53 - 1 rather than round it onto a neighbour', () => {
    expect(toPortPosition(MAX)).toBe(Number.MAX_SAFE_INTEGER);
    fc.assert(
      fc.property(fc.bigInt({ min: MAX + 1n, max: 2n ** 64n }), (commit) => {
        expect(() => toPortPosition(commit)).toThrow(RangeError);
      }),
    );
    expect(() => toPortPosition(-1n)).toThrow(RangeError);
  });
});
