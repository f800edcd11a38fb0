import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReadModelHarness } from '../testing/harness.js';
import { incrementalAndRebuilt, readModelHarness } from '../testing/harness.js';
import type { CorpusDocument, ProductDocument, StockDocument, TermDocument } from './documents.js';
import {
  adjusted,
  brandDefined,
  brandRenamed,
  categoryDefined,
  categoryId,
  categoryRenamed,
  committed,
  listed,
  order,
  orderCancelled,
  orderPaid,
  orderPlaced,
  priceChanged,
  product,
  productId,
  published,
  received,
  released,
  reserved,
  review,
  reviewHidden,
  reviewRestored,
  reviewWritten,
  searchHistory,
  skuAdded,
  skuOf,
  skuRemoved,
  stock,
  taxonomy,
  unpublished,
} from './fixtures.js';
import { availableOf } from './handlers/inventory.js';
import { searchProjections, searchQueries } from './index.js';

const phone = { n: 1, title: { zh: '华为 Mate 60 Pro 手机', en: 'Huawei Mate 60 Pro phone' }, brand: 1, categories: [2], price: 499_900 };

describe('search projection', () => {
  let harness: ReadModelHarness;
  const products = () => harness.runtime.collection<ProductDocument>('search', 'products');
  const doc = async (n = 1) => products().get(productId(n));
  const df = async (term: string) => (await harness.runtime.collection<TermDocument>('search', 'terms').get(term))?.df ?? 0;

  beforeEach(async () => {
    harness = await readModelHarness(searchProjections);
    await harness.append(taxonomy(brandDefined(1, '华为', 'Huawei'), categoryDefined(1, '手机'), categoryDefined(2, '智能手机', 1)));
  });
  afterEach(async () => harness.stop());

  it('indexes a published product under its title, brand names and category path', async () => {
    await harness.append(listed(phone));
    const document = await doc();
    expect(document).toMatchObject({ visible: true, price: 499_900, brand: { zh: '华为', en: 'Huawei' }, categoryPath: [expect.any(String), expect.any(String)] });
    expect(document?.terms).toEqual(expect.arrayContaining(['华为', 'huawei', 'mate', '60', 'mate60', '手机', '智能手机']));
    expect(await df('mate60')).toBe(1);
    const corpus = await harness.runtime.collection<CorpusDocument>('search', 'corpus').get('corpus');
    expect(corpus?.products).toBe(1);
  });

  it('stores any attribute names a merchant types (dots, a leading $), finds the product by their values and shows them as given', async () => {
    const names = fc.string({ minLength: 1, maxLength: 64 }).filter((name) => name !== '__proto__');
    await fc.assert(
      fc.asyncProperty(fc.dictionary(names, fc.constantFrom('黑色', 'ceramic', '256GB'), { minKeys: 1, maxKeys: 4 }), fc.constantFrom('Model No.', '$range', 'a.b.c'), async (attributes, dotted) => {
        const own = await readModelHarness(searchProjections);
        const all = { ...attributes, [dotted]: 'Mate 60' };
        // A projection that cannot store a document stops, and waiting for it throws: these appends would.
        await own.append(listed({ ...phone, attributes: all }));
        await own.append(product(1, skuAdded(1, 100, 2, { [dotted]: 'Kirin9000s' })));
        const queries = searchQueries(own.runtime);
        const detail = await queries.product(productId(1));
        expect(detail?.attributes).toEqual(all);
        expect(detail?.skus.find((entry) => entry.sku === skuOf(1, 2))?.attributes).toEqual({ [dotted]: 'Kirin9000s' });
        const found = await queries.search({ text: 'kirin9000s' });
        expect(found._tag === 'Right' ? found.right.items.map((item) => item.productId) : found).toEqual([productId(1)]);
        await own.stop();
      }),
      { numRuns: 15 },
    );
  });

  it('keeps a draft out of the index and the statistics, and takes an unpublished product out again', async () => {
    await harness.append(product(1, { type: 'ProductCreated', data: { productId: productId(1), title: phone.title, description: { zh: '', en: '' }, brandId: null, categoryIds: [], attributes: {}, currency: 'CNY' } }, skuAdded(1, 100)));
    expect(await doc()).toMatchObject({ visible: false, terms: [] });
    expect(await df('mate')).toBe(0);
    await harness.append(product(1, published(1)));
    expect(await df('mate')).toBe(1);
    await harness.append(product(1, unpublished(1)));
    expect(await doc()).toMatchObject({ visible: false, terms: [] });
    expect(await df('mate')).toBe(0);
    expect(await harness.runtime.collection('search', 'terms').count({})).toBe(0);
  });

  it('follows price changes to the lowest price of the priced SKUs', async () => {
    await harness.append(listed(phone));
    await harness.append(product(1, skuAdded(1, 399_900, 2), priceChanged(1, 499_900, 299_900)));
    expect((await doc())?.price).toBe(299_900);
    await harness.append(product(1, priceChanged(1, 299_900, 599_900)));
    expect((await doc())?.price).toBe(399_900);
  });

  it('follows stock to zero and back, counting reservations as taken', async () => {
    const sku = skuOf(1);
    await harness.append(stock(sku, received(sku, 3)));
    await harness.append(listed(phone));
    expect(await doc()).toMatchObject({ stock: 3, inStock: true });
    await harness.append(stock(sku, reserved(sku, 1, 3)));
    expect(await doc()).toMatchObject({ stock: 0, inStock: false });
    await harness.append(stock(sku, released(sku, 1, 3)));
    expect(await doc()).toMatchObject({ stock: 3, inStock: true });
    await harness.append(stock(sku, reserved(sku, 2, 3), committed(sku, 2, 3)));
    expect(await doc()).toMatchObject({ stock: 0, inStock: false });
    await harness.append(stock(sku, adjusted(sku, 0, 7)));
    expect(await doc()).toMatchObject({ stock: 7, inStock: true });
  });

  it('gives a stock change to every product listing the SKU, and to none that stopped listing it', async () => {
    const shared = skuOf(1);
    const alsoListing = (n: number): ReturnType<typeof skuAdded> => {
      const added = skuAdded(n, 100_000);
      return { ...added, data: { ...(added.data as object), sku: shared } };
    };
    await harness.append(listed(phone));
    await harness.append(listed({ ...phone, n: 2 }));
    await harness.append(product(2, alsoListing(2)));
    await harness.append(stock(shared, received(shared, 5)));
    const availableOn = async (n: number) => (await doc(n))?.skus.find((entry) => entry.sku === shared)?.available;
    expect([await availableOn(1), await availableOn(2)]).toEqual([5, 5]);
    await harness.append(product(1, skuRemoved(1)));
    await harness.append(stock(shared, reserved(shared, 1, 2)));
    expect([await availableOn(1), await availableOn(2)]).toEqual([undefined, 3]);
    expect((await harness.runtime.collection<StockDocument>('search', 'stock').get(shared))?.productIds).toEqual([productId(2)]);
  });

  it('property: every SKU a product lists shows the availability of its stock (none known: 0)', async () => {
    await fc.assert(
      fc.asyncProperty(searchHistory(), async (history) => {
        const live = await readModelHarness(searchProjections);
        for (const step of history) await live.append(step);
        const stocks = new Map((await live.runtime.collection<StockDocument>('search', 'stock').find({})).map((s) => [s._id, s]));
        for (const p of await live.runtime.collection<ProductDocument>('search', 'products').find({})) {
          for (const entry of p.skus) {
            const known = stocks.get(entry.sku);
            expect(entry.available, `${p._id} ${entry.sku}`).toBe(known === undefined ? 0 : availableOf(known));
            expect(known?.productIds ?? [], `${entry.sku} lists ${p._id}`).toContain(p._id);
          }
        }
        await live.stop();
      }),
      { numRuns: 25 },
    );
  });

  it('counts a sale when the order is paid, and takes it back when the paid order is cancelled', async () => {
    await harness.append(listed(phone));
    await harness.append(order(1, orderPlaced(1, [{ product: 1, quantity: 2 }])));
    expect((await doc())?.sales).toBe(0);
    await harness.append(order(1, orderPaid(1, 2000)));
    expect((await doc())?.sales).toBe(2);
    await harness.append(order(1, orderPaid(1, 2000)));
    expect((await doc())?.sales).toBe(2);
    await harness.append(order(1, orderCancelled(1, 2000)));
    expect((await doc())?.sales).toBe(0);
  });

  it('keeps sales and ratings that arrive before the product is created', async () => {
    await harness.append(order(1, orderPlaced(1, [{ product: 1, quantity: 1 }]), orderPaid(1, 1000)));
    await harness.append(review('r1', reviewWritten('r1', 1, 4)));
    await harness.append(listed(phone));
    expect(await doc()).toMatchObject({ sales: 1, ratingCount: 1, rating: 4, visible: true });
  });

  it('averages the shown reviews; a hidden review stops counting until restored', async () => {
    await harness.append(listed(phone));
    await harness.append(review('r1', reviewWritten('r1', 1, 5)));
    await harness.append(review('r2', reviewWritten('r2', 1, 2)));
    expect(await doc()).toMatchObject({ rating: 3.5, ratingCount: 2 });
    await harness.append(review('r2', reviewHidden('r2')));
    expect(await doc()).toMatchObject({ rating: 5, ratingCount: 1 });
    await harness.append(review('r2', reviewRestored('r2')));
    expect(await doc()).toMatchObject({ rating: 3.5, ratingCount: 2 });
  });

  it('re-indexes the products of a renamed brand or category', async () => {
    await harness.append(listed(phone));
    await harness.append(taxonomy(brandRenamed(1, '华为终端', 'Huawei Device'), categoryRenamed(1, '通讯')));
    const document = await doc();
    expect(document?.terms).toEqual(expect.arrayContaining(['device', '通讯']));
    expect(document?.terms).not.toContain('手机配件');
    expect(await df('device')).toBe(1);
  });

  it('finds a product filed under a category defined after it', async () => {
    await harness.append(listed({ ...phone, categories: [9] }));
    await harness.append(taxonomy(categoryDefined(9, '平板电脑', 1)));
    expect((await doc())?.categoryPath).toEqual([categoryId(9), categoryId(1)]);
    expect((await doc())?.terms).toContain('平板');
  });

  it('property: the documents built live equal those of a rebuild from scratch', async () => {
    await fc.assert(
      fc.asyncProperty(searchHistory(), async (history) => {
        const { incremental, rebuilt } = await incrementalAndRebuilt(searchProjections, history);
        expect(incremental).toEqual(rebuilt);
      }),
      { numRuns: 25 },
    );
  });

  it('property: the term statistics equal a count over the visible products', async () => {
    await fc.assert(
      fc.asyncProperty(searchHistory(), async (history) => {
        const live = await readModelHarness(searchProjections);
        for (const step of history) await live.append(step);
        const visible = (await live.runtime.collection<ProductDocument>('search', 'products').find({})).filter((p) => p.visible);
        const counts = new Map<string, number>();
        for (const p of visible) for (const term of p.terms) counts.set(term, (counts.get(term) ?? 0) + 1);
        const stored = await live.runtime.collection<TermDocument>('search', 'terms').find({});
        expect(new Map(stored.map((t) => [t._id, t.df]))).toEqual(counts);
        const corpus = await live.runtime.collection<CorpusDocument>('search', 'corpus').get('corpus');
        expect(corpus?.products ?? 0).toBe(visible.length);
        expect(corpus?.lengths.title ?? 0).toBe(visible.reduce((sum, p) => sum + p.lengths.title, 0));
        await live.stop();
      }),
      { numRuns: 25 },
    );
  });
});
