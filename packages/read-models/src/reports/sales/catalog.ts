import type { CatalogEvent } from '@shopstream/commerce/catalog';
import type { ProjectionContext, ProjectionHandlers } from '@shopstream/kernel';
import type { ProductDocument, SalesCollection, TaxonomyDocument } from '../documents.js';

type Details = { readonly productId: string; readonly title: { readonly zh: string; readonly en: string }; readonly brandId: string | null; readonly categoryIds: readonly string[] };

/**
 * Facts and return lines carry the product's current category and brand: a product moved to another category
 * moves its past sales with it, so a category's history reads as the catalog is organised today.
 */
const classify = async (details: Details, ctx: ProjectionContext<SalesCollection>): Promise<void> => {
  const product: ProductDocument = {
    _id: details.productId,
    title: details.title.zh !== '' ? details.title.zh : details.title.en,
    categoryId: details.categoryIds[0] ?? null,
    brandId: details.brandId,
  };
  await ctx.collection<ProductDocument>('products').replaceOne(product, { upsert: true });
  const dimensions = { $set: { categoryId: product.categoryId, brandId: product.brandId } };
  await ctx.collection('facts').updateMany({ productId: product._id }, dimensions);
  await ctx.collection('returns').updateMany({ productId: product._id }, dimensions);
};

const name = async (
  ctx: ProjectionContext<SalesCollection>,
  kind: TaxonomyDocument['kind'],
  id: string,
  text: { readonly zh: string; readonly en: string },
): Promise<void> => {
  await ctx.collection<TaxonomyDocument>('taxonomy').replaceOne({ _id: `${kind}:${id}`, kind, zh: text.zh, en: text.en }, { upsert: true });
};

/** The catalog dimension: each product's primary category (its first) and brand, and their names. */
export const catalogHandlers: ProjectionHandlers<CatalogEvent, SalesCollection> = {
  ProductCreated: (event, ctx) => classify(event.data, ctx),
  ProductDetailsRevised: (event, ctx) => classify(event.data, ctx),
  CategoryDefined: (event, ctx) => name(ctx, 'category', event.data.categoryId, event.data.name),
  CategoryRenamed: (event, ctx) => name(ctx, 'category', event.data.categoryId, event.data.name),
  BrandDefined: (event, ctx) => name(ctx, 'brand', event.data.brandId, event.data.name),
  BrandRenamed: (event, ctx) => name(ctx, 'brand', event.data.brandId, event.data.name),
};
