import * as E from 'fp-ts/lib/Either.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReadModelHarness } from '../testing/harness.js';
import { readModelHarness } from '../testing/harness.js';
import {
  brandDefined,
  categoryDefined,
  categoryId,
  categoryRetired,
  listed,
  order,
  orderPaid,
  orderPlaced,
  product,
  productId,
  review,
  reviewWritten,
  taxonomy,
  unpublished,
} from './fixtures.js';
import type { SearchQueries, SearchResult } from './index.js';
import { searchProjections, searchQueries } from './index.js';

const tea = (n: number, price: number, createdAt: string) => ({
  n,
  title: { zh: '西湖龙井茶 250g', en: 'Longjing tea' },
  brand: 1,
  categories: [2],
  price,
  createdAt,
});

describe('search queries', () => {
  let harness: ReadModelHarness;
  let queries: SearchQueries;
  const search = async (request: Parameters<SearchQueries['search']>[0]): Promise<SearchResult> => {
    const result = await queries.search(request);
    if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
    return result.right;
  };
  const ids = (result: SearchResult) => result.items.map((item) => item.productId);

  beforeEach(async () => {
    harness = await readModelHarness(searchProjections);
    queries = searchQueries(harness.runtime);
    await harness.append(taxonomy(brandDefined(1, '西湖牌', 'Xihu'), categoryDefined(1, '食品'), categoryDefined(2, '茶叶', 1), categoryDefined(3, '水果', 1)));
    await harness.append(listed(tea(1, 39_800, '2026-03-01T00:00:00.000Z')));
    await harness.append(listed(tea(2, 19_800, '2026-03-02T00:00:00.000Z')));
    await harness.append(listed(tea(3, 29_800, '2026-03-03T00:00:00.000Z')));
  });
  afterEach(async () => harness.stop());

  it('lifts what sells and what is rated well among equally good text matches', async () => {
    expect(ids(await search({ text: '龙井' }))).toEqual([productId(1), productId(2), productId(3)]);
    await harness.append(order(1, orderPlaced(1, [{ product: 3, quantity: 50 }]), orderPaid(1, 50_000)));
    expect(ids(await search({ text: '龙井' }))[0]).toBe(productId(3));
    await harness.append(review('r1', reviewWritten('r1', 2, 5)));
    expect(ids(await search({ sort: 'rating' }))[0]).toBe(productId(2));
    expect(ids(await search({ sort: 'sales' }))[0]).toBe(productId(3));
    expect(ids(await search({ text: 'longjing', sort: 'newest' }))).toEqual([productId(3), productId(2), productId(1)]);
  });

  it('does not find an unpublished product, nor show its detail', async () => {
    await harness.append(product(2, unpublished(2)));
    expect(ids(await search({ text: '龙井' }))).not.toContain(productId(2));
    expect(await queries.product(productId(2))).toBeNull();
    expect((await search({})).total).toBe(2);
  });

  it('shows a product detail with its categories, SKUs and brand', async () => {
    const detail = await queries.product(productId(1));
    expect(detail).toMatchObject({
      productId: productId(1),
      title: { zh: '西湖龙井茶 250g', en: 'Longjing tea' },
      brand: { name: { zh: '西湖牌', en: 'Xihu' } },
      price: { amount: 39_800, currency: 'CNY' },
      inStock: false,
      categories: [
        { categoryId: categoryId(2), name: { zh: '茶叶', en: '' } },
        { categoryId: categoryId(1), name: { zh: '食品', en: '' } },
      ],
      skus: [{ price: { amount: 39_800, currency: 'CNY' }, available: 0 }],
    });
    expect(await queries.product(productId(9))).toBeNull();
  });

  it('lists categories in use with the products in or below them, leaving retired ones out', async () => {
    await harness.append(taxonomy(categoryRetired(3)));
    const listing = await queries.categories();
    expect(listing).toEqual([
      { categoryId: categoryId(1), name: { zh: '食品', en: '' }, parentId: null, count: 3 },
      { categoryId: categoryId(2), name: { zh: '茶叶', en: '' }, parentId: categoryId(1), count: 3 },
    ]);
  });

  it('refuses a malformed search with the reasons', async () => {
    const result = await queries.search({ minPrice: 500, maxPrice: 100, limit: 0 });
    expect(E.isLeft(result) && result.left._tag === 'InvalidSearch' && result.left.issues.length).toBe(2);
  });

  it('treats text without any term as browsing', async () => {
    expect((await search({ text: ' ，。!' })).total).toBe(3);
    expect((await search({ text: '不存在的东西' })).total).toBe(0);
  });
});
