import type { CatalogEvent } from '@shopstream/commerce/catalog';
import type { ProjectionContext, ProjectionHandlers } from '@shopstream/kernel';
import type { SearchCollection } from '../collections.js';
import type { ProductDocument, StockDocument, TaxonomyDocument } from '../documents.js';
import { attributePairs, brandKey, categoryKey, noStock } from '../documents.js';
import { changeProduct, refreshProducts } from '../product.js';
import { aliasesOf } from '../text/index.js';
import { availableOf } from './inventory.js';

type Context = ProjectionContext<SearchCollection>;

const upsertTaxonomy = async (context: Context, entry: TaxonomyDocument): Promise<void> => {
  await context.collection<TaxonomyDocument>('taxonomy').replaceOne(entry);
};

const changeCategory = async (context: Context, categoryId: string, change: (category: Extract<TaxonomyDocument, { kind: 'category' }>) => TaxonomyDocument) => {
  const category = await context.collection<TaxonomyDocument>('taxonomy').get(categoryKey(categoryId));
  if (category?.kind !== 'category') return;
  await upsertTaxonomy(context, change(category));
  // The products under it (at any depth) carry its name and its place in the tree.
  await refreshProducts(context, { categoryPath: categoryId });
};

/** Products, categories and brands: what a product says, and the names it is found by. */
export const catalogHandlers: ProjectionHandlers<CatalogEvent, SearchCollection> = {
  ProductCreated: async ({ data, occurredAt }, context) => {
    await changeProduct(context, data.productId, (product) =>
      product.created
        ? product
        : {
            ...product,
            created: true,
            title: data.title,
            description: data.description,
            brandId: data.brandId,
            categoryIds: data.categoryIds,
            attributes: attributePairs(data.attributes),
            currency: data.currency,
            createdAt: occurredAt,
          },
    );
  },
  ProductDetailsRevised: async ({ data }, context) => {
    const { productId, attributes, ...details } = data;
    await changeProduct(context, productId, (product) => (product.created ? { ...product, ...details, attributes: attributePairs(attributes) } : product));
  },
  ProductSkuAdded: async ({ data }, context) => {
    const stocks = context.collection<StockDocument>('stock');
    const stock = await stocks.get(data.sku);
    const entry = { sku: data.sku, attributes: attributePairs(data.attributes), price: data.price?.amount ?? null, available: stock ? availableOf(stock) : 0 };
    await changeProduct(context, data.productId, (product) => ({ ...product, skus: [...product.skus.filter((s) => s.sku !== data.sku), entry] }));
    // The product lists the SKU from now on, so the SKU's stock changes reach it.
    const known = stock ?? noStock(data.sku);
    if (!known.productIds.includes(data.productId)) await stocks.replaceOne({ ...known, productIds: [...known.productIds, data.productId].sort() });
  },
  ProductSkuRemoved: async ({ data }, context) => {
    await changeProduct(context, data.productId, (product) => ({ ...product, skus: product.skus.filter((s) => s.sku !== data.sku) }));
    const stocks = context.collection<StockDocument>('stock');
    const stock = await stocks.get(data.sku);
    if (stock?.productIds.includes(data.productId) === true) await stocks.replaceOne({ ...stock, productIds: stock.productIds.filter((id) => id !== data.productId) });
  },
  ProductPriceChanged: async ({ data }, context) => {
    await changeProduct(context, data.productId, (product) => ({
      ...product,
      skus: product.skus.map((s) => (s.sku === data.sku ? { ...s, price: data.price.amount } : s)),
    }));
  },
  ProductImageAdded: async ({ data: { productId, ...image } }, context) => {
    await changeProduct(context, productId, (product) => ({ ...product, images: [...product.images.filter((i) => i.imageId !== image.imageId), image] }));
  },
  ProductImageRemoved: async ({ data }, context) => {
    await changeProduct(context, data.productId, (product) => ({ ...product, images: product.images.filter((i) => i.imageId !== data.imageId) }));
  },
  ProductPublished: async ({ data }, context) => {
    await changeProduct(context, data.productId, (product): ProductDocument => ({ ...product, status: 'published' }));
  },
  ProductUnpublished: async ({ data }, context) => {
    await changeProduct(context, data.productId, (product): ProductDocument => ({ ...product, status: 'draft' }));
  },

  CategoryDefined: async ({ data }, context) => {
    const key = categoryKey(data.categoryId);
    if (await context.collection<TaxonomyDocument>('taxonomy').get(key)) return;
    await upsertTaxonomy(context, { _id: key, kind: 'category', id: data.categoryId, name: data.name, parentId: data.parentId, retired: false });
    await refreshProducts(context, { categoryPath: data.categoryId });
  },
  CategoryRenamed: async ({ data }, context) => {
    await changeCategory(context, data.categoryId, (category) => ({ ...category, name: data.name }));
  },
  CategoryMoved: async ({ data }, context) => {
    await changeCategory(context, data.categoryId, (category) => ({ ...category, parentId: data.parentId }));
  },
  CategoryRetired: async ({ data }, context) => {
    // Products keep a retired category in their path (the catalog moves them on); only listings leave it out.
    const category = await context.collection<TaxonomyDocument>('taxonomy').get(categoryKey(data.categoryId));
    if (category?.kind === 'category') await upsertTaxonomy(context, { ...category, retired: true });
  },
  BrandDefined: async ({ data }, context) => {
    const key = brandKey(data.brandId);
    if (await context.collection<TaxonomyDocument>('taxonomy').get(key)) return;
    await upsertTaxonomy(context, { _id: key, kind: 'brand', id: data.brandId, name: data.name, aliases: aliasesOf(data.name) });
    await refreshProducts(context, { brandId: data.brandId });
  },
  BrandRenamed: async ({ data }, context) => {
    const key = brandKey(data.brandId);
    const brand = await context.collection<TaxonomyDocument>('taxonomy').get(key);
    if (brand?.kind !== 'brand') return;
    await upsertTaxonomy(context, { ...brand, name: data.name, aliases: aliasesOf(data.name) });
    await refreshProducts(context, { brandId: data.brandId });
  },
};
