/**
 * Loads the shared Chinese catalog (test/search/data/catalog-zh.jsonl) through the catalog and inventory command
 * handlers, as a merchant would: categories and brands in the taxonomy, then per product create, price a SKU,
 * publish and receive its stock. The quality test and the search journey tests run over it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { productDecider, productStream, taxonomyDecider, taxonomyStream } from '@shopstream/commerce/catalog';
import type { ProductCommand, TaxonomyCommand } from '@shopstream/commerce/catalog';
import { inventoryDecider, inventoryStream } from '@shopstream/commerce/inventory';
import { commandHandler, ManualClock, sequentialIds } from '@shopstream/kernel';
import type { EventStore } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { z } from 'zod';

/**
 * The judged set, copied from the project's shared data (../shared/data) into the repository so that a clean
 * clone on a fresh machine runs the quality test too.
 */
export const sharedDataPath = (file: string): string => fileURLToPath(new URL(`./data/${file}`, import.meta.url));

export const CatalogLine = z.object({
  id: z.string(),
  category: z.string(),
  subcategory: z.string(),
  brand: z.string(),
  brandEn: z.string(),
  title: z.string(),
  titleEn: z.string(),
  description: z.string(),
  price: z.number().int(),
  currency: z.string(),
  stock: z.number().int(),
  attributes: z.record(z.string(), z.string()),
});
export type CatalogLine = z.infer<typeof CatalogLine>;

/** Reads the catalog; throws (so the test fails, never skips) when the file is missing or malformed. */
export const readCatalog = (): CatalogLine[] =>
  readFileSync(sharedDataPath('catalog-zh.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => CatalogLine.parse(JSON.parse(line)));

const uuid = (kind: number, n: number): string => `${String(kind).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;

export type LoadedCatalog = {
  /** Product id (a UUID) by catalog id (`p0001`), and back. */
  readonly productIds: ReadonlyMap<string, string>;
  readonly catalogIds: ReadonlyMap<string, string>;
  readonly categoryIds: ReadonlyMap<string, string>;
  readonly brandIds: ReadonlyMap<string, string>;
  readonly skuOf: (catalogId: string) => string;
  /** The global position of the last event appended, for `waitFor`. */
  readonly position: number | null;
};

const must = async <L, R>(result: Promise<E.Either<L, R>>, what: string): Promise<R> => {
  const settled = await result;
  if (E.isLeft(settled)) throw new Error(`${what}: ${JSON.stringify(settled.left)}`);
  return settled.right;
};

export const loadCatalog = async (eventStore: EventStore, lines: readonly CatalogLine[]): Promise<LoadedCatalog> => {
  const clock = new ManualClock('2026-03-01T08:00:00.000Z');
  const ids = sequentialIds(7);
  const taxonomy = commandHandler({ store: eventStore, decider: taxonomyDecider, clock, ids });
  const products = commandHandler({ store: eventStore, decider: productDecider, clock, ids });
  const inventory = commandHandler({ store: eventStore, decider: inventoryDecider, clock, ids });
  let position: number | null = null;
  const track = (result: { readonly position: number | null }) => {
    if (result.position !== null) position = result.position;
  };
  const define = async (command: TaxonomyCommand) => track(await must(taxonomy(taxonomyStream(), command), command.type));
  const product = async (command: ProductCommand) => track(await must(products(productStream(command.productId), command), `${command.type} ${command.productId}`));

  const categoryIds = new Map<string, string>();
  const brandIds = new Map<string, string>();
  for (const line of lines) {
    const parentKey = line.category;
    if (!categoryIds.has(parentKey)) {
      categoryIds.set(parentKey, uuid(1, categoryIds.size + 1));
      await define({ type: 'DefineCategory', categoryId: uuid(1, categoryIds.size), name: { zh: line.category, en: '' }, parentId: null });
    }
    const childKey = `${line.category}/${line.subcategory}`;
    if (!categoryIds.has(childKey)) {
      categoryIds.set(childKey, uuid(1, categoryIds.size + 1));
      await define({ type: 'DefineCategory', categoryId: uuid(1, categoryIds.size), name: { zh: line.subcategory, en: '' }, parentId: categoryIds.get(parentKey) ?? null });
    }
    if (!brandIds.has(line.brand)) {
      brandIds.set(line.brand, uuid(2, brandIds.size + 1));
      await define({ type: 'DefineBrand', brandId: uuid(2, brandIds.size), name: { zh: line.brand, en: line.brandEn } });
    }
  }

  const productIds = new Map<string, string>();
  const skuOf = (catalogId: string) => `${catalogId.toUpperCase()}-1`;
  for (const [n, line] of lines.entries()) {
    const productId = uuid(3, n + 1);
    productIds.set(line.id, productId);
    clock.advance(60_000);
    await product({
      type: 'CreateProduct',
      productId,
      title: { zh: line.title, en: line.titleEn },
      description: { zh: line.description, en: '' },
      brandId: brandIds.get(line.brand) ?? null,
      categoryIds: [categoryIds.get(`${line.category}/${line.subcategory}`) ?? ''],
      attributes: line.attributes,
      currency: line.currency,
    });
    await product({ type: 'AddProductSku', productId, sku: skuOf(line.id), attributes: {}, price: { amount: line.price, currency: line.currency } });
    await product({ type: 'PublishProduct', productId });
    if (line.stock > 0) {
      const sku = skuOf(line.id);
      track(await must(inventory(inventoryStream(sku), { type: 'ReceiveStock', sku, quantity: line.stock, reference: null }), `ReceiveStock ${sku}`));
    }
  }
  return { productIds, catalogIds: new Map([...productIds].map(([c, p]) => [p, c])), categoryIds, brandIds, skuOf, position };
};
