import type { ProjectionContext } from '@shopstream/kernel';
import type { SearchCollection } from './collections.js';
import type { FieldTerms, ProductDocument, SkuEntry, TaxonomyDocument, Text } from './documents.js';
import { packFrequencies } from './frequencies.js';
import { brandKey, categoryKey } from './documents.js';
import { recordChange } from './feed.js';
import { updateTermStatistics } from './statistics.js';
import { tokenize, uniqueTerms } from './text/index.js';

type Context = ProjectionContext<SearchCollection>;

const NO_TEXT: Text = { zh: '', en: '' };
const NO_FIELDS: FieldTerms = { title: [], brand: [], category: [], attributes: [], description: [] };

/** A product nothing is known of yet; orders and reviews may arrive before the catalog creates it. */
export const blankProduct = (productId: string): ProductDocument => ({
  _id: productId,
  created: false,
  status: 'draft',
  visible: false,
  title: NO_TEXT,
  description: NO_TEXT,
  brandId: null,
  brand: null,
  categoryIds: [],
  categoryPath: [],
  attributes: [],
  currency: 'CNY',
  skus: [],
  images: [],
  price: null,
  stock: 0,
  inStock: false,
  sales: 0,
  ratingSum: 0,
  ratingCount: 0,
  rating: null,
  createdAt: null,
  lengths: { title: 0, brand: 0, category: 0, attributes: 0, description: 0 },
  frequencies: '',
  terms: [],
});

export const loadProduct = async (context: Context, productId: string): Promise<ProductDocument> =>
  (await context.collection<ProductDocument>('products').get(productId)) ?? blankProduct(productId);

const textTerms = (...texts: readonly Text[]): string[] => texts.flatMap((text) => [...tokenize(text.zh), ...tokenize(text.en)]);

const taxonomyName = async (context: Context, key: string): Promise<Text | null> => {
  const entry = await context.collection<TaxonomyDocument>('taxonomy').get(key);
  return entry ? entry.name : null;
};

/** The categories and all their ancestors, each once; unknown ids stay in, so that defining them later finds the product. */
const categoryPathOf = async (context: Context, categoryIds: readonly string[]): Promise<{ ids: string[]; names: Text[] }> => {
  const ids: string[] = [];
  const names: Text[] = [];
  const taxonomy = context.collection<TaxonomyDocument>('taxonomy');
  for (const start of categoryIds) {
    let current: string | null = start;
    // Bounded, so that a tree made cyclic by a bad history cannot loop.
    for (let depth = 0; current !== null && depth < 32 && !ids.includes(current); depth++) {
      ids.push(current);
      const category: TaxonomyDocument | null = await taxonomy.get(categoryKey(current));
      if (category?.kind !== 'category') break;
      names.push(category.name);
      current = category.parentId;
    }
  }
  return { ids, names };
};

const sameJson = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

// Both come from the same code path in the same key order, so their JSON is equal exactly when they are; field
// by field, most fields (the text above all) are the same objects and cost nothing to compare.
const sameDocument = (a: ProductDocument, b: ProductDocument): boolean => {
  const keys = Object.keys(a) as (keyof ProductDocument)[];
  const others = Object.keys(b);
  return keys.length === others.length && keys.every((key, i) => others[i] === key && sameJson(a[key], b[key]));
};

const lowestPrice = (skus: readonly SkuEntry[]): number | null =>
  skus.reduce<number | null>((lowest, { price }) => (price === null || (lowest !== null && lowest <= price) ? lowest : price), null);

/** Everything derived from the facts: names from the taxonomy, price, stock, rating and the indexed terms. */
export const derive = async (context: Context, product: ProductDocument): Promise<ProductDocument> => {
  const brand = product.brandId === null ? null : await taxonomyName(context, brandKey(product.brandId));
  const path = await categoryPathOf(context, product.categoryIds);
  const visible = product.created && product.status === 'published';
  const attributeValues = [...product.attributes, ...product.skus.flatMap((sku) => sku.attributes)].map(([, value]) => value);
  const fields: FieldTerms = visible
    ? {
        title: textTerms(product.title),
        brand: brand ? textTerms(brand) : [],
        category: textTerms(...path.names),
        attributes: attributeValues.flatMap((value) => tokenize(value)),
        description: textTerms(product.description),
      }
    : NO_FIELDS;
  return deriveFigures({
    ...product,
    visible,
    brand,
    categoryPath: path.ids,
    lengths: { title: fields.title.length, brand: fields.brand.length, category: fields.category.length, attributes: fields.attributes.length, description: fields.description.length },
    frequencies: packFrequencies(fields),
    terms: uniqueTerms([...fields.title, ...fields.brand, ...fields.category, ...fields.attributes, ...fields.description]),
  });
};

/** What can change without touching the text: price, stock and rating. */
const deriveFigures = (product: ProductDocument): ProductDocument => {
  const stock = product.skus.reduce((total, sku) => total + Math.max(0, sku.available), 0);
  return {
    ...product,
    price: lowestPrice(product.skus),
    stock,
    inStock: stock > 0,
    rating: product.ratingCount > 0 ? product.ratingSum / product.ratingCount : null,
  };
};

/**
 * Whether two states of a product hold the same facts its text is derived from (besides the taxonomy's names).
 * Sales, ratings, prices, stock and images are not among them, and they are most of a product's changes.
 */
const sameTextFacts = (a: ProductDocument, b: ProductDocument): boolean =>
  a.created === b.created &&
  a.status === b.status &&
  a.brandId === b.brandId &&
  sameJson(a.title, b.title) &&
  sameJson(a.description, b.description) &&
  sameJson(a.categoryIds, b.categoryIds) &&
  sameJson(a.attributes, b.attributes) &&
  a.skus.length === b.skus.length &&
  a.skus.every((sku, i) => sameJson(sku.attributes, b.skus[i]?.attributes));

/** Whether the taxonomy may have changed the names a product carries since it was last derived. */
type Names = 'unchanged' | 'changed';

/**
 * Derives, stores and keeps the term statistics in step with what the product now contributes, and records
 * the change in the feed. A save that changes nothing writes nothing. When the names are unchanged (every
 * taxonomy change refreshes the products that carry its names, with 'changed') and so are the text facts,
 * `before`'s names, terms, frequencies and lengths are still right, and the product is not segmented again.
 */
export const saveProduct = async (context: Context, before: ProductDocument, changed: ProductDocument, names: Names = 'unchanged'): Promise<void> => {
  const after = names === 'unchanged' && sameTextFacts(before, changed) ? deriveFigures(changed) : await derive(context, changed);
  if (sameDocument(before, after)) return;
  await context.collection<ProductDocument>('products').replaceOne(after);
  await updateTermStatistics(context, before, after);
  await recordChange(context, after._id);
};

export const changeProduct = async (context: Context, productId: string, change: (product: ProductDocument) => ProductDocument): Promise<void> => {
  const before = await loadProduct(context, productId);
  await saveProduct(context, before, change(before));
};

const productsMatching = async (context: Context, filter: Readonly<Record<string, unknown>>): Promise<ProductDocument[]> =>
  context.collection<ProductDocument>('products').find(filter, { sort: { _id: 1 } });

/** Derives again every product matching `filter` after a change to the taxonomy they take names from (a category or brand). */
export const refreshProducts = async (context: Context, filter: Readonly<Record<string, unknown>>): Promise<void> => {
  for (const product of await productsMatching(context, filter)) await saveProduct(context, product, product, 'changed');
};
