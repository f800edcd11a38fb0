import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelHarness } from '../../testing/harness.js';
import type { ReadModelHarness } from '../../testing/harness.js';
import type { ReturnLine } from '../documents.js';
import { reportsProjections } from '../projection.js';
import { caseApproved, caseRejected, returnRequested } from '../testing/events.js';
import { CUP, TEA, TEA_CATEGORY, smallShop } from '../testing/shop.js';
import { returnRatesQuery } from './query.js';
import type { ReturnRatesRequest } from './query.js';

describe('return rates', () => {
  let shop: ReadModelHarness;
  const rows = async (request: Partial<ReturnRatesRequest>) => {
    const report = await returnRatesQuery(shop.runtime)({ from: '2026-02-01', to: '2026-02-28', ...request });
    if (E.isLeft(report)) throw new Error(JSON.stringify(report.left));
    return report.right.rows;
  };

  beforeAll(async () => {
    shop = await readModelHarness(reportsProjections);
    for (const step of smallShop) await shop.append(step);
    await shop.append(returnRequested({ caseId: 'k1', orderId: 'o1', customerId: 'c1', reason: 'quality_defect', lines: [{ lineId: 'l1', sku: 'SKU-l1', quantity: 1 }], at: '2026-02-05T00:00:00.000Z' }));
    await shop.append(caseApproved('k1', 'o1', '2026-02-06T00:00:00.000Z'));
    await shop.append(returnRequested({ caseId: 'k2', orderId: 'o3', customerId: 'c2', reason: 'no_reason', lines: [{ lineId: 'l2', sku: 'SKU-l2', quantity: 2 }], at: '2026-02-18T00:00:00.000Z' }));
    await shop.append(returnRequested({ caseId: 'k3', orderId: 'o2', customerId: 'c1', reason: 'no_reason', lines: [{ lineId: 'l1', sku: 'SKU-l1', quantity: 1 }], at: '2026-02-18T00:00:00.000Z' }));
    await shop.append(caseRejected('k3', 'o2', '2026-02-19T00:00:00.000Z'));
    await shop.append(returnRequested({ caseId: 'k4', orderId: 'o3', customerId: 'c2', kind: 'complaint', reason: 'late_delivery', lines: [], at: '2026-02-18T00:00:00.000Z' }));
  });
  afterAll(() => shop.stop());

  it('keeps each case line with the dimensions of the order line it returns', async () => {
    const line = await shop.runtime.collection<ReturnLine>('reports', 'returns').get('k1/l1');
    expect(line).toMatchObject({ orderId: 'o1', productId: TEA, categoryId: TEA_CATEGORY, day: '2026-02-01', status: 'approved', reason: 'quality_defect', quantity: 1 });
    expect(await shop.runtime.collection<ReturnLine>('reports', 'returns').get('k3/l1')).toMatchObject({ status: 'rejected' });
  });

  it('divides units returned by units sold, per product; rejected cases do not count', async () => {
    expect(await rows({})).toEqual([
      { product: TEA, productTitle: 'Product 00000000', soldUnits: 4, returnedUnits: 1, returnRate: 0.25 },
      { product: CUP, productTitle: 'Product 00000000', soldUnits: 4, returnedUnits: 2, returnRate: 0.5 },
    ]);
  });

  it('breaks returns down by reason, against the units sold of the group', async () => {
    expect(await rows({ groupBy: ['reason'] })).toEqual([
      { reason: 'no_reason', soldUnits: 8, returnedUnits: 2, returnRate: 0.25 },
      { reason: 'quality_defect', soldUnits: 8, returnedUnits: 1, returnRate: 0.125 },
    ]);
    expect((await rows({ groupBy: ['category', 'reason'] })).map((r) => [r.categoryName, r.reason, r.soldUnits, r.returnedUnits])).toEqual([
      ['茶叶', 'quality_defect', 4, 1],
      ['茶具', 'no_reason', 4, 2],
    ]);
  });

  it('counts other kinds of case when asked', async () => {
    expect((await rows({ groupBy: ['reason'], kinds: ['complaint'] })).map((r) => r.reason)).toEqual([]); // a complaint without lines
    // January's only order was never paid: nothing sold, nothing to return.
    expect(await rows({ from: '2026-01-01', to: '2026-01-31' })).toEqual([]);
  });

  it('refuses a bad grouping', async () => {
    expect(await returnRatesQuery(shop.runtime)({ from: '2026-02-01', to: '2026-02-28', groupBy: [] })).toMatchObject(E.left({ _tag: 'InvalidReportRequest' }));
  });
});
