import type { RecommendationsContext } from '../context.js';
import { addSignal } from '../decay.js';
import type { Neighbour, NeighbourDoc, NeighbourKind, WindowItem } from '../documents.js';
import { neighbourId } from '../documents.js';

const strongestFirst = (a: Neighbour, b: Neighbour): number => b.score - a.score || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0);

/**
 * Counts `productId` as co-occurring with each of `others`, on `productId`'s list only (callers add the other
 * direction). The list keeps the `max` strongest by decayed score: a pair seen long ago weighs less than one
 * seen today, so newcomers displace stale neighbours and a product's document never grows past `max`.
 */
export const addNeighbours = async (
  ctx: RecommendationsContext,
  kind: NeighbourKind,
  productId: string,
  others: readonly string[],
  at: string,
  options: { readonly halfLifeDays: number; readonly max: number },
): Promise<void> => {
  const distinct = [...new Set(others)].filter((other) => other !== productId);
  if (distinct.length === 0) return;
  const neighbours = ctx.collection<NeighbourDoc>('neighbours');
  const _id = neighbourId(kind, productId);
  const scores = new Map(((await neighbours.get(_id))?.items ?? []).map((n) => [n.productId, n.score] as const));
  for (const other of distinct) scores.set(other, addSignal(scores.get(other) ?? null, 1, at, options.halfLifeDays));
  const items = [...scores].map(([id, score]) => ({ productId: id, score })).sort(strongestFirst).slice(0, options.max);
  await neighbours.replaceOne({ _id, items });
};

/** Both directions at once: every product of `group` with every one of `others`. */
export const linkAll = async (
  ctx: RecommendationsContext,
  kind: NeighbourKind,
  group: readonly string[],
  others: readonly string[],
  at: string,
  options: { readonly halfLifeDays: number; readonly max: number },
): Promise<void> => {
  for (const productId of group) await addNeighbours(ctx, kind, productId, others, at, options);
  for (const productId of others) await addNeighbours(ctx, kind, productId, group, at, options);
};

/** The items of a window still within `spanMs` of `at` (either side: streams need not arrive in time order). */
export const withinWindow = (items: readonly WindowItem[], at: string, spanMs: number): WindowItem[] =>
  items.filter((item) => Math.abs(Date.parse(at) - Date.parse(item.at)) <= spanMs);
