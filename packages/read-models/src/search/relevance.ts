import type { SortKey } from './cursor.js';
import type { Scored } from './retrieval.js';

/** How typical each category is of the best matches: the share of them filed under it. */
export type Affinity = ReadonlyMap<string, number>;

/**
 * The categories the query is about, read from its best matches (those covering the most of the query): a
 * query for 红富士苹果 whose best match is filed under 水果 is about fruit, so a product covering only 苹果 that
 * is fruit ranks above one that is a phone of the brand 苹果.
 */
export const categoryAffinity = (scored: readonly Scored[]): Affinity => {
  const best = scored.reduce((max, s) => Math.max(max, s.coverage), 0);
  if (best === 0) return new Map();
  const top = scored.filter((s) => s.coverage === best);
  const counts = new Map<string, number>();
  for (const { candidate } of top) for (const id of new Set(candidate.categoryIds)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return new Map([...counts].map(([id, count]) => [id, count / top.length]));
};

export const round = (value: number, step: number): number => Math.round(value / step) * step;

/**
 * The relevance order of a text match: products covering the whole query first, by score. Among partial
 * matches, those in the categories the best matches share come first, then by how much of the query they
 * cover, then by score. The score is BM25F lifted by sales and rating. Affinity only decides among partial
 * matches: among whole matches the text itself is the better judge (a query for 小米 wants every Xiaomi
 * product, not the accessories that happen to share the phones' category). Coverage and affinity are rounded
 * so that tiny differences leave the order to the score.
 */
export const rankKey = (scored: Scored, affinity: Affinity): SortKey => {
  const typical = scored.candidate.categoryIds.reduce((max, id) => Math.max(max, affinity.get(id) ?? 0), 0);
  const whole = scored.coverage >= 0.999;
  return [whole ? 1 : 0, whole ? 0 : round(typical, 0.05), round(scored.coverage, 0.01), scored.score];
};
