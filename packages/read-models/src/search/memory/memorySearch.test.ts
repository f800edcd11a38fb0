import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { readModelHarness } from '../../testing/harness.js';
import { brandDefined, brandId, categoryDefined, categoryId, listed, product, productId, searchHistory, taxonomy, unpublished } from '../fixtures.js';
import type { SearchQueries, SearchRequest } from '../index.js';
import { searchProjections, searchQueries } from '../index.js';

const requests: readonly SearchRequest[] = [
  {},
  { text: '手机' },
  { text: '华为 mate60', sort: 'price_asc' },
  { text: 'phone case', inStock: true },
  { text: '苹果', category: categoryId(1) },
  { sort: 'sales', limit: 2 },
  { sort: 'newest', maxPrice: 500_000 },
  { category: categoryId(1), sort: 'price_asc', limit: 1 },
  { brand: brandId(1), inStock: true },
  { text: '华为手机', brand: brandId(2), minPrice: 100, sort: 'rating' },
  { text: 'huawei', limit: 1 },
  { limit: 1 },
];

/** Every page of every request, following the cursors (the memory index must hand out the store's cursors). */
const answers = async (queries: SearchQueries) =>
  Promise.all(
    requests.map(async (request) => {
      const pages: unknown[] = [];
      let cursor: string | undefined;
      do {
        const result = await queries.search(cursor === undefined ? request : { ...request, cursor });
        if (E.isLeft(result)) return [...pages, result.left];
        pages.push(result.right);
        cursor = result.right.nextCursor ?? undefined;
      } while (cursor !== undefined && pages.length < 10);
      return pages;
    }),
  );

describe('memory candidates', () => {
  it('property: answer every search exactly as the store does, after every step of a history', async () => {
    await fc.assert(
      fc.asyncProperty(searchHistory(), async (history) => {
        const harness = await readModelHarness(searchProjections);
        const store = searchQueries(harness.runtime);
        const memory = searchQueries(harness.runtime, { candidates: 'memory' });
        for (const step of history) {
          await harness.append(step);
          expect(await answers(memory)).toEqual(await answers(store));
        }
        await harness.stop();
      }),
      { numRuns: 15 },
    );
  });

  it('follows unpublishing at once, and a rebuild swapped in', async () => {
    const harness = await readModelHarness(searchProjections);
    await harness.append(taxonomy(brandDefined(1, '华为', 'Huawei'), categoryDefined(1, '手机')));
    await harness.append(listed({ n: 1, title: { zh: '华为手机', en: '' }, brand: 1, categories: [1], price: 100 }));
    await harness.append(listed({ n: 2, title: { zh: '华为手表', en: '' }, brand: 1, categories: [1], price: 200 }));
    const memory = searchQueries(harness.runtime, { candidates: 'memory' });
    const ids = async (request: SearchRequest) => {
      const result = await memory.search(request);
      return E.isRight(result) ? result.right.items.map((item) => item.productId) : [];
    };
    expect(await ids({ text: 'huawei' })).toHaveLength(2);
    await harness.append(product(1, unpublished(1)));
    expect(await ids({ text: 'huawei' })).toEqual([productId(2)]);
    await harness.runtime.rebuild('search');
    expect(await ids({ text: '华为' })).toEqual([productId(2)]);
    await harness.stop();
  });
});
