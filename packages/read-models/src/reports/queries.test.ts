import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelHarness } from '../testing/harness.js';
import type { ReadModelHarness } from '../testing/harness.js';
import { reportsProjections, reportsQueries, toCsv } from './index.js';
import type { Report } from './index.js';
import { TEAWARE_CATEGORY, TEA_CATEGORY, smallShop } from './testing/shop.js';

const right = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(JSON.stringify(either.left));
  return either.right;
};

describe('reports through the public API, exported as CSV', () => {
  let shop: ReadModelHarness;
  beforeAll(async () => {
    shop = await readModelHarness(reportsProjections);
    for (const step of smallShop) await shop.append(step);
  });
  afterAll(() => shop.stop());

  it('exports a sales report with money as decimal yuan beside the currency', async () => {
    const report = right(
      await reportsQueries(shop.runtime).sales({ from: '2026-02-01', to: '2026-02-28', groupBy: ['month', 'category'], measures: ['gmv', 'averageOrderValue', 'refunds', 'netRevenue'] }),
    );
    expect(toCsv(report, { bom: true })).toBe(
      [
        '\uFEFFMonth,Category,Category name,Currency,GMV,Average order value,Refunds,Net revenue',
        `2026-02,${TEA_CATEGORY},茶叶,CNY,70.39,23.46,11.00,59.39`,
        `2026-02,${TEAWARE_CATEGORY},茶具,CNY,16.50,8.25,4.00,12.50`,
        '',
      ].join('\r\n'),
    );
  });

  it('exports every other report too', async () => {
    const queries = reportsQueries(shop.runtime);
    const reports: Report[] = [
      right(await queries.customerSegments({ asOf: '2026-03-01T00:00:00.000Z' })),
      right(await queries.segmentPreferences({ asOf: '2026-03-01T00:00:00.000Z' })),
      right(await queries.returnRates({ from: '2026-02-01', to: '2026-02-28' })),
      right(await queries.funnel({ from: '2026-02-01', to: '2026-02-28', groupBy: 'month' })),
    ];
    for (const report of reports) {
      const lines = toCsv(report).split('\r\n');
      expect(lines[0]).toBe(report.columns.map((column) => column.header).join(','));
      expect(lines).toHaveLength(report.rows.length + 2);
    }
    expect(toCsv(reports[0] ?? { name: '', columns: [], rows: [] }).split('\r\n')[1]).toBe('c1,2026-02-10T02:02:00.000Z,18,2,CNY,61.89,1,3,3,133,at_risk,low');
  });
});
