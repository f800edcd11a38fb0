import { shareOf } from '../decay.js';
import type { ProductDoc, ProfileDoc } from '../documents.js';
import { asPopular, popularProducts } from './popular.js';
import type { ListOptions, Recommendation, RecommendationReason } from '../recommendation.js';
import { limitOf } from '../recommendation.js';
import type { RecommendationsReads } from './reads.js';
import { boughtBy, byScore, consenting, listedProducts } from './reads.js';

/** How many of a customer's strongest categories, and brands, lists draw candidates from. */
const TOP_TASTES = 5;

const strongest = (scores: Readonly<Record<string, number>>): [string, number][] =>
  Object.entries(scores)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, TOP_TASTES);

interface Scored {
  readonly product: ProductDoc;
  readonly score: number;
  readonly reason: RecommendationReason;
}

/**
 * How well a product matches a profile: the share of its best category plus the share of its brand, each
 * relative to the customer's strongest taste (so 0..2), and which of the two weighs more.
 */
const relevance = (product: ProductDoc, profile: ProfileDoc, top: number): Scored => {
  let category: { id: string; share: number } | null = null;
  for (const id of product.categoryIds) {
    const score = profile.categories[id];
    if (score !== undefined && (category === null || shareOf(score, top) > category.share)) category = { id, share: shareOf(score, top) };
  }
  const brandScore = product.brandId === null ? undefined : profile.brands[product.brandId];
  const brand = product.brandId !== null && brandScore !== undefined ? { id: product.brandId, share: shareOf(brandScore, top) } : null;
  const reason: RecommendationReason =
    category !== null && (brand === null || category.share >= brand.share)
      ? { kind: 'categoryYouLike', categoryId: category.id }
      : brand !== null
        ? { kind: 'brandYouLike', brandId: brand.id }
        : { kind: 'popular' };
  return { product, score: (category?.share ?? 0) + (brand?.share ?? 0), reason };
};

/**
 * "For you". Without the customer's personalisation consent: exactly the popular list, nothing of theirs read.
 * With it: the most popular listed products of their strongest categories and brands, ranked by how well they
 * match (scores 0..2), then topped up with popular products (score 0). A customer with no signals yet gets the
 * popular list; one who has only looked around gets the popular products of the categories they looked at first.
 * What they bought is left out.
 */
export const forYouList = async (reads: RecommendationsReads, customerId: string, options: ListOptions): Promise<Recommendation[]> => {
  const limit = limitOf(options);
  if (!(await consenting(reads, customerId))) return popularProducts(reads, { limit });
  const bought = await boughtBy(reads, customerId);
  const profile = await reads.profiles.get(customerId);
  const picked: Scored[] = [];
  if (profile !== null) {
    const categories = strongest(profile.categories);
    const brands = strongest(profile.brands);
    const top = Math.max(...[...categories, ...brands].map(([, score]) => score));
    const candidates = new Map<string, ProductDoc>();
    for (const [categoryId] of categories) for (const p of await listedProducts(reads, { categoryIds: categoryId }, bought, limit)) candidates.set(p._id, p);
    for (const [brandId] of brands) for (const p of await listedProducts(reads, { brandId }, bought, limit)) candidates.set(p._id, p);
    picked.push(...[...candidates.values()].map((p) => relevance(p, profile, top)).sort(byScore).slice(0, limit));
  }
  const chosen = picked.map(({ product, score, reason }) => ({ productId: product._id, score, reason }));
  if (chosen.length === limit) return chosen;
  const fill = await listedProducts(reads, {}, [...bought, ...chosen.map((c) => c.productId)], limit - chosen.length);
  return [...chosen, ...asPopular(fill, null)];
};
