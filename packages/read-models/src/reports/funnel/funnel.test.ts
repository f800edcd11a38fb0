import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelHarness } from '../../testing/harness.js';
import type { ReadModelHarness } from '../../testing/harness.js';
import type { FunnelTouch } from '../documents.js';
import { reportsProjections } from '../projection.js';
import { cartItemAdded, cartMerged, cartOpened, orderPaid, orderPlaced, productViewed, sessionIdentified } from '../testing/events.js';
import { TEA } from '../testing/shop.js';
import { funnelQuery } from './query.js';
import type { FunnelRequest } from './query.js';

const CART_A = '00000000-0000-4000-8000-0000000000a1';
const GUEST_CART = '00000000-0000-4000-8000-0000000000a2';
const CART_C3 = '00000000-0000-4000-8000-0000000000a3';
const line = [{ lineId: 'l1', productId: TEA, quantity: 1, net: 100 }];

describe('funnel', () => {
  let shop: ReadModelHarness;
  const rows = async (request: Partial<FunnelRequest>) => {
    const report = await funnelQuery(shop.runtime)({ from: '2026-03-01', to: '2026-03-31', ...request });
    if (E.isLeft(report)) throw new Error(JSON.stringify(report.left));
    return report.right.rows;
  };

  beforeAll(async () => {
    shop = await readModelHarness(reportsProjections);
    const at = (hh: string) => `2026-03-02T${hh}:00:00.000Z`;
    for (const step of [
      productViewed({ kind: 'customer', id: 'c1' }, TEA, at('01')),
      productViewed({ kind: 'customer', id: 'c1' }, TEA, at('01')),
      productViewed({ kind: 'session', id: 's1' }, TEA, at('01')),
      productViewed({ kind: 'session', id: 's2' }, TEA, at('01')),
      productViewed({ kind: 'customer', id: 'c2' }, TEA, at('01')),
      cartOpened(CART_A, 'c1', at('02')),
      cartItemAdded(CART_A, TEA, at('02')),
      cartOpened(GUEST_CART, null, at('02')),
      cartItemAdded(GUEST_CART, TEA, at('02')),
      // The guest s1 signs in as c3, and its cart is merged into c3's.
      sessionIdentified('s1', 'c3', at('03')),
      cartOpened(CART_C3, 'c3', at('03')),
      cartMerged(GUEST_CART, CART_C3, at('03')),
      orderPlaced({ orderId: 'f1', customerId: 'c1', lines: line, at: at('04') }),
      orderPaid('f1', 'f1-a', 100, at('04')),
      orderPlaced({ orderId: 'f2', customerId: 'c3', lines: line, at: at('05') }),
      productViewed({ kind: 'customer', id: 'c1' }, TEA, '2026-03-10T01:00:00.000Z'),
    ]) {
      await shop.append(step);
    }
  });
  afterAll(() => shop.stop());

  it('counts distinct people per stage, guests as the customer they became', async () => {
    expect(await rows({})).toEqual([
      { period: '2026-03-01..2026-03-31', viewed: 4, carted: 2, ordered: 2, paid: 1, cartRate: 0.5, orderRate: 1, paymentRate: 0.5, conversion: 0.25 },
    ]);
  });

  it('groups by day, ISO week or month', async () => {
    expect((await rows({ groupBy: 'day' })).map((r) => [r.period, r.viewed, r.carted, r.ordered, r.paid, r.cartRate])).toEqual([
      ['2026-03-02', 4, 2, 2, 1, 0.5],
      ['2026-03-10', 1, 0, 0, 0, 0],
    ]);
    expect((await rows({ groupBy: 'week' })).map((r) => [r.period, r.viewed])).toEqual([
      ['2026-W10', 4],
      ['2026-W11', 1],
    ]);
    expect((await rows({ groupBy: 'month' })).map((r) => [r.period, r.viewed, r.paid])).toEqual([['2026-03', 4, 1]]);
  });

  it('takes a touch back for a guest cart touched again after it was merged, as it always has', async () => {
    const guest = await readModelHarness(reportsProjections);
    const at = (hh: string) => `2026-03-02T${hh}:00:00.000Z`;
    for (const step of [
      cartOpened(GUEST_CART, null, at('02')),
      cartItemAdded(GUEST_CART, TEA, at('02')),
      cartOpened(CART_C3, 'c3', at('03')),
      cartMerged(GUEST_CART, CART_C3, at('03')),
    ]) {
      await guest.append(step);
    }
    const touch = async () => guest.runtime.collection<FunnelTouch>('reports-funnel', 'touches').get(`cart/2026-03-02/cart:${GUEST_CART}`);
    expect((await touch())?.actor).toBe('customer:c3');
    await guest.append(cartItemAdded(GUEST_CART, TEA, at('04')));
    expect((await touch())?.actor).toBe(`cart:${GUEST_CART}`);
    await guest.stop();
  });

  it('gives an empty range one row of zeros, with no rates', async () => {
    expect(await rows({ from: '2026-04-01', to: '2026-04-30' })).toEqual([
      { period: '2026-04-01..2026-04-30', viewed: 0, carted: 0, ordered: 0, paid: 0, cartRate: null, orderRate: null, paymentRate: null, conversion: null },
    ]);
    expect(await funnelQuery(shop.runtime)({ from: '2026-04-31', to: '2026-04-01' })).toMatchObject(E.left({ _tag: 'InvalidDateRange' }));
  });
});
