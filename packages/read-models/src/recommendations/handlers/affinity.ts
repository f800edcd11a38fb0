import type { RecommendationsContext } from '../context.js';
import { addSignal } from '../decay.js';
import type { ProductDoc, ProfileDoc } from '../documents.js';

const bump = (scores: Readonly<Record<string, number>>, ids: readonly string[], weight: number, at: string, halfLifeDays: number): Record<string, number> => {
  const next: Record<string, number> = { ...scores };
  for (const id of ids) next[id] = addSignal(scores[id] ?? null, weight, at, halfLifeDays);
  return next;
};

/**
 * Adds a signal about a product to a (consenting) customer's tastes: each of its categories and its brand gain
 * the signal's weight. Call only after `isPersonalised`.
 */
export const addAffinity = async (
  ctx: RecommendationsContext,
  customerId: string,
  products: readonly ProductDoc[],
  weight: number,
  at: string,
  halfLifeDays: number,
): Promise<void> => {
  const categoryIds = [...new Set(products.flatMap((p) => p.categoryIds))];
  const brandIds = [...new Set(products.flatMap((p) => (p.brandId === null ? [] : [p.brandId])))];
  if (categoryIds.length === 0 && brandIds.length === 0) return;
  const profiles = ctx.collection<ProfileDoc>('profiles');
  const profile = (await profiles.get(customerId)) ?? { _id: customerId, categories: {}, brands: {} };
  await profiles.replaceOne({
    _id: customerId,
    categories: bump(profile.categories, categoryIds, weight, at, halfLifeDays),
    brands: bump(profile.brands, brandIds, weight, at, halfLifeDays),
  });
};
