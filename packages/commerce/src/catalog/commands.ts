import { z } from 'zod';
import { Currency, NonNegativeMoney } from '../shared/money.js';
import { Attributes, ImageUrl, LocalizedText, Sku } from './values.js';

const productId = z.uuid();

// Product commands. Brand and category ids are checked against the taxonomy by the caller, which reads it.

export const CreateProduct = z.strictObject({
  type: z.literal('CreateProduct'),
  productId,
  title: LocalizedText,
  description: LocalizedText,
  brandId: z.uuid().nullable(),
  categoryIds: z.array(z.uuid()).max(20),
  attributes: Attributes,
  currency: Currency,
});

export const ReviseProductDetails = z.strictObject({
  type: z.literal('ReviseProductDetails'),
  productId,
  title: LocalizedText,
  description: LocalizedText,
  brandId: z.uuid().nullable(),
  categoryIds: z.array(z.uuid()).max(20),
  attributes: Attributes,
});

export const AddProductSku = z.strictObject({
  type: z.literal('AddProductSku'),
  productId,
  sku: Sku,
  attributes: Attributes,
  /** Null until the merchant prices it; an unpriced SKU cannot be sold. */
  price: NonNegativeMoney.nullable(),
});

export const RemoveProductSku = z.strictObject({ type: z.literal('RemoveProductSku'), productId, sku: Sku });

export const ChangeProductPrice = z.strictObject({
  type: z.literal('ChangeProductPrice'),
  productId,
  sku: Sku,
  price: NonNegativeMoney,
});

export const AddProductImage = z.strictObject({
  type: z.literal('AddProductImage'),
  productId,
  imageId: z.uuid(),
  url: ImageUrl,
  alt: LocalizedText,
});

export const RemoveProductImage = z.strictObject({ type: z.literal('RemoveProductImage'), productId, imageId: z.uuid() });

export const PublishProduct = z.strictObject({ type: z.literal('PublishProduct'), productId });

export const UnpublishProduct = z.strictObject({ type: z.literal('UnpublishProduct'), productId });

export const ProductCommand = z.discriminatedUnion('type', [
  CreateProduct,
  ReviseProductDetails,
  AddProductSku,
  RemoveProductSku,
  ChangeProductPrice,
  AddProductImage,
  RemoveProductImage,
  PublishProduct,
  UnpublishProduct,
]);
export type ProductCommand = z.infer<typeof ProductCommand>;

// Taxonomy commands.

export const DefineCategory = z.strictObject({
  type: z.literal('DefineCategory'),
  categoryId: z.uuid(),
  name: LocalizedText,
  parentId: z.uuid().nullable(),
});
export const RenameCategory = z.strictObject({ type: z.literal('RenameCategory'), categoryId: z.uuid(), name: LocalizedText });
export const MoveCategory = z.strictObject({ type: z.literal('MoveCategory'), categoryId: z.uuid(), parentId: z.uuid().nullable() });
export const RetireCategory = z.strictObject({ type: z.literal('RetireCategory'), categoryId: z.uuid() });
export const DefineBrand = z.strictObject({ type: z.literal('DefineBrand'), brandId: z.uuid(), name: LocalizedText });
export const RenameBrand = z.strictObject({ type: z.literal('RenameBrand'), brandId: z.uuid(), name: LocalizedText });

export const TaxonomyCommand = z.discriminatedUnion('type', [
  DefineCategory,
  RenameCategory,
  MoveCategory,
  RetireCategory,
  DefineBrand,
  RenameBrand,
]);
export type TaxonomyCommand = z.infer<typeof TaxonomyCommand>;
