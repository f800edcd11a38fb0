import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEXT_FIELDS } from '../documents.js';
import { countFacets } from '../facets.js';
import { needleOf } from '../frequencies.js';
import { pageAfter } from '../order.js';
import type { QueryTerm } from '../ranking.js';
import { corpusOf, coverage, idf, popularity, scoreProduct } from '../ranking.js';
import { categoryAffinity } from '../relevance.js';
import type { SearchSort } from '../request.js';
import { SEARCH_SORTS } from '../request.js';
import type { Scored } from '../retrieval.js';
import { directionsOf, keyOf } from '../sorting.js';
import type { Filters, RankedPage, TextQuery } from './evaluate.js';
import { evaluator } from './evaluate.js';
import type { IndexedProduct } from './table.js';
import { indexedProduct } from './testing.js';
import { emptyTable, putProduct } from './table.js';

const VOCABULARY = ['华为', '手机', 'mate', '60', 'mate60', '耳机', '苹果', '水果', 'pro', '笔记本'];
const CATEGORIES = ['c1', 'c2', 'c3', 'c4'];
const BRANDS = ['b1', 'b2', 'b3'];
const BOUNDARIES = [100, 500, 800];
// Few prices, shared with the filters' bounds and the facet's boundaries, so that ties and edges come up.
const PRICES = [0, 99, 100, 300, 500, 800, 1000];

const terms = fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 5 });
const productArbitrary = fc.record({
  visible: fc.boolean(),
  title: terms,
  brand: terms,
  category: terms,
  attributes: terms,
  description: terms,
  categories: fc.subarray(CATEGORIES),
  parent: fc.boolean(),
  brandId: fc.option(fc.constantFrom(...BRANDS)),
  price: fc.option(fc.constantFrom(...PRICES)),
  inStock: fc.boolean(),
  sales: fc.integer({ min: 0, max: 50 }),
  ratings: fc.integer({ min: 0, max: 4 }),
  day: fc.integer({ min: 1, max: 9 }),
});
type Generated = typeof productArbitrary extends fc.Arbitrary<infer T> ? T : never;

const indexed = (p: Generated, n: number): IndexedProduct =>
  indexedProduct({
    ...p,
    id: `p${String(n).padStart(3, '0')}`,
    // A parent category above every product's own, when it has one: paths longer than the ids.
    categoryPath: p.parent && p.categories.length > 0 ? [...p.categories, 'c0'] : p.categories,
    createdAt: `2026-01-0${p.day}`,
    text: { title: p.title, brand: p.brand, category: p.category, attributes: p.attributes, description: p.description },
  });

const filtersArbitrary: fc.Arbitrary<Filters> = fc.record(
  {
    category: fc.constantFrom(...CATEGORIES, 'c0', 'unknown'),
    brand: fc.constantFrom(...BRANDS, 'unknown'),
    minPrice: fc.constantFrom(...PRICES.slice(0, 4)),
    maxPrice: fc.constantFrom(...PRICES.slice(3)),
    inStock: fc.boolean(),
  },
  { requiredKeys: [] },
);

const queryArbitrary: fc.Arbitrary<TextQuery | null> = fc.option(
  fc
    .record({
      words: fc.uniqueArray(fc.constantFrom(...VOCABULARY, 'absent'), { minLength: 1, maxLength: 4 }),
      alias: fc.option(fc.constantFrom(...VOCABULARY)),
    })
    .map(({ words, alias }) => {
      // An alias stands for the first word, as a brand's other name does.
      const standsFor = new Map<string, string>(alias !== null && !words.includes(alias) ? [[alias, words[0] ?? '']] : []);
      return { terms: [...words, ...standsFor.keys()], standsFor, compactQuery: words.join('') };
    }),
);

/**
 * The store path's ranking applied to the same products: BM25F from the packed frequencies, coverage,
 * affinity, facets and keyset pages as `searchQueries` computes them with `candidates: 'store'`.
 */
const reference = (
  products: readonly IndexedProduct[],
  text: TextQuery | null,
  filters: Filters,
  sort: SearchSort,
  after: { readonly k: readonly (number | string)[]; readonly id: string } | null,
  limit: number,
): RankedPage => {
  const visible = products.filter((p) => p.visible);
  const corpus = corpusOf({
    _id: 'corpus',
    products: visible.length,
    lengths: Object.fromEntries(TEXT_FIELDS.map((field) => [field, visible.reduce((sum, p) => sum + p.lengths[field], 0)])) as IndexedProduct['lengths'],
  });
  let scored: Scored[] | null = null;
  let candidates: IndexedProduct[];
  if (text !== null) {
    const holds = (p: IndexedProduct, term: string) => p.frequencies.includes(needleOf(term));
    const known: QueryTerm[] = text.terms.flatMap((term) => {
      const df = visible.filter((p) => holds(p, term)).length;
      return df > 0 ? [{ term, needle: needleOf(term), idf: idf(corpus.products, df) }] : [];
    });
    candidates = visible.filter((p) => known.some(({ term }) => holds(p, term)));
    scored = candidates.map((candidate) => {
      const { score, matched } = scoreProduct(candidate.frequencies, candidate.lengths, known, corpus);
      return { candidate, coverage: coverage(text.compactQuery, matched.map((term) => text.standsFor.get(term) ?? term)), score: score * popularity(candidate.sales, candidate.ratingSum, candidate.ratingCount) };
    });
  } else {
    candidates = visible.filter((p) => (filters.category !== undefined ? p.categoryPath.includes(filters.category) : filters.brand === undefined || p.brandId === filters.brand));
  }
  const checked = candidates.map((candidate, i) => ({
    candidate,
    scored: scored?.[i] ?? null,
    passes: {
      category: filters.category === undefined || candidate.categoryPath.includes(filters.category),
      brand: filters.brand === undefined || candidate.brandId === filters.brand,
      price: (filters.minPrice === undefined && filters.maxPrice === undefined) || (candidate.price !== null && candidate.price >= (filters.minPrice ?? 0) && candidate.price <= (filters.maxPrice ?? Number.MAX_SAFE_INTEGER)),
      stock: filters.inStock === undefined || candidate.inStock === filters.inStock,
    },
  }));
  const counts = countFacets(checked.map(({ candidate, passes }) => ({ product: candidate, passes })), BOUNDARIES);
  const matching = checked.filter(({ passes }) => passes.category && passes.brand && passes.price && passes.stock);
  const affinity = categoryAffinity(matching.flatMap(({ scored: s }) => (s ? [s] : [])));
  const ranked = matching.map(({ candidate, scored: s }) => ({ key: keyOf(sort, candidate, s, affinity), id: candidate._id, relevance: s ? s.score : null }));
  const { page, more } = pageAfter(ranked, directionsOf(sort), after, limit);
  return { page, more, total: ranked.length, counts };
};

describe('memory evaluation', () => {
  it('property: every page of every search equals the store path ranking the same products', () => {
    fc.assert(
      fc.property(
        fc.array(productArbitrary, { maxLength: 60 }),
        fc.array(fc.record({ text: queryArbitrary, filters: filtersArbitrary, sort: fc.constantFrom(...SEARCH_SORTS), limit: fc.integer({ min: 1, max: 7 }) }), { minLength: 1, maxLength: 6 }),
        (generated, searches) => {
          const products = generated.map(indexed);
          const table = emptyTable();
          for (const product of products) putProduct(table, product);
          // One evaluator for every search: its scratch state must not leak from one query into the next.
          const evaluate = evaluator();
          for (const { text, filters, sort, limit } of searches) {
            let after: { k: readonly (number | string)[]; id: string } | null = null;
            for (let pages = 0; pages < 20; pages++) {
              const expected = reference(products, text, filters, sort, after, limit);
              expect(evaluate(table, text, filters, sort, after, limit, BOUNDARIES)).toEqual(expected);
              const last = expected.page.at(-1);
              if (!expected.more || last === undefined) break;
              after = { k: last.key, id: last.id };
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
