import { afterEach, describe, expect, it } from 'vitest';
import { readModelHarness } from '../testing/harness.js';
import type { HistoryStep, ReadModelHarness } from '../testing/harness.js';
import { signalLog } from './decay.js';
import type { NeighbourDoc, ProductDoc, ProfileDoc, StockDoc, WindowDoc } from './documents.js';
import { RECOMMENDATIONS, neighbourId, orderWindowId, purchaseId, viewWindowId } from './documents.js';
import { defaultRecommendationsPolicy } from './policy.js';
import { recommendationsProjection } from './projection.js';
import {
  accountClosed,
  at,
  atDay,
  brandId,
  categoryId,
  consent,
  customer,
  favourited,
  marketingConsent,
  orderBought,
  orderCancelled,
  orderPaid,
  orderPlaced,
  productId,
  productListed,
  productPublished,
  reservationEnded,
  session,
  sessionIdentified,
  skuOf,
  stockCounted,
  stockReceived,
  stockReserved,
  uuidOf,
  viewed,
} from './testing/events.js';

const P1 = productId(1);
const P2 = productId(2);
const P3 = productId(3);
const TEA = categoryId(1);
const WEST_LAKE = brandId(1);

let h: ReadModelHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const given = async (steps: readonly (HistoryStep | readonly HistoryStep[])[], policy = defaultRecommendationsPolicy): Promise<ReadModelHarness> => {
  h = await readModelHarness([recommendationsProjection(policy)]);
  for (const step of steps.flat()) await h.append(step);
  return h;
};

const doc = async <T extends { readonly _id: string }>(harness: ReadModelHarness, logical: string, id: string): Promise<T | null> =>
  (await harness.runtime.collection(RECOMMENDATIONS, logical).get(id)) as T | null;
const product = (harness: ReadModelHarness, id: string) => doc<ProductDoc>(harness, 'products', id);
const neighbours = async (harness: ReadModelHarness, kind: 'bought' | 'viewed', id: string): Promise<string[]> =>
  ((await doc<NeighbourDoc>(harness, 'neighbours', neighbourId(kind, id)))?.items ?? []).map((n) => n.productId);

describe('listing: published and in stock', () => {
  it('lists a product once it is created, published and has stock available', async () => {
    const harness = await given([productListed(P1, { categories: [TEA], brand: WEST_LAKE, published: false })]);
    expect(await product(harness, P1)).toMatchObject({ created: true, published: false, categoryIds: [TEA], brandId: WEST_LAKE, skus: [skuOf(P1)], listed: false });
    await harness.append(stockReceived(P1, 3));
    expect(await product(harness, P1)).toMatchObject({ inStockSkus: [skuOf(P1)], listed: false });
    await harness.append(productPublished(P1, true));
    expect((await product(harness, P1))?.listed).toBe(true);
    await harness.append(productPublished(P1, false));
    expect((await product(harness, P1))?.listed).toBe(false);
  });

  it('follows reservations as the inventory decider does: reserved units are not available, committed ones leave the shelf', async () => {
    const harness = await given([productListed(P1), stockReceived(P1, 2), stockReserved(P1, uuidOf(1), uuidOf(11), 2)]);
    expect((await product(harness, P1))?.listed).toBe(false);
    await harness.append(reservationEnded(P1, uuidOf(1), uuidOf(11), 2, 'StockReservationReleased'));
    expect((await product(harness, P1))?.listed).toBe(true);
    await harness.append(stockReserved(P1, uuidOf(2), uuidOf(12), 2));
    await harness.append(reservationEnded(P1, uuidOf(2), uuidOf(12), 2, 'StockReservationCommitted'));
    expect(await doc<StockDoc>(harness, 'stock', skuOf(P1))).toEqual({ _id: skuOf(P1), productId: P1, onHand: 0, reservations: {} });
    expect((await product(harness, P1))?.listed).toBe(false);
    await harness.append(stockCounted(P1, 5, 0));
    expect((await product(harness, P1))?.listed).toBe(true);
  });

  it('counts stock received before the SKU was added to the catalog', async () => {
    const harness = await given([stockReceived(P1, 1), productListed(P1)]);
    expect((await product(harness, P1))?.listed).toBe(true);
  });
});

describe('purchases', () => {
  it('a paid order raises popularity, records what was bought and pairs its products both ways', async () => {
    const harness = await given([productListed(P1), productListed(P2), productListed(P3), orderBought('o-1', 'c-1', [P1, P2, P3], at(10))]);
    const weight = signalLog(defaultRecommendationsPolicy.weights.purchase, at(10), defaultRecommendationsPolicy.halfLifeDays.popularity);
    expect((await product(harness, P1))?.popularity).toBeCloseTo(weight, 12);
    expect(await doc(harness, 'purchases', purchaseId('c-1', P2))).toMatchObject({ customerId: 'c-1', productId: P2 });
    expect((await neighbours(harness, 'bought', P1)).sort()).toEqual([P2, P3].sort());
    expect((await neighbours(harness, 'bought', P3)).sort()).toEqual([P1, P2].sort());
    expect(await doc(harness, 'orders', 'o-1')).toBeNull();
  });

  it('an order given up before payment counts for nothing, and a payment after that changes nothing', async () => {
    const harness = await given([productListed(P1), productListed(P2), orderPlaced('o-1', 'c-1', [P1, P2]), orderCancelled('o-1'), orderPaid('o-1', 2000)]);
    expect((await product(harness, P1))?.popularity).toBeNull();
    expect(await neighbours(harness, 'bought', P1)).toEqual([]);
    expect(await doc(harness, 'purchases', purchaseId('c-1', P1))).toBeNull();
  });

  it("pairs a consenting customer's orders within the window, and nobody else's", async () => {
    const harness = await given([
      consent('c-1', true),
      orderBought('o-1', 'c-1', [P1], atDay(1)),
      orderBought('o-2', 'c-1', [P2], atDay(5)),
      orderBought('o-3', 'c-1', [P3], atDay(50)),
      orderBought('o-4', 'c-2', [P1], atDay(1)),
      orderBought('o-5', 'c-2', [P3], atDay(2)),
    ]);
    expect(await neighbours(harness, 'bought', P1)).toEqual([P2]);
    expect(await neighbours(harness, 'bought', P2)).toEqual([P1]);
    expect(await neighbours(harness, 'bought', P3)).toEqual([]);
    expect(await doc(harness, 'windows', orderWindowId('c-2'))).toBeNull();
  });

  it('considers at most maxBasketItems products of one order', async () => {
    const products = [1, 2, 3, 4, 5].map(productId);
    const harness = await given([orderBought('o-1', 'c-1', products)], { ...defaultRecommendationsPolicy, maxBasketItems: 3 });
    expect((await neighbours(harness, 'bought', products[0] ?? '')).sort()).toEqual([products[1], products[2]].sort());
    expect(await neighbours(harness, 'bought', products[4] ?? '')).toEqual([]);
  });
});

describe('views and co-views', () => {
  it('pairs the products a session views within the window, once per product, and drops the window when the session signs in', async () => {
    const guest = session('s-1');
    const harness = await given([viewed(guest, P1, at(0)), viewed(guest, P2, at(5)), viewed(guest, P1, at(6)), viewed(guest, P2, at(7)), viewed(guest, P3, at(200))]);
    const items = (await doc<NeighbourDoc>(harness, 'neighbours', neighbourId('viewed', P1)))?.items ?? [];
    expect(items.map((n) => n.productId)).toEqual([P2]);
    expect(items[0]?.score).toBeCloseTo(signalLog(1, at(5), defaultRecommendationsPolicy.halfLifeDays.pairs), 12);
    expect(await neighbours(harness, 'viewed', P3)).toEqual([]);
    await harness.append(sessionIdentified('s-1', 'c-1'));
    expect(await doc(harness, 'windows', viewWindowId(guest))).toBeNull();
  });

  it('keeps at most maxViewsInWindow products in a window and maxNeighbours per product, the strongest', async () => {
    const policy = { ...defaultRecommendationsPolicy, maxViewsInWindow: 2, maxNeighbours: 2 };
    const guest = session('s-1');
    const ps = [1, 2, 3, 4].map(productId);
    const harness = await given([ps.map((p, i) => viewed(guest, p, at(i)))], policy);
    expect((await doc<WindowDoc>(harness, 'windows', viewWindowId(guest)))?.items.map((i) => i.productId)).toEqual([ps[3], ps[2]]);
    // The fourth product was viewed with the second and third only: the first had left the window.
    expect((await neighbours(harness, 'viewed', ps[3] ?? '')).sort()).toEqual([ps[1], ps[2]].sort());
    // The second was paired with the first, third and fourth; it keeps the two most recent.
    expect((await neighbours(harness, 'viewed', ps[1] ?? '')).sort()).toEqual([ps[2], ps[3]].sort());
  });

  it('weighs a recent signal above older ones: two views four half-lives ago count less than one today', async () => {
    const harness = await given([viewed(session('a'), P1, atDay(0)), viewed(session('b'), P1, atDay(0)), viewed(session('c'), P2, atDay(28))]);
    const [one, two] = [await product(harness, P1), await product(harness, P2)];
    expect(two?.popularity ?? 0).toBeGreaterThan(one?.popularity ?? 0);
  });
});

describe('consent', () => {
  it('keeps no tastes or windows for a customer without personalisation consent, yet counts their signals in popularity', async () => {
    const harness = await given([productListed(P1, { categories: [TEA], brand: WEST_LAKE }), marketingConsent('c-1'), viewed(customer('c-1'), P1), favourited(customer('c-1'), P1)]);
    expect(await doc(harness, 'profiles', 'c-1')).toBeNull();
    expect(await doc(harness, 'windows', viewWindowId(customer('c-1')))).toBeNull();
    expect((await product(harness, P1))?.popularity).not.toBeNull();
  });

  it('builds tastes from views, favourites and purchases after consent, weighted purchase > favourite > view', async () => {
    const OOLONG = categoryId(2);
    const GREEN = categoryId(3);
    const harness = await given([
      productListed(P1, { categories: [TEA] }),
      productListed(P2, { categories: [OOLONG] }),
      productListed(P3, { categories: [GREEN], brand: WEST_LAKE }),
      viewed(customer('c-1'), P1, at(1)),
      consent('c-1', true, at(2)),
      viewed(customer('c-1'), P1, at(3)),
      favourited(customer('c-1'), P2, at(3)),
      orderBought('o-1', 'c-1', [P3], at(3)),
    ]);
    const profile = await doc<ProfileDoc>(harness, 'profiles', 'c-1');
    const tea = profile?.categories[TEA] ?? 0;
    const oolong = profile?.categories[OOLONG] ?? 0;
    const green = profile?.categories[GREEN] ?? 0;
    expect(tea).toBeCloseTo(signalLog(1, at(3), defaultRecommendationsPolicy.halfLifeDays.affinity), 12);
    expect(green).toBeGreaterThan(oolong);
    expect(oolong).toBeGreaterThan(tea);
    expect(Object.keys(profile?.brands ?? {})).toEqual([WEST_LAKE]);
  });

  it('forgets tastes and windows when consent is withdrawn, and everything personal when the account closes', async () => {
    const harness = await given([
      productListed(P1, { categories: [TEA] }),
      consent('c-1', true),
      viewed(customer('c-1'), P1),
      orderBought('o-1', 'c-1', [P1, P2]),
      consent('c-1', false),
    ]);
    expect(await doc(harness, 'profiles', 'c-1')).toBeNull();
    expect(await doc(harness, 'windows', viewWindowId(customer('c-1')))).toBeNull();
    expect(await doc(harness, 'windows', orderWindowId('c-1'))).toBeNull();
    expect(await doc(harness, 'consents', 'c-1')).toBeNull();
    expect(await doc(harness, 'purchases', purchaseId('c-1', P1))).not.toBeNull();
    await harness.append(accountClosed('c-1'));
    expect(await doc(harness, 'purchases', purchaseId('c-1', P1))).toBeNull();
    expect((await neighbours(harness, 'bought', P1)).sort()).toEqual([P2]);
  });
});
