import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchSort } from '../request.js';
import { SEARCH_SORTS } from '../request.js';
import type { TextQuery } from './evaluate.js';
import { evaluator } from './evaluate.js';
import type { IndexedProduct, ProductTable } from './table.js';
import { indexedProduct } from './testing.js';
import { emptyTable, putProduct } from './table.js';
import { topK } from './topK.js';

const VOCABULARY = ['华为', '手机', 'mate', '60', '耳机', '苹果', '水果'];
const CATEGORIES = ['c1', 'c2', 'c3'];
const BRANDS = ['b1', 'b2'];

const terms = fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 4 });
const productArbitrary = fc.record({
  id: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6'),
  visible: fc.boolean(),
  title: terms,
  brand: terms,
  category: terms,
  description: terms,
  categories: fc.subarray(CATEGORIES),
  brandId: fc.option(fc.constantFrom(...BRANDS)),
  price: fc.option(fc.integer({ min: 0, max: 1000 })),
  inStock: fc.boolean(),
  sales: fc.integer({ min: 0, max: 50 }),
  ratings: fc.integer({ min: 0, max: 4 }),
});

type Generated = typeof productArbitrary extends fc.Arbitrary<infer T> ? T : never;

const indexed = (p: Generated): IndexedProduct =>
  indexedProduct({
    ...p,
    categoryPath: p.categories,
    createdAt: `2026-01-0${(p.sales % 9) + 1}`,
    text: { title: p.title, brand: p.brand, category: p.category, attributes: [], description: p.description },
  });

const text = (query: readonly string[]): TextQuery => ({ terms: query, standsFor: new Map(), compactQuery: query.join('') });

const everything = (table: ProductTable) => {
  const evaluate = evaluator();
  const sorts: readonly SearchSort[] = SEARCH_SORTS;
  return sorts.flatMap((sort) =>
    [null, text(['华为', '手机']), text(['苹果', '水果', 'mate60'])].map((query) => [
      evaluate(table, query, {}, sort, null, 3, [100, 500]),
      evaluate(table, query, { category: 'c1', inStock: true }, sort, null, 2, [100, 500]),
      evaluate(table, query, { brand: 'b2', minPrice: 10, maxPrice: 900 }, sort, null, 10, [100, 500]),
    ]),
  );
};

describe('product table', () => {
  it('property: changed and compacted in place, answers as a table built afresh from the last versions', () => {
    fc.assert(
      fc.property(fc.array(productArbitrary, { maxLength: 40 }), (history) => {
        const live = emptyTable(1);
        for (const product of history) putProduct(live, indexed(product));
        const last = new Map(history.map((product) => [product.id, product]));
        const fresh = emptyTable();
        for (const product of last.values()) putProduct(fresh, indexed(product));

        expect(live.live).toBe([...last.values()].filter((p) => p.visible).length);
        // Compacted whenever dead ordinals outnumber the live ones.
        expect(live.size - live.live).toBeLessThanOrEqual(live.live);
        for (const [term, posting] of live.postings) {
          const alive = Array.from(posting.ordinals.subarray(0, posting.length)).filter((o) => live.alive[o] === 1).length;
          expect(posting.live, term).toBe(alive);
          expect(posting.live, term).toBe(fresh.postings.get(term)?.live ?? 0);
        }
        expect(everything(live)).toEqual(everything(fresh));
      }),
      { numRuns: 50 },
    );
  });
});

describe('topK', () => {
  it('property: keeps the smallest k in order, whatever order they come in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 })), fc.integer({ min: 1, max: 10 }), (values, k) => {
        const selected = topK(k, (a, b) => a - b);
        for (const value of values) selected.push(value);
        expect(selected.sorted()).toEqual([...values].sort((a, b) => a - b).slice(0, k));
      }),
      { numRuns: 50 },
    );
  });
});
