import { afterEach, describe, expect, it } from 'vitest';
import { readModelHarness } from '../testing/harness.js';
import type { HistoryStep, ReadModelHarness } from '../testing/harness.js';
import { recommendationsProjection } from './projection.js';
import { recommendationsQueries } from './queries.js';
import type { RecommendationsQueries } from './queries.js';
import {
  at,
  brandId,
  categoryId,
  consent,
  customer,
  favourited,
  orderBought,
  productId,
  productListed,
  session,
  stockCounted,
  stockReceived,
  viewed,
} from './testing/events.js';

const TEA = categoryId(1);
const CUPS = categoryId(2);
const WEST_LAKE = brandId(1);
const JINGDEZHEN = brandId(2);
// Teas 1-3 (West Lake), cups 4-6 (Jingdezhen), and 7: a West Lake cup.
const [T1, T2, T3, C4, C5, C6, X7] = [1, 2, 3, 4, 5, 6, 7].map(productId) as [string, string, string, string, string, string, string];
const catalog: HistoryStep[] = [
  ...[T1, T2, T3].map((p) => productListed(p, { categories: [TEA], brand: WEST_LAKE })),
  ...[C4, C5, C6].map((p) => productListed(p, { categories: [CUPS], brand: JINGDEZHEN })),
  productListed(X7, { categories: [CUPS], brand: WEST_LAKE }),
  ...[T1, T2, T3, C4, C5, C6, X7].map((p) => stockReceived(p, 10)),
];
/** Popularity, most first: C6 (3 views), C5 (2), T3 (1); the others none. */
const crowd: HistoryStep[] = [
  viewed(session('a'), C6, at(100)),
  viewed(session('b'), C6, at(300)),
  viewed(session('c'), C6, at(500)),
  viewed(session('d'), C5, at(700)),
  viewed(session('e'), C5, at(900)),
  viewed(session('f'), T3, at(1100)),
];

let h: ReadModelHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const given = async (...steps: readonly (HistoryStep | readonly HistoryStep[])[]): Promise<RecommendationsQueries> => {
  h = await readModelHarness([recommendationsProjection()]);
  for (const step of [...catalog, ...crowd, ...steps.flat()]) await h.append(step);
  return recommendationsQueries(h.runtime);
};
const ids = (list: readonly { readonly productId: string }[]) => list.map((r) => r.productId);

describe('popular', () => {
  it('ranks listed products by decayed popularity, the top scoring 1, and filters by category or brand', async () => {
    const q = await given(stockCounted(C5, 0, 10));
    const all = await q.popular({ limit: 3 });
    expect(ids(all)).toEqual([C6, T3, T1]);
    expect(all[0]).toEqual({ productId: C6, score: 1, reason: { kind: 'popular' } });
    expect(all[2]?.score).toBe(0);
    expect(ids(await q.popular({ categoryId: CUPS }))).toEqual([C6, C4, X7]);
    expect(ids(await q.popular({ brandId: WEST_LAKE, limit: 2 }))).toEqual([T3, T1]);
  });

  it('clamps the limit to 1..100', async () => {
    const q = await given();
    expect(await q.popular({ limit: 0 })).toHaveLength(1);
    expect(await q.popular({ limit: 1000 })).toHaveLength(7);
  });
});

describe('for you', () => {
  it('is exactly the popular list without the personalisation consent, whatever the customer did', async () => {
    const q = await given(viewed(customer('c-1'), T1, at(2000)), orderBought('o-1', 'c-1', [T2], at(2001)));
    expect(await q.forYou('c-1', { limit: 5 })).toEqual(await q.popular({ limit: 5 }));
    expect(await q.forYou('nobody', { limit: 5 })).toEqual(await q.popular({ limit: 5 }));
  });

  it('falls back to the popular list for a consenting customer with no signals yet', async () => {
    const q = await given(consent('c-1', true, at(2000)));
    const list = await q.forYou('c-1', { limit: 4 });
    expect(ids(list)).toEqual(ids(await q.popular({ limit: 4 })));
    expect(list.every((r) => r.reason.kind === 'popular')).toBe(true);
  });

  it('puts the popular products of the categories a new customer looked at first, then the popular ones', async () => {
    const q = await given(consent('c-1', true, at(2000)), viewed(customer('c-1'), T1, at(2001)));
    const list = await q.forYou('c-1', { limit: 5 });
    // T1 is the most popular tea now that the customer looked at it.
    expect(ids(list)).toEqual([T1, T3, T2, X7, C6]);
    expect(list[1]).toEqual({ productId: T3, score: 2, reason: { kind: 'categoryYouLike', categoryId: TEA } });
    // The West Lake cup matches the brand only.
    expect(list[3]).toMatchObject({ reason: { kind: 'brandYouLike', brandId: WEST_LAKE }, score: 1 });
    expect(list[4]).toMatchObject({ reason: { kind: 'popular' }, score: 0 });
  });

  it('follows the strongest signals: one purchase outweighs a view and a favourite elsewhere', async () => {
    const q = await given(
      consent('c-1', true, at(2000)),
      viewed(customer('c-1'), T1, at(2001)),
      favourited(customer('c-1'), T2, at(2002)),
      orderBought('o-1', 'c-1', [C4], at(2003)),
    );
    const list = await q.forYou('c-1', { limit: 3 });
    // Cups and Jingdezhen weigh 5 each, tea and West Lake 1 + 3: the West Lake cup (1 + 0.8) beats the teas (0.8 + 0.8).
    expect(ids(list)).toEqual([C6, C5, X7]);
    expect(list[0]?.reason).toEqual({ kind: 'categoryYouLike', categoryId: CUPS });
    expect(list[2]?.score).toBeCloseTo(1.8, 3);
  });

  it('adds what others bought with the customer\'s recent orders, below their tastes', async () => {
    const q = await given(orderBought('o-9', 'c-9', [T1, C4], at(2000)), consent('c-1', true, at(2001)), orderBought('o-1', 'c-1', [T1], at(2002)));
    const list = await q.forYou('c-1', { limit: 5 });
    expect(ids(list)).toEqual([T3, T2, X7, C4, C6]);
    expect(list[3]).toEqual({ productId: C4, score: 0.5, reason: { kind: 'boughtTogether', productId: T1 } });
  });

  it('leaves out what the customer bought and what is out of stock', async () => {
    const q = await given(consent('c-1', true, at(2000)), orderBought('o-1', 'c-1', [C6], at(2001)), stockCounted(C5, 0, 10, at(2002)));
    const list = ids(await q.forYou('c-1', { limit: 100 }));
    expect(list).not.toContain(C6);
    expect(list).not.toContain(C5);
    expect(list.slice(0, 2).sort()).toEqual([C4, X7].sort());
  });
});

describe('bought together and similar', () => {
  it('lists what was bought with a product, strongest first, leaving out the product, unlisted ones and, with consent, what the customer has', async () => {
    const q = await given(
      orderBought('o-1', 'c-9', [T1, C4, C5], at(2000)),
      orderBought('o-2', 'c-8', [T1, C4], at(2001)),
      orderBought('o-3', 'c-7', [T1, C6], at(2002)),
      stockCounted(C6, 0, 10, at(2003)),
      consent('c-1', true, at(2004)),
      orderBought('o-4', 'c-1', [C4], at(2005)),
    );
    const list = await q.boughtTogether(T1);
    expect(ids(list)).toEqual([C4, C5]);
    expect(list[0]).toEqual({ productId: C4, score: 1, reason: { kind: 'boughtTogether', productId: T1 } });
    expect(list[1]?.score).toBeGreaterThan(0.49);
    expect(list[1]?.score).toBeLessThan(0.51);
    expect(ids(await q.boughtTogether(T1, { customerId: 'c-1' }))).toEqual([C5]);
    expect(ids(await q.boughtTogether(T1, { customerId: 'c-9', limit: 1 }))).toEqual([C4]);
  });

  it('lists products viewed together first, then those sharing category and brand, category, brand', async () => {
    const q = await given(viewed(session('s'), C4, at(2000)), viewed(session('s'), T1, at(2001)));
    const list = await q.similar(C4, { limit: 10 });
    expect(list[0]).toEqual({ productId: T1, score: 2, reason: { kind: 'viewedTogether', productId: C4 } });
    expect(ids(list)).toEqual([T1, C6, C5, X7]);
    expect(list.slice(1).map((r) => r.score)).toEqual([0.75, 0.75, 0.5]);
    expect(list[3]?.reason).toEqual({ kind: 'sameCategory', categoryId: CUPS });
    const brandOnly = await q.similar(T1, { limit: 10 });
    expect(brandOnly.at(-1)).toEqual({ productId: X7, score: 0.25, reason: { kind: 'sameBrand', brandId: WEST_LAKE } });
  });
});
