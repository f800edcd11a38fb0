import { createHash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { CallOptions, Shop } from '@shopstream/sdk';
import { demoBrands, demoCategories, demoProducts } from './demoCatalog.js';
import type { DemoBrand, DemoCategory, DemoProduct } from './demoCatalog.js';

/** A UUID named by a string (the layout of a version 5 UUID over SHA-256): the same key, the same id, in every shop. */
export const namedUuid = (name: string): string => {
  const hex = createHash('sha256').update(`shopstream:${name}`).digest('hex');
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

export const categoryIdOf = (key: string): string => namedUuid(`category:${key}`);
export const brandIdOf = (key: string): string => namedUuid(`brand:${key}`);
export const productIdOf = (key: string): string => namedUuid(`product:${key}`);

export interface CatalogToSeed {
  readonly categories: readonly DemoCategory[];
  readonly brands: readonly DemoBrand[];
  readonly products: readonly DemoProduct[];
}

export const demoCatalog: CatalogToSeed = { categories: demoCategories, brands: demoBrands, products: demoProducts };

/** A product as seeded, with the ids the shop knows it by. */
export interface SeededProduct extends DemoProduct {
  readonly productId: string;
  readonly categoryId: string;
  readonly brandId: string;
}

export interface SeedResult {
  /** How many products this call created; 0 when the catalog was there already. */
  readonly created: number;
  readonly products: readonly SeededProduct[];
}

export interface SeedOptions {
  /**
   * The options of each command the seeding makes, asked once per command: who seeds and in which request (a
   * correlation and the command's own causation id). Default no metadata; read-your-writes is always off, as the
   * seeding waits for the read models once at its end.
   */
  readonly call?: () => CallOptions;
}

const refused = (what: string, error: { readonly _tag: string }): Error => new Error(`seeding ${what} was refused: ${JSON.stringify(error)}`);

/**
 * Defines the categories and brands, creates and publishes every product with one priced SKU, and receives its
 * stock, through the shop's commands. Ids are named by the products' keys, so seeding a shop that has the catalog
 * already changes nothing: a host can call it on every start.
 */
export const seedCatalog = async (shop: Shop, catalog: CatalogToSeed = demoCatalog, options: SeedOptions = {}): Promise<SeedResult> => {
  const fast = (): CallOptions => ({ ...options.call?.(), readYourWrites: false });
  const products = catalog.products.map(
    (product): SeededProduct => ({ ...product, productId: productIdOf(product.key), categoryId: categoryIdOf(product.category), brandId: brandIdOf(product.brand) }),
  );
  const knownCategories = new Set((await shop.catalog.categories()).map((category) => category.categoryId));
  for (const category of catalog.categories) {
    if (knownCategories.has(categoryIdOf(category.key))) continue;
    const defined = await shop.catalog.defineCategory({ categoryId: categoryIdOf(category.key), name: { zh: category.zh, en: category.en }, parentId: null }, fast());
    if (E.isLeft(defined)) throw refused(`category ${category.key}`, defined.left);
  }
  const knownBrands = new Set((await shop.catalog.brands()).map((brand) => brand.brandId));
  for (const brand of catalog.brands) {
    if (knownBrands.has(brandIdOf(brand.key))) continue;
    const defined = await shop.catalog.defineBrand({ brandId: brandIdOf(brand.key), name: { zh: brand.zh, en: brand.en } }, fast());
    if (E.isLeft(defined)) throw refused(`brand ${brand.key}`, defined.left);
  }
  let created = 0;
  for (const product of products) {
    if ((await shop.catalog.product(product.productId, { includeDrafts: true })) !== null) continue;
    const made = await shop.catalog.createProduct(
      {
        productId: product.productId,
        title: product.title,
        description: product.description,
        brandId: product.brandId,
        categoryIds: [product.categoryId],
        attributes: product.attributes,
        currency: 'CNY',
        skus: [{ sku: product.sku, attributes: { variant: product.attributes.variant ?? '' }, price: { amount: product.price, currency: 'CNY' } }],
        publish: true,
      },
      fast(),
    );
    if (E.isLeft(made)) throw refused(`product ${product.key}`, made.left);
    if (product.stock > 0) {
      const received = await shop.inventory.receiveStock({ sku: product.sku, quantity: product.stock, reference: `seed-${product.key}` }, fast());
      if (E.isLeft(received)) throw refused(`stock of ${product.key}`, received.left);
    }
    created += 1;
  }
  await shop.projections.waitFor(await shop.eventStore.headPosition(), { timeoutMs: 60_000 });
  return { created, products };
};
