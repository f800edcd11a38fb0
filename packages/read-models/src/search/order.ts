import type { SortKey } from './cursor.js';

/** Ascending (1) or descending (-1), one per key. */
export type Directions = readonly (1 | -1)[];

export const compareValue = (a: number | string | undefined, b: number | string | undefined): number => {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : 1;
};

/** Orders by the keys in their directions, then by id ascending, so the order is total and pages are stable. */
export const compareKeys = (directions: Directions, a: { key: SortKey; id: string }, b: { key: SortKey; id: string }): number => {
  for (let i = 0; i < directions.length; i++) {
    const order = compareValue(a.key[i], b.key[i]);
    if (order !== 0) return order * (directions[i] ?? 1);
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

/**
 * The page after the cursor's position: the first `limit` items ordered strictly after the last one served,
 * so a product added or removed between two pages never makes another repeat or go missing. Selects them
 * without sorting everything: a page is small and the candidates may be many.
 */
export const pageAfter = <T extends { key: SortKey; id: string }>(
  items: readonly T[],
  directions: Directions,
  after: { readonly k: SortKey; readonly id: string } | null,
  limit: number,
): { page: T[]; more: boolean } => {
  const cursor = after === null ? null : { key: after.k, id: after.id };
  const page: T[] = [];
  let remaining = 0;
  for (const item of items) {
    if (cursor !== null && compareKeys(directions, item, cursor) <= 0) continue;
    remaining++;
    const last = page.at(-1);
    if (page.length === limit && last !== undefined && compareKeys(directions, item, last) >= 0) continue;
    // Insert in order; the page stays sorted and at most `limit` long.
    let at = page.length;
    while (at > 0 && compareKeys(directions, item, page[at - 1] as T) < 0) at--;
    page.splice(at, 0, item);
    if (page.length > limit) page.pop();
  }
  return { page, more: remaining > limit };
};
