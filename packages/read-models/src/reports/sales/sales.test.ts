import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelHarness } from '../../testing/harness.js';
import type { ReadModelHarness } from '../../testing/harness.js';
import type { SalesFact } from '../documents.js';
import { reportsProjections, reportsProjectionsIn } from '../projection.js';
import { orderPaid, orderPlaced, paymentStarted, productRevised } from '../testing/events.js';
import { CUP, TEA, TEAWARE_CATEGORY, TEA_CATEGORY, WEST_LAKE_BRAND, smallShop } from '../testing/shop.js';
import { channelOf } from './orders.js';
import { salesQuery } from './query.js';
import type { SalesRequest, SalesRow } from './query.js';

const rowsOf = async (shop: ReadModelHarness, request: SalesRequest): Promise<readonly SalesRow[]> => {
  const report = await salesQuery(shop.runtime)(request);
  if (E.isLeft(report)) throw new Error(JSON.stringify(report.left));
  return report.right.rows;
};

describe('sales facts', () => {
  let shop: ReadModelHarness;
  beforeAll(async () => {
    shop = await readModelHarness(reportsProjections);
    for (const step of smallShop) await shop.append(step);
  });
  afterAll(() => shop.stop());

  it('keeps one fact per order line with its dimensions, payment and refunds', async () => {
    const facts = shop.runtime.collection<SalesFact>('reports', 'facts');
    expect(await facts.get('o1/l1')).toMatchObject({
      day: '2026-02-01', // 17:00 UTC on 31 January is 01:00 on 1 February in Shanghai
      week: '2026-W05',
      month: '2026-02',
      categoryId: TEA_CATEGORY,
      brandId: WEST_LAKE_BRAND,
      province: '浙江省',
      city: '杭州市',
      channel: 'web',
      paymentMethod: 'alipay',
      paid: true,
      firstOrder: true,
      newCustomer: 'c1',
      quantity: 2,
      net: 3240,
      refunded: 0,
    });
    expect(await facts.get('o2/l1')).toMatchObject({ firstOrder: false, newCustomer: null, paymentMethod: 'wechat_pay', refunded: 500 });
    // The whole-order refund of 10.00 is spread over the lines by net amount, 18.00 : 12.00.
    expect(await facts.get('o3/l1')).toMatchObject({ refunded: 600, paymentMethod: 'card' });
    expect(await facts.get('o3/l2')).toMatchObject({ refunded: 400, brandId: null });
    expect(await facts.get('o4/l1')).toMatchObject({ paid: false, paymentMethod: null, month: '2026-01' });
  });

  it('totals a month by hand: GMV, orders, units, AOV, refunds, revenue, net revenue, customers', async () => {
    const rows = await rowsOf(shop, { from: '2026-02-01', to: '2026-02-28' });
    expect(rows).toEqual([
      {
        currency: 'CNY',
        gmv: 3240 + 450 + 1999 + 1800 + 1200,
        orders: 3,
        units: 2 + 1 + 1 + 1 + 3,
        averageOrderValue: 2896, // 86.89 / 3 = 28.963 -> 28.96
        refunds: 500 + 1000,
        revenue: 8689,
        netRevenue: 8689 - 1500,
        newCustomers: 2,
        returningCustomers: 0,
      },
    ]);
  });

  it('groups by month and category, with the category names', async () => {
    const rows = await rowsOf(shop, { from: '2026-01-01', to: '2026-02-28', groupBy: ['month', 'category'], measures: ['gmv', 'orders', 'units', 'refunds', 'netRevenue'] });
    expect(rows).toEqual([
      { month: '2026-01', category: TEAWARE_CATEGORY, categoryName: '茶具', currency: 'CNY', gmv: 500, orders: 1, units: 1, refunds: 0, netRevenue: 0 },
      { month: '2026-02', category: TEA_CATEGORY, categoryName: '茶叶', currency: 'CNY', gmv: 7039, orders: 3, units: 4, refunds: 1100, netRevenue: 5939 },
      { month: '2026-02', category: TEAWARE_CATEGORY, categoryName: '茶具', currency: 'CNY', gmv: 1650, orders: 2, units: 4, refunds: 400, netRevenue: 1250 },
    ]);
  });

  it('groups by payment method and by city, and counts returning customers', async () => {
    const byMethod = await rowsOf(shop, { from: '2026-01-01', to: '2026-02-28', groupBy: ['paymentMethod'], measures: ['gmv', 'revenue'] });
    expect(byMethod).toEqual([
      { paymentMethod: null, currency: 'CNY', gmv: 500, revenue: 0 },
      { paymentMethod: 'alipay', currency: 'CNY', gmv: 3690, revenue: 3690 },
      { paymentMethod: 'card', currency: 'CNY', gmv: 3000, revenue: 3000 },
      { paymentMethod: 'wechat_pay', currency: 'CNY', gmv: 1999, revenue: 1999 },
    ]);
    const byDay = await rowsOf(shop, { from: '2026-02-10', to: '2026-02-10', groupBy: ['day', 'city'], measures: ['orders', 'newCustomers', 'returningCustomers'] });
    expect(byDay).toEqual([{ day: '2026-02-10', city: '杭州市', currency: 'CNY', orders: 1, newCustomers: 0, returningCustomers: 1 }]);
  });

  it('filters by dimensions', async () => {
    const rows = await rowsOf(shop, {
      from: '2026-01-01',
      to: '2026-12-31',
      groupBy: ['brand'],
      filters: { province: ['浙江省'], category: [TEA_CATEGORY] },
      measures: ['gmv', 'units'],
    });
    expect(rows).toEqual([{ brand: WEST_LAKE_BRAND, brandName: '西湖', currency: 'CNY', gmv: 3240 + 1999, units: 3 }]);
    expect(await rowsOf(shop, { from: '2026-01-01', to: '2026-12-31', filters: { channel: ['app'] } })).toEqual([]);
  });

  it('moves past sales with a product that changes category', async () => {
    await shop.append(productRevised(CUP, [TEA_CATEGORY], null, '2026-03-01T00:00:00.000Z'));
    const rows = await rowsOf(shop, { from: '2026-02-01', to: '2026-02-28', groupBy: ['category'], measures: ['gmv'] });
    expect(rows).toEqual([{ category: TEA_CATEGORY, categoryName: '茶叶', currency: 'CNY', gmv: 8689 }]);
    await shop.append(productRevised(CUP, [TEAWARE_CATEGORY], null, '2026-03-01T00:00:00.000Z'));
  });

  it('refuses a bad range or request as a value', async () => {
    const query = salesQuery(shop.runtime);
    expect(await query({ from: '2026-02-30x', to: '2026-03-01' })).toEqual(E.left({ _tag: 'InvalidDateRange', from: '2026-02-30x', to: '2026-03-01' }));
    expect(await query({ from: '2026-03-02', to: '2026-03-01' })).toMatchObject(E.left({ _tag: 'InvalidDateRange' }));
    expect(await query({ from: '2026-03-01', to: '2026-03-01', groupBy: ['day', 'day'] })).toMatchObject(E.left({ _tag: 'InvalidReportRequest' }));
    expect(await query({ from: '2026-03-01', to: '2026-03-01', measures: [] })).toMatchObject(E.left({ _tag: 'InvalidReportRequest' }));
  });
});

describe('sales channels and zones', () => {
  it('reads the channel defensively: a missing or unknown one is web', () => {
    expect(channelOf({ client: { channel: 'app' } })).toBe('app');
    expect(channelOf({ client: { channel: 'mini_program' } })).toBe('mini_program');
    expect(channelOf({})).toBe('web');
    expect(channelOf({ client: { channel: 'fax' } })).toBe('web');
    expect(channelOf({ client: null })).toBe('web');
  });

  it('groups by the channel an order carries', async () => {
    const shop = await readModelHarness(reportsProjections);
    const line = [{ lineId: 'l1', productId: TEA, quantity: 1, net: 100 }];
    await shop.append(orderPlaced({ orderId: 'a', customerId: 'c1', lines: line, at: '2026-05-01T02:00:00.000Z', client: { channel: 'app' } }));
    await shop.append(orderPlaced({ orderId: 'b', customerId: 'c2', lines: line, at: '2026-05-01T02:00:00.000Z' }));
    await shop.append(orderPlaced({ orderId: 'c', customerId: 'c3', lines: line, at: '2026-05-01T02:00:00.000Z', client: { channel: 'app' } }));
    expect(await rowsOf(shop, { from: '2026-05-01', to: '2026-05-01', groupBy: ['channel'], measures: ['orders'] })).toEqual([
      { channel: 'app', currency: 'CNY', orders: 2 },
      { channel: 'web', currency: 'CNY', orders: 1 },
    ]);
    await shop.stop();
  });

  it('counts periods in the configured zone and learns the method of an attempt reported after the payment', async () => {
    const shop = await readModelHarness(reportsProjectionsIn({ timeZone: 'America/New_York' }));
    await shop.append(orderPlaced({ orderId: 'o', customerId: 'c', lines: [{ lineId: 'l1', productId: TEA, quantity: 1, net: 100 }], at: '2026-01-01T03:00:00.000Z' }));
    await shop.append(orderPaid('o', 'a', 100, '2026-01-01T03:01:00.000Z'));
    await shop.append(paymentStarted('o', 'a', 'unionpay', 100, '2026-01-01T03:02:00.000Z'));
    expect(await rowsOf(shop, { from: '2025-12-31', to: '2025-12-31', groupBy: ['day', 'paymentMethod'], measures: ['revenue'] })).toEqual([
      { day: '2025-12-31', paymentMethod: 'unionpay', currency: 'CNY', revenue: 100 },
    ]);
    await shop.stop();
  });
});

