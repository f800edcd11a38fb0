import { shareOf } from '../decay.js';
import type { NeighbourKind, ProductDoc } from '../documents.js';
import { neighbourId } from '../documents.js';
import type { ItemListOptions, Recommendation, RecommendationReason } from '../recommendation.js';
import { limitOf } from '../recommendation.js';
import type { RecommendationsReads } from './reads.js';
import { boughtBy, byScore, listedProducts } from './reads.js';

/**
 * A product's listed neighbours of one kind, strongest first, scored as a share of the strongest neighbour
 * kept (so 0..1), leaving out `exclude`.
 */
const neighboursOf = async (
  reads: RecommendationsReads,
  kind: NeighbourKind,
  productId: string,
  exclude: ReadonlySet<string>,
  limit: number,
): Promise<Recommendation[]> => {
  const items = (await reads.neighbours.get(neighbourId(kind, productId)))?.items ?? [];
  const wanted = items.filter((n) => !exclude.has(n.productId));
  if (wanted.length === 0) return [];
  const listed = new Set((await reads.products.find({ _id: { $in: wanted.map((n) => n.productId) }, listed: true }, { projection: { _id: 1 } })).map((p) => p._id));
  const kept = wanted.filter((n) => listed.has(n.productId)).slice(0, limit);
  const top = kept[0]?.score ?? 0;
  const reason: RecommendationReason = kind === 'bought' ? { kind: 'boughtTogether', productId } : { kind: 'viewedTogether', productId };
  return kept.map((n) => ({ productId: n.productId, score: shareOf(n.score, top), reason }));
};

/** Products bought in the same orders as `productId` (or by the same customers within a few weeks). */
export const boughtTogetherList = async (reads: RecommendationsReads, productId: string, options: ItemListOptions): Promise<Recommendation[]> => {
  const exclude = new Set([productId, ...(await boughtBy(reads, options.customerId))]);
  return neighboursOf(reads, 'bought', productId, exclude, limitOf(options));
};

/**
 * Products like `productId`: first those viewed together with it (scores 1..2), then listed products sharing
 * its category and brand (0.75), its category (0.5) or its brand (0.25), the popular first.
 */
export const similarList = async (reads: RecommendationsReads, productId: string, options: ItemListOptions): Promise<Recommendation[]> => {
  const limit = limitOf(options);
  const exclude = new Set([productId, ...(await boughtBy(reads, options.customerId))]);
  const viewed = (await neighboursOf(reads, 'viewed', productId, exclude, limit)).map((r) => ({ ...r, score: 1 + r.score }));
  const product = await reads.products.get(productId);
  if (viewed.length === limit || product === null) return viewed;
  const taken = [...exclude, ...viewed.map((r) => r.productId)];
  const candidates = new Map<string, ProductDoc>();
  for (const categoryId of product.categoryIds) for (const p of await listedProducts(reads, { categoryIds: categoryId }, taken, limit)) candidates.set(p._id, p);
  if (product.brandId !== null) for (const p of await listedProducts(reads, { brandId: product.brandId }, taken, limit)) candidates.set(p._id, p);
  const alike = [...candidates.values()]
    .flatMap((candidate) => {
      const category = candidate.categoryIds.find((id) => product.categoryIds.includes(id));
      const brand = product.brandId !== null && candidate.brandId === product.brandId ? product.brandId : null;
      const reason: RecommendationReason | null =
        category !== undefined ? { kind: 'sameCategory', categoryId: category } : brand !== null ? { kind: 'sameBrand', brandId: brand } : null;
      return reason === null ? [] : [{ product: candidate, score: (category !== undefined ? 0.5 : 0) + (brand !== null ? 0.25 : 0), reason }];
    })
    .sort(byScore)
    .slice(0, limit - viewed.length);
  return [...viewed, ...alike.map(({ product: p, score, reason }) => ({ productId: p._id, score, reason }))];
};
