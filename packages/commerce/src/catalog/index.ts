import { streamName } from '@shopstream/kernel';

/** The stream of one product. */
export const productStream = (productId: string): string => streamName('product', productId);
/** The stream holding a catalog's category tree and brands; a shop has one catalog unless it says otherwise. */
export const taxonomyStream = (catalogId = 'default'): string => streamName('taxonomy', catalogId);

// Values
export { Sku, LocalizedText, Attributes, ImageUrl, hasText } from './values.js';

// Events
export {
  ProductCreated,
  ProductDetailsRevised,
  ProductSkuAdded,
  ProductSkuRemoved,
  ProductPriceChanged,
  ProductImageAdded,
  ProductImageRemoved,
  ProductPublished,
  ProductUnpublished,
  productEvents,
  CategoryDefined,
  CategoryRenamed,
  CategoryMoved,
  CategoryRetired,
  BrandDefined,
  BrandRenamed,
  taxonomyEvents,
  catalogEvents,
} from './events.js';
export type { ProductEvent, TaxonomyEvent, CatalogEvent } from './events.js';

// Commands
export {
  CreateProduct,
  ReviseProductDetails,
  AddProductSku,
  RemoveProductSku,
  ChangeProductPrice,
  AddProductImage,
  RemoveProductImage,
  PublishProduct,
  UnpublishProduct,
  ProductCommand,
  DefineCategory,
  RenameCategory,
  MoveCategory,
  RetireCategory,
  DefineBrand,
  RenameBrand,
  TaxonomyCommand,
} from './commands.js';

// Errors
export type { ProductError, TaxonomyError, CatalogError, CatalogErrorTag, PublishRequirement } from './errors.js';

// Deciders
export { productDecider, missingForPublish } from './decider.js';
export type { Product, ProductImage, ProductSku, ProductState } from './decider.js';
export { taxonomyDecider } from './taxonomyDecider.js';
export type { Brand, Category, TaxonomyState } from './taxonomyDecider.js';
