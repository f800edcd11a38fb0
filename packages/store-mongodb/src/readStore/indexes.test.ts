import { declareIndex } from '@shopstream/kernel';
import type { IndexSpec } from '@shopstream/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_OVERRIDE, declaredFromMongo, indexDescription, indexSpec } from './indexes.js';

const path = fc.constantFrom('sku', 'total.amount', 'lines.sku', 'customer', 'tags');
const ordinary: fc.Arbitrary<IndexSpec> = fc.record(
  {
    keys: fc.uniqueArray(fc.tuple(path, fc.constantFrom<1 | -1>(1, -1)), { selector: ([p]) => p, minLength: 1, maxLength: 3 }).map((entries) => Object.fromEntries(entries)),
    unique: fc.boolean(),
    sparse: fc.boolean(),
    name: fc.constantFrom('by_key', 'other'),
  },
  { requiredKeys: ['keys'] },
);

/** What listIndexes answers for an index made from `description`, as the server reports it (text indexes by weights). */
const listed = (description: ReturnType<typeof indexDescription>): Record<string, unknown> => {
  const { key, ...options } = description;
  const entries = Object.entries(key);
  if (entries.some(([, kind]) => kind === 'text')) {
    return { v: 2, key: { _fts: 'text', _ftsx: 1 }, name: options.name, weights: Object.fromEntries(entries.map(([field]) => [field, 1])), default_language: 'none', language_override: LANGUAGE_OVERRIDE, textIndexVersion: 3 };
  }
  return { v: 2, ...options, key };
};

describe('index declarations on MongoDB', () => {
  it('come back from listIndexes as they were declared', () => {
    fc.assert(
      fc.property(ordinary, (spec) => {
        const declared = declareIndex(spec);
        expect(declaredFromMongo(listed(indexDescription(declared)))).toEqual(declared);
        expect(declareIndex(indexSpec(declared))).toEqual(declared);
      }),
    );
  });

  it('make text indexes with no language, so there is no stemming and a language field is only data', () => {
    const declared = declareIndex({ keys: { title: 'text', description: 'text' } });
    expect(indexDescription(declared)).toEqual({ key: { title: 'text', description: 'text' }, name: 'title_text_description_text', default_language: 'none', language_override: LANGUAGE_OVERRIDE });
    expect(declaredFromMongo(listed(indexDescription(declared)))).toEqual(declared);
  });

  it('leave _id_ and the kinds outside the subset to the server', () => {
    expect(declaredFromMongo({ v: 2, key: { _id: 1 }, name: '_id_' })).toBeUndefined();
    expect(declaredFromMongo({ v: 2, key: { where: '2dsphere' }, name: 'where_2dsphere' })).toBeUndefined();
    expect(declaredFromMongo({ v: 2, key: { sku: 'hashed' }, name: 'sku_hashed' })).toBeUndefined();
    expect(declaredFromMongo({ v: 2, key: { _fts: 'text', _ftsx: 1, shop: 1 }, name: 'compound_text', weights: { title: 1 } })).toBeUndefined();
  });
});
