import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, jsonProblem } from './canonicalJson.js';

const shuffleKeys = (value: unknown, seed: number): unknown => {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, seed));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const rotated = entries.map((_, i) => entries[(i + seed) % entries.length] as [string, unknown]);
    return Object.fromEntries(rotated.map(([k, v]) => [k, shuffleKeys(v, seed)]));
  }
  return value;
};

describe('canonicalJson', () => {
  it('gives the same text whatever order keys were inserted in, and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(10), (value, seed) => {
        const text = canonicalJson(value);
        expect(canonicalJson(shuffleKeys(value, seed))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('leaves out undefined properties as JSON does', () => {
    expect(canonicalJson({ b: 1, a: undefined, c: [undefined, 2] })).toBe('{"b":1,"c":[null,2]}');
  });
});

describe('jsonProblem', () => {
  it('accepts any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(jsonProblem(value)).toBeNull();
      }),
    );
  });

  it('names the path of what JSON cannot hold', () => {
    expect(jsonProblem({ a: [1, { b: 2n }] })).toBe('$.a[1].b is a bigint, which JSON cannot hold');
    expect(jsonProblem({ at: new Date(0) })).toBe('$.at is not a plain object');
    expect(jsonProblem({ n: Infinity })).toBe('$.n is a non-finite number');
    expect(jsonProblem(() => 1)).toBe('$ is a function, which JSON cannot hold');
  });
});
