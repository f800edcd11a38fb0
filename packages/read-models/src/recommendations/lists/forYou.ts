import { shareOf } from '../decay.js';
import type { ProductDoc, ProfileDoc } from '../documents.js';
import { neighbourId, orderWindowId } from '../documents.js';
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

/** What a complement of a recent order adds at most: half a taste, so tastes still lead. */
const COMPLEMENT_WEIGHT = 0.5;

type Complement = { readonly share: number; readonly source: string };

/**
 * How a product matches a profile: the share of its best category plus the share of its brand, each relative to
 * the customer's strongest taste, plus half its share among the products bought together with one of their
 * recent orders (so 0..2.5); the reason is whichever part weighs most.
 */
const relevance = (product: ProductDoc, profile: ProfileDoc | null, top: number, complement: Complement | undefined): Scored => {
  let category: { id: string; share: number } | null = null;
  for (const id of product.categoryIds) {
    const score = profile?.categories[id];
    if (score !== undefined && (category === null || shareOf(score, top) > category.share)) category = { id, share: shareOf(score, top) };
  }
  const brandScore = product.brandId === null ? undefined : profile?.brands[product.brandId];
  const brand = product.brandId !== null && brandScore !== undefined ? { id: product.brandId, share: shareOf(brandScore, top) } : null;
  const bonus = complement === undefined ? 0 : COMPLEMENT_WEIGHT * complement.share;
  const categoryShare = category?.share ?? 0;
  const brandShare = brand?.share ?? 0;
  const reason: RecommendationReason =
    complement !== undefined && bonus > categoryShare && bonus > brandShare
      ? { kind: 'boughtTogether', productId: complement.source }
      : category !== null && categoryShare >= brandShare
        ? { kind: 'categoryYouLike', categoryId: category.id }
        : brand !== null
          ? { kind: 'brandYouLike', brandId: brand.id }
          : { kind: 'popular' };
  return { product, score: categoryShare + brandShare + bonus, reason };
};

/** The products bought together with the customer's recent orders, each with its best share and where it came from. */
const complementsOf = async (reads: RecommendationsReads, customerId: string, exclude: ReadonlySet<string>): Promise<Map<string, Complement>> => {
  const complements = new Map<string, Complement>();
  for (const { productId: source } of (await reads.windows.get(orderWindowId(customerId)))?.items ?? []) {
    const items = (await reads.neighbours.get(neighbourId('bought', source)))?.items ?? [];
    const strongestScore = items[0]?.score ?? 0;
    for (const n of items) {
      const share = shareOf(n.score, strongestScore);
      const known = complements.get(n.productId);
      if (!exclude.has(n.productId) && (known === undefined || share > known.share)) complements.set(n.productId, { share, source });
    }
  }
  return complements;
};

/**
 * "For you". Without the customer's personalisation consent: exactly the popular list, nothing of theirs read.
 * With it: the most popular listed products of their strongest categories and brands, and what is bought together
 * with their recent orders, ranked by how well they match (see `relevance`), then topped up with popular products
 * (score 0). A customer with no signals yet gets the popular list; one who has only looked around gets the popular
 * products of the categories they looked at first. What they bought is left out.
 */
export const forYouList = async (reads: RecommendationsReads, customerId: string, options: ListOptions): Promise<Recommendation[]> => {
  const limit = limitOf(options);
  if (!(await consenting(reads, customerId))) return popularProducts(reads, { limit });
  const bought = await boughtBy(reads, customerId);
  const profile = await reads.profiles.get(customerId);
  const candidates = new Map<string, ProductDoc>();
  const categories = profile === null ? [] : strongest(profile.categories);
  const brands = profile === null ? [] : strongest(profile.brands);
  const top = Math.max(...[...categories, ...brands].map(([, score]) => score));
  for (const [categoryId] of categories) for (const p of await listedProducts(reads, { categoryIds: categoryId }, bought, limit)) candidates.set(p._id, p);
  for (const [brandId] of brands) for (const p of await listedProducts(reads, { brandId }, bought, limit)) candidates.set(p._id, p);
  const complements = await complementsOf(reads, customerId, new Set(bought));
  if (complements.size > 0) for (const p of await reads.products.find({ _id: { $in: [...complements.keys()] }, listed: true })) candidates.set(p._id, p);
  const chosen = [...candidates.values()]
    .map((p) => relevance(p, profile, top, complements.get(p._id)))
    .sort(byScore)
    .slice(0, limit)
    .map(({ product, score, reason }) => ({ productId: product._id, score, reason }));
  if (chosen.length === limit) return chosen;
  const fill = await listedProducts(reads, {}, [...bought, ...chosen.map((c) => c.productId)], limit - chosen.length);
  return [...chosen, ...asPopular(fill, null)];
};
