import { searchProjections, searchQueries } from '@shopstream/read-models/search';
import type { SearchRequest, SearchResult, SearchSort } from '@shopstream/read-models/search';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelHarness } from '../../packages/read-models/src/testing/harness.js';
import type { ReadModelHarness } from '../../packages/read-models/src/testing/harness.js';
import type { CatalogLine, LoadedCatalog } from './catalogFixture.js';
import { loadCatalog, readCatalog } from './catalogFixture.js';

/** Filters, facets, sorts and pages of the search query, over the shared catalog loaded through commands. */
describe('search queries over the shared catalog', () => {
  let harness: ReadModelHarness;
  let catalog: CatalogLine[];
  let loaded: LoadedCatalog;

  beforeAll(async () => {
    catalog = readCatalog();
    harness = await readModelHarness(searchProjections);
    loaded = await loadCatalog(harness.eventStore, catalog);
    await harness.runtime.waitFor(loaded.position, { timeoutMs: 60_000 });
  }, 120_000);
  afterAll(async () => harness.stop());

  const search = async (request: SearchRequest): Promise<SearchResult> => {
    const result = await searchQueries(harness.runtime).search(request);
    if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
    return result.right;
  };
  const catalogIds = (result: SearchResult) => result.items.map((item) => loaded.catalogIds.get(item.productId));
  const line = (id: string | undefined) => catalog.find((l) => l.id === id);
  const category = (path: string) => loaded.categoryIds.get(path) ?? '';
  const brand = (name: string) => loaded.brandIds.get(name) ?? '';

  it('matches a model name typed with or without its space', async () => {
    for (const [joined, spaced] of [
      ['Mate60', 'Mate 60'],
      ['iphone15', 'iPhone 15'],
      ['华为mate60pro', '华为 Mate 60 Pro'],
      ['Ｍａｔｅ６０', 'mate 60'],
    ] as const) {
      const a = await search({ text: joined, limit: 100 });
      const b = await search({ text: spaced, limit: 100 });
      expect(a.total).toBeGreaterThan(0);
      expect(catalogIds(a)).toEqual(catalogIds(b));
    }
    expect(catalogIds(await search({ text: 'mate60', limit: 10 }))).toEqual(expect.arrayContaining(['p0003', 'p0004']));
  });

  it('finds a brand by either of its names', async () => {
    const zh = await search({ text: '华为', limit: 100 });
    const en = await search({ text: 'HUAWEI', limit: 100 });
    expect(new Set(catalogIds(zh).slice(0, 10))).toEqual(new Set(catalogIds(en).slice(0, 10)));
    expect(catalogIds(en).slice(0, 10).every((id) => line(id)?.brand === '华为')).toBe(true);
  });

  it('filters by category (including subcategories), brand, price and stock', async () => {
    const phones = await search({ category: category('手机'), limit: 100 });
    expect(phones.total).toBe(catalog.filter((l) => l.category === '手机').length);
    const huawei = await search({ text: '手机', brand: brand('华为'), minPrice: 250_000, maxPrice: 500_000, inStock: true, limit: 100 });
    expect(huawei.total).toBeGreaterThan(0);
    for (const id of catalogIds(huawei)) {
      const l = line(id);
      expect(l?.brand).toBe('华为');
      expect(l?.price).toBeGreaterThanOrEqual(250_000);
      expect(l?.price).toBeLessThanOrEqual(500_000);
      expect(l?.stock).toBeGreaterThan(0);
    }
    const all = await search({ limit: 1 });
    expect(all.total).toBe(catalog.length);
  });

  it('counts each facet over the candidates passing the other filters', async () => {
    const result = await search({ text: '手机', brand: brand('华为'), limit: 5 });
    // The brand facet ignores the brand filter, so the other brands still show their counts.
    expect(result.facets.brands.length).toBeGreaterThan(1);
    const huaweiCount = result.facets.brands.find((b) => b.value === brand('华为'));
    expect(huaweiCount).toMatchObject({ count: result.total, name: { zh: '华为', en: 'Huawei' } });
    const ranges = result.facets.priceRanges.reduce((sum, r) => sum + r.count, 0);
    expect(ranges).toBe(result.total);
    expect(result.facets.inStock.inStock + result.facets.inStock.outOfStock).toBe(result.total);
    const phoneCategory = result.facets.categories.find((c) => c.value === category('手机'));
    expect(phoneCategory?.name).toEqual({ zh: '手机', en: '' });
    const inStockOnly = await search({ text: '手机', brand: brand('华为'), inStock: true, limit: 5 });
    expect(inStockOnly.total).toBe(result.facets.inStock.inStock);
  });

  it('sorts by price, sales, rating and newest', async () => {
    const ascending = await search({ category: category('手机'), sort: 'price_asc', limit: 100 });
    const prices = ascending.items.map((item) => item.price?.amount ?? 0);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const descending = await search({ category: category('手机'), sort: 'price_desc', limit: 100 });
    expect(descending.items.map((item) => item.price?.amount ?? 0)).toEqual([...prices].sort((a, b) => b - a));
    const newest = await search({ text: '耳机', sort: 'newest', limit: 100 });
    expect(catalogIds(newest)).toEqual([...catalogIds(newest)].sort().reverse());
  });

  it('property: walking the pages visits every match once, in the order of one big page', async () => {
    const sorts: SearchSort[] = ['relevance', 'price_asc', 'price_desc', 'sales', 'rating', 'newest'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(undefined, '手机', '华为', 'laptop', '鞋', '苹果 手机壳'),
        fc.constantFrom(...sorts),
        fc.integer({ min: 4, max: 40 }),
        fc.option(fc.boolean(), { nil: undefined }),
        async (text, sort, limit, inStock) => {
          const request = { ...(text === undefined ? {} : { text }), ...(inStock === undefined ? {} : { inStock }), sort };
          const whole = await search({ ...request, limit: 100 });
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let pages = 0; pages < 300; pages++) {
            const page = await search({ ...request, limit, ...(cursor === undefined ? {} : { cursor }) });
            expect(page.total).toBe(whole.total);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((item) => item.productId));
            if (page.nextCursor === null) break;
            cursor = page.nextCursor;
          }
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen.length).toBe(whole.total);
          if (whole.total <= 100) expect(seen).toEqual(whole.items.map((item) => item.productId));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses a cursor from another search, and a damaged one', async () => {
    const first = await search({ text: '手机', limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    const queries = searchQueries(harness.runtime);
    const other = await queries.search({ text: '耳机', limit: 2, cursor: first.nextCursor ?? '' });
    expect(other).toEqual(E.left({ _tag: 'InvalidCursor' }));
    expect(await queries.search({ text: '手机', limit: 2, cursor: 'not-a-cursor' })).toEqual(E.left({ _tag: 'InvalidCursor' }));
    const resorted = await queries.search({ text: '手机', limit: 2, sort: 'price_asc', cursor: first.nextCursor ?? '' });
    expect(resorted).toEqual(E.left({ _tag: 'InvalidCursor' }));
  });
});
