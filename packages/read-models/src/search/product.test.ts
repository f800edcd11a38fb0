import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProjectionContext } from '@shopstream/kernel';
import type { HistoryStep } from '../testing/harness.js';
import { readModelHarness } from '../testing/harness.js';
import type { SearchCollection } from './collections.js';
import type { ProductDocument } from './documents.js';
import { brandDefined, categoryDefined, detailsRevised, product, productCreated, published, searchHistory, skuAdded, taxonomy } from './fixtures.js';
import { searchProjections } from './index.js';
import { derive } from './product.js';

const listing = (n: number) => ({ n, title: { zh: '华为 Mate 60 Pro 手机', en: 'phone' }, brand: 1, categories: [2], attributes: { colour: '黑色' } });

/** Four published products with a brand, a category and a SKU each, so that what follows changes indexed text. */
const listedProducts: HistoryStep[] = [
  taxonomy(brandDefined(1, '华为', 'Huawei'), brandDefined(2, '小米', 'Xiaomi'), categoryDefined(1, '手机'), categoryDefined(2, '智能手机', 1)),
  ...[1, 2, 3, 4].map((n) => product(n, productCreated(listing(n)), skuAdded(n, 100 * n), published(n))),
];

/** A revision of one of the listed products that changes one fact its text comes from, or none. */
const revision: fc.Arbitrary<HistoryStep> = fc
  .tuple(
    fc.integer({ min: 1, max: 4 }),
    fc.constantFrom<(spec: ReturnType<typeof listing>) => ReturnType<typeof listing>>(
      (spec) => spec,
      (spec) => ({ ...spec, title: { zh: '小米14 手机壳', en: 'case' } }),
      (spec) => ({ ...spec, brand: 2 }),
      (spec) => ({ ...spec, categories: [1] }),
      (spec) => ({ ...spec, attributes: { colour: '白色' } }),
    ),
  )
  .map(([n, change]) => product(n, detailsRevised(change(listing(n)))));

describe('product documents', () => {
  // Most changes skip segmenting the text again and keep the names, terms and frequencies they had: that must
  // never leave a product behind its text or its taxonomy's names.
  it('property: every product equals a full derivation from its facts and the current taxonomy', async () => {
    await fc.assert(
      fc.asyncProperty(searchHistory(), fc.array(revision, { maxLength: 4 }), searchHistory(), async (first, revisions, second) => {
        const live = await readModelHarness(searchProjections);
        for (const step of [...listedProducts, ...first, ...revisions, ...second]) await live.append(step);
        // The physical collections (the first build's), since deriving reads through the projection's own context.
        const context: ProjectionContext<SearchCollection> = { collection: (name) => live.readStore.collection(`search.${name}.v1`) };
        for (const document of await context.collection<ProductDocument>('products').find({})) {
          expect(document).toEqual(await derive(context, document));
        }
        await live.stop();
      }),
      { numRuns: 40 },
    );
  });
});
