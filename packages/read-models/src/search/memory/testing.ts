import type { FieldTerms } from '../documents.js';
import { packFrequencies } from '../frequencies.js';
import type { IndexedProduct } from './table.js';

/** What a test product is made of; the derived parts of its table row (lengths, frequencies, rating) follow. */
export interface TestProduct {
  readonly id: string;
  readonly visible: boolean;
  readonly categories: readonly string[];
  readonly categoryPath: readonly string[];
  readonly brandId: string | null;
  readonly price: number | null;
  readonly inStock: boolean;
  readonly sales: number;
  /** How many ratings, each of 4 stars. */
  readonly ratings: number;
  readonly createdAt: string;
  readonly text: FieldTerms;
}

/** The table row of a test product, derived the way the search projection derives its own. */
export const indexedProduct = (p: TestProduct): IndexedProduct => ({
  _id: p.id,
  visible: p.visible,
  categoryIds: p.categories,
  categoryPath: p.categoryPath,
  brandId: p.brandId,
  price: p.price,
  inStock: p.inStock,
  sales: p.sales,
  ratingSum: p.ratings * 4,
  ratingCount: p.ratings,
  rating: p.ratings > 0 ? 4 : null,
  createdAt: p.createdAt,
  lengths: {
    title: p.text.title.length,
    brand: p.text.brand.length,
    category: p.text.category.length,
    attributes: p.text.attributes.length,
    description: p.text.description.length,
  },
  frequencies: packFrequencies(p.text),
});
