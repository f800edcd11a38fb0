import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cny, left, right, testShop } from '../../shop/testing.js';

const skuNames = (product: { readonly skus: readonly { readonly sku: string }[] }): string[] => product.skus.map((s) => s.sku).sort();

describe('a product created or updated as one change', () => {
  it('is created whole or not at all: a refused SKU leaves no half-made product, and the same id can be created after', async () => {
    const { shop } = await testShop();
    const productId = '7d0f3c2a-1b2c-4d3e-8f4a-5b6c7d8e9f00';
    const refused = left(
      await shop.catalog.createProduct({ productId, title: { zh: '茶具', en: 'Tea set' }, skus: [{ sku: 'SET-1', price: cny(9_900) }, { sku: 'SET-1', price: cny(8_800) }] }),
    );
    expect(refused).toMatchObject({ _tag: 'DuplicateProductSku', sku: 'SET-1' });
    expect(await shop.catalog.product(productId, { includeDrafts: true })).toBeNull();

    const created = right(await shop.catalog.createProduct({ productId, title: { zh: '茶具', en: 'Tea set' }, skus: [{ sku: 'SET-1', price: cny(9_900) }], publish: true }));
    expect(created).toMatchObject({ status: 'published', skus: [{ sku: 'SET-1', price: cny(9_900) }] });
  });

  it('holds an If-Match for the whole update: every change at the revision pinned, none at a stale one', async () => {
    const { shop } = await testShop();
    // Created, one SKU added, published: revisions 0, 1, 2.
    const { productId } = right(await shop.catalog.createProduct({ title: { zh: '杯', en: 'Cup' }, skus: [{ sku: 'CUP-1', price: cny(1_000) }], publish: true }));
    const changes = { addSkus: [{ sku: 'CUP-2', price: cny(1_200) }], prices: [{ sku: 'CUP-1', price: cny(900) }], addImages: [{ url: 'https://img.example/cup.png' }] };

    expect(left(await shop.catalog.updateProduct(productId, changes, { expectedRevision: 1 }))).toMatchObject({ _tag: 'ConcurrencyConflict', actual: 2 });
    expect(skuNames((await shop.catalog.product(productId)) ?? { skus: [] })).toEqual(['CUP-1']);

    const updated = right(await shop.catalog.updateProduct(productId, changes, { expectedRevision: 2 }));
    expect(updated.skus).toEqual([
      { sku: 'CUP-1', attributes: {}, price: cny(900) },
      { sku: 'CUP-2', attributes: {}, price: cny(1_200) },
    ]);
    expect(updated.images).toHaveLength(1);
    // Three events (a SKU, a price, an image), revisions 3 to 5: the next If-Match is the revision after all of them.
    expect(left(await shop.catalog.updateProduct(productId, { removeSkus: ['CUP-2'] }, { expectedRevision: 3 }))).toMatchObject({ _tag: 'ConcurrencyConflict', actual: 5 });
    expect(skuNames(right(await shop.catalog.updateProduct(productId, { removeSkus: ['CUP-2'] }, { expectedRevision: 5 })))).toEqual(['CUP-1']);
  });

  it('applies an update all or nothing, whatever SKUs it adds, reprices and removes', async () => {
    const { shop } = await testShop();
    const pool = ['A', 'B', 'C', 'D'];
    const { productId } = right(await shop.catalog.createProduct({ title: { zh: '盒', en: 'Box' }, skus: [{ sku: 'A', price: cny(100) }] }));
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(pool),
        fc.subarray(pool),
        fc.subarray(pool),
        async (added, repriced, removed) => {
          const before = await shop.catalog.product(productId, { includeDrafts: true });
          if (before === null) throw new Error('the product is gone');
          const outcome = await shop.catalog.updateProduct(productId, {
            addSkus: added.map((sku) => ({ sku, price: cny(200) })),
            prices: repriced.map((sku) => ({ sku, price: cny(300) })),
            removeSkus: removed,
          });
          const after = await shop.catalog.product(productId, { includeDrafts: true });
          if (outcome._tag === 'Left') {
            expect(after).toEqual(before);
            return;
          }
          const expected = new Set([...skuNames(before), ...added]);
          for (const sku of removed) expect(expected.delete(sku)).toBe(true);
          expect(skuNames(outcome.right)).toEqual([...expected].sort());
          expect(after).toEqual(outcome.right);
          for (const sku of outcome.right.skus) if (repriced.includes(sku.sku)) expect(sku.price).toEqual(cny(300));
        },
      ),
      { numRuns: 60 },
    );
  });
});
