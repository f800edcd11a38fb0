import { shareOf } from '../decay.js';
import type { ProductDoc } from '../documents.js';
import type { PopularOptions, Recommendation } from '../recommendation.js';
import { limitOf } from '../recommendation.js';
import type { RecommendationsReads } from './reads.js';
import { listedProducts } from './reads.js';

/** Scores as a share of the most popular product of the list (1), 0 for products nobody has looked at yet. */
export const asPopular = (products: readonly ProductDoc[], strongest: number | null): Recommendation[] =>
  products.map((product) => ({
    productId: product._id,
    score: product.popularity === null || strongest === null ? 0 : shareOf(product.popularity, strongest),
    reason: { kind: 'popular' },
  }));

export const popularProducts = async (reads: RecommendationsReads, options: PopularOptions, exclude: readonly string[] = []): Promise<Recommendation[]> => {
  const filter = {
    ...(options.categoryId === undefined ? {} : { categoryIds: options.categoryId }),
    ...(options.brandId === undefined ? {} : { brandId: options.brandId }),
  };
  const products = await listedProducts(reads, filter, exclude, limitOf(options));
  return asPopular(products, products[0]?.popularity ?? null);
};
