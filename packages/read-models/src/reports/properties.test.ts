import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incrementalAndRebuilt, readModelHarness } from '../testing/harness.js';
import { reportsProjections } from './projection.js';
import { funnelQuery } from './funnel/query.js';
import type { FunnelRow } from './funnel/query.js';
import { SALES_DIMENSIONS, salesQuery } from './sales/query.js';
import type { SalesDimension, SalesMeasure, SalesRequest, SalesRow } from './sales/query.js';
import { shopHistory } from './testing/arbitraries.js';

const ORDER_LEVEL: readonly SalesDimension[] = ['day', 'week', 'month', 'paymentMethod', 'province', 'city', 'channel'];
const ADDITIVE: readonly SalesMeasure[] = ['gmv', 'units', 'refunds', 'revenue', 'netRevenue'];
/** Distinct counts add up only over dimensions that put a whole order (and a customer's first order) in one group. */
const ADDITIVE_PER_ORDER: readonly SalesMeasure[] = ['orders', 'newCustomers'];

const sumByCurrency = (rows: readonly SalesRow[], measure: SalesMeasure): Record<string, number> => {
  const sums: Record<string, number> = {};
  for (const row of rows) sums[row.currency] = (sums[row.currency] ?? 0) + (row[measure] ?? 0);
  return sums;
};

describe('reports properties', () => {
  it('builds the same documents incrementally as a rebuild from scratch', async () => {
    await fc.assert(
      fc.asyncProperty(shopHistory(), async (history) => {
        const { incremental, rebuilt } = await incrementalAndRebuilt(reportsProjections, history);
        expect(incremental).toEqual(rebuilt);
      }),
      { numRuns: 25 },
    );
  });

  it('sums over the groups of any grouping equal the ungrouped totals', async () => {
    const grouping = fc.subarray([...SALES_DIMENSIONS], { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(shopHistory(), fc.array(grouping, { minLength: 1, maxLength: 4 }), async (history, groupings) => {
        const shop = await readModelHarness(reportsProjections);
        for (const step of history) await shop.append(step);
        const query = salesQuery(shop.runtime);
        const rows = async (request: Omit<SalesRequest, 'from' | 'to'>): Promise<readonly SalesRow[]> => {
          const report = await query({ from: '2025-12-01', to: '2027-12-31', ...request });
          if (E.isLeft(report)) throw new Error(JSON.stringify(report.left));
          return report.right.rows;
        };
        const totals = await rows({});
        for (const groupBy of groupings) {
          const grouped = await rows({ groupBy });
          const measures = [...ADDITIVE, ...(groupBy.every((d) => ORDER_LEVEL.includes(d)) ? ADDITIVE_PER_ORDER : [])];
          for (const measure of measures) expect([groupBy, measure, sumByCurrency(grouped, measure)]).toEqual([groupBy, measure, sumByCurrency(totals, measure)]);
          // Net revenue is revenue less refunds in every group.
          for (const row of grouped) expect(row.netRevenue).toBe((row.revenue ?? 0) - (row.refunds ?? 0));
        }
        await shop.stop();
      }),
      { numRuns: 25 },
    );
  });

  it('counts at least as many people in a whole range as on its busiest day, and at most the days added up', async () => {
    const stages = ['viewed', 'carted', 'ordered', 'paid'] as const;
    await fc.assert(
      fc.asyncProperty(shopHistory(), fc.constantFrom('day' as const, 'week' as const, 'month' as const), async (history, groupBy) => {
        const shop = await readModelHarness(reportsProjections);
        for (const step of history) await shop.append(step);
        const rows = async (by?: 'day' | 'week' | 'month'): Promise<readonly FunnelRow[]> => {
          const report = await funnelQuery(shop.runtime)({ from: '2025-12-01', to: '2027-12-31', ...(by === undefined ? {} : { groupBy: by }) });
          if (E.isLeft(report)) throw new Error(JSON.stringify(report.left));
          return report.right.rows;
        };
        const [whole] = await rows();
        const periods = await rows(groupBy);
        for (const stage of stages) {
          const counts = periods.map((row) => row[stage]);
          expect(whole?.[stage]).toBeGreaterThanOrEqual(Math.max(0, ...counts));
          expect(whole?.[stage]).toBeLessThanOrEqual(counts.reduce((a, b) => a + b, 0));
        }
        await shop.stop();
      }),
      { numRuns: 15 },
    );
  });
});
