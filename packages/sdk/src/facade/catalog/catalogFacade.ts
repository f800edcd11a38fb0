import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { HandleOptions } from '@shopstream/kernel';
import {
  AddProductImage,
  AddProductSku,
  ChangeProductPrice,
  CreateProduct,
  DefineBrand,
  DefineCategory,
  productDecider,
  productStream,
  PublishProduct,
  RemoveProductImage,
  RemoveProductSku,
  ReviseProductDetails,
  taxonomyDecider,
  taxonomyStream,
  UnpublishProduct,
} from '@shopstream/commerce/catalog';
import type { Product, ProductCommand, ProductState, TaxonomyState } from '@shopstream/commerce/catalog';
import type { z } from 'zod';
import type { ShopContext } from '../../shop/context.js';
import { loadAggregate } from '../../shop/handlers.js';
import type { ShopError } from '../errors.js';
import { parse } from '../support.js';
import type { CatalogFacade, ImageInput, SkuInput } from './api.js';

const EMPTY_TEXT = { zh: '', en: '' };

export const catalogFacade = (context: ShopContext): CatalogFacade => {
  const { handlers, gate, ids, storage } = context;
  const taxonomy = async (): Promise<TaxonomyState> => (await loadAggregate(storage.eventStore, taxonomyDecider, taxonomyStream())).state;
  const load = async (productId: string): Promise<ProductState> => (await loadAggregate(storage.eventStore, productDecider, productStream(productId))).state;

  /** Validates the command against its schema, then decides and appends it; Right is the product after it. */
  const send = async (schema: z.ZodType<ProductCommand>, command: unknown, h: HandleOptions): Promise<Either<ShopError, Product>> => {
    const parsed = parse(schema, command);
    if (E.isLeft(parsed)) return parsed;
    const result = await handlers.products(productStream(parsed.right.productId), parsed.right, h);
    if (E.isLeft(result)) return result;
    const state = result.right.state;
    return state.status === 'none' ? E.left({ _tag: 'ProductNotFound', productId: parsed.right.productId }) : E.right(state);
  };

  /** Categories and brand must exist (and categories be live): the product decider cannot look them up itself. */
  const checkTaxonomy = async (brandId: string | null | undefined, categoryIds: readonly string[] | undefined): Promise<Either<ShopError, void>> => {
    if ((brandId === null || brandId === undefined) && (categoryIds ?? []).length === 0) return E.right(undefined);
    const tree = await taxonomy();
    if (brandId && !tree.brands[brandId]) return E.left({ _tag: 'BrandNotFound', brandId });
    for (const categoryId of categoryIds ?? []) {
      const category = tree.categories[categoryId];
      if (!category) return E.left({ _tag: 'CategoryNotFound', categoryId });
      if (category.retired) return E.left({ _tag: 'CategoryRetired', categoryId });
    }
    return E.right(undefined);
  };

  /** A command to validate against its schema before it is decided. */
  type Unchecked = readonly [schema: z.ZodType<ProductCommand>, command: unknown];

  const skuCommands = (productId: string, skus: readonly SkuInput[]): Unchecked[] =>
    skus.map((sku) => [AddProductSku, { type: 'AddProductSku', productId, sku: sku.sku, attributes: sku.attributes ?? {}, price: sku.price ?? null }]);

  const imageCommands = (productId: string, images: readonly ImageInput[]): Unchecked[] =>
    images.map((image) => [AddProductImage, { type: 'AddProductImage', productId, imageId: ids.next(), url: image.url, alt: image.alt ?? EMPTY_TEXT }]);

  /**
   * Validates every command, then decides them as one change on the product's stream: each on the state the ones
   * before it left, recorded in one append or not at all (a refused SKU leaves no half-made product), and an
   * If-Match checked once, against the revision the whole change is decided on.
   */
  const change = async (productId: string, commands: readonly Unchecked[], h: HandleOptions): Promise<Either<ShopError, Product>> => {
    const parsed: ProductCommand[] = [];
    for (const [schema, command] of commands) {
      const one = parse(schema, command);
      if (E.isLeft(one)) return one;
      parsed.push(one.right);
    }
    const result = await handlers.productChanges(productStream(productId), parsed, h);
    if (E.isLeft(result)) return result;
    const state = result.right.state;
    return state.status === 'none' ? E.left({ _tag: 'ProductNotFound', productId }) : E.right(state);
  };

  return {
    createProduct: (input, options) =>
      gate.run(options, async (h) => {
        const checked = await checkTaxonomy(input.brandId, input.categoryIds);
        if (E.isLeft(checked)) return checked;
        const productId = input.productId ?? ids.next();
        return change(
          productId,
          [
            [
              CreateProduct,
              {
                type: 'CreateProduct',
                productId,
                title: input.title,
                description: input.description ?? EMPTY_TEXT,
                brandId: input.brandId ?? null,
                categoryIds: [...(input.categoryIds ?? [])],
                attributes: input.attributes ?? {},
                currency: input.currency ?? context.settings.currency,
              },
            ],
            ...skuCommands(productId, input.skus ?? []),
            ...imageCommands(productId, input.images ?? []),
            ...(input.publish === true ? [[PublishProduct, { type: 'PublishProduct', productId }] as const] : []),
          ],
          h,
        );
      }),

    updateProduct: (productId, changes, options) =>
      gate.run(options, async (h) => {
        const before = await load(productId);
        if (before.status === 'none') return E.left({ _tag: 'ProductNotFound', productId });
        const detailsChanged = ['title', 'description', 'brandId', 'categoryIds', 'attributes'].some((key) => key in changes);
        if (detailsChanged) {
          const checked = await checkTaxonomy(changes.brandId, changes.categoryIds);
          if (E.isLeft(checked)) return checked;
        }
        const details: Unchecked[] = detailsChanged
          ? [
              [
                ReviseProductDetails,
                {
                  type: 'ReviseProductDetails',
                  productId,
                  title: changes.title ?? before.title,
                  description: changes.description ?? before.description,
                  brandId: changes.brandId === undefined ? before.brandId : changes.brandId,
                  categoryIds: [...(changes.categoryIds ?? before.categoryIds)],
                  attributes: changes.attributes ?? before.attributes,
                },
              ],
            ]
          : [];
        // Additions before removals and price changes, so that a SKU can be replaced in one update of a published product.
        return change(
          productId,
          [
            ...details,
            ...skuCommands(productId, changes.addSkus ?? []),
            ...(changes.prices ?? []).map(({ sku, price }): Unchecked => [ChangeProductPrice, { type: 'ChangeProductPrice', productId, sku, price }]),
            ...(changes.removeSkus ?? []).map((sku): Unchecked => [RemoveProductSku, { type: 'RemoveProductSku', productId, sku }]),
            ...imageCommands(productId, changes.addImages ?? []),
            ...(changes.removeImages ?? []).map((imageId): Unchecked => [RemoveProductImage, { type: 'RemoveProductImage', productId, imageId }]),
          ],
          h,
        );
      }),

    publishProduct: (productId, options) => gate.run(options, (h) => send(PublishProduct, { type: 'PublishProduct', productId }, h)),
    unpublishProduct: (productId, options) => gate.run(options, (h) => send(UnpublishProduct, { type: 'UnpublishProduct', productId }, h)),

    product: async (productId, query = {}) => {
      const state = await load(productId);
      if (state.status === 'none') return null;
      return state.status === 'published' || query.includeDrafts === true ? state : null;
    },

    categories: async () =>
      Object.entries((await taxonomy()).categories)
        .filter(([, category]) => !category.retired)
        .map(([categoryId, category]) => ({ categoryId, ...category })),

    brands: async () => Object.entries((await taxonomy()).brands).map(([brandId, brand]) => ({ brandId, ...brand })),

    defineCategory: (input, options) =>
      gate.run(options, async (h) => {
        const categoryId = input.categoryId ?? ids.next();
        const parsed = parse(DefineCategory, { type: 'DefineCategory', categoryId, name: input.name, parentId: input.parentId ?? null });
        if (E.isLeft(parsed)) return parsed;
        const result = await handlers.taxonomy(taxonomyStream(), parsed.right, h);
        if (E.isLeft(result)) return result;
        const category = result.right.state.categories[categoryId];
        return category ? E.right({ categoryId, ...category }) : E.left({ _tag: 'CategoryNotFound', categoryId });
      }),

    defineBrand: (input, options) =>
      gate.run(options, async (h) => {
        const brandId = input.brandId ?? ids.next();
        const parsed = parse(DefineBrand, { type: 'DefineBrand', brandId, name: input.name });
        if (E.isLeft(parsed)) return parsed;
        const result = await handlers.taxonomy(taxonomyStream(), parsed.right, h);
        if (E.isLeft(result)) return result;
        const brand = result.right.state.brands[brandId];
        return brand ? E.right({ brandId, ...brand }) : E.left({ _tag: 'BrandNotFound', brandId });
      }),
  };
};
