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

/** The definition every hash stored so far was computed with: keys sorted by default sort, each key and primitive as JSON.stringify writes it. */
const reference = (value: unknown): string => {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`not a JSON value: ${typeof value}`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((item: unknown) => (item === undefined ? 'null' : reference(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`);
  return `{${members.join(',')}}`;
};

/** Any text at all: lone surrogates, control characters, quotes, backslashes, astral characters, digits as keys. */
const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom('"', '\\', '\u2028', '\ud800', '\udc00x', '10', '2', '-1', '__proto__'));
const values = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    anyText,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(tie('value'), fc.constant(undefined))),
    fc.dictionary(anyText, fc.oneof(tie('value'), fc.constant(undefined))),
  ),
})).value;

describe('canonicalJson', () => {
  it('writes exactly the text of the reference definition, so every hash stays the same (property)', () => {
    fc.assert(
      fc.property(values, (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });

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
