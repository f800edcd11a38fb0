import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import { readModelHarness } from '../../testing/harness.js';
import { brandDefined, categoryDefined, categoryId, listed, product, productId, searchHistory, taxonomy, unpublished } from '../fixtures.js';
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
];

const answers = async (queries: SearchQueries) =>
  Promise.all(requests.map(async (request) => queries.search(request).then((r) => (E.isRight(r) ? r.right : r.left))));

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
