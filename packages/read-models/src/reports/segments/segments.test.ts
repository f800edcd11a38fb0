import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelHarness } from '../../testing/harness.js';
import type { ReadModelHarness } from '../../testing/harness.js';
import { reportsProjections } from '../projection.js';
import { TEAWARE_CATEGORY, TEA_CATEGORY, WEST_LAKE_BRAND, smallShop } from '../testing/shop.js';
import { segmentPreferencesQuery } from './preferences.js';
import { customerSegmentsQuery } from './query.js';

const right = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(JSON.stringify(either.left));
  return either.right;
};

describe('customer segments', () => {
  let shop: ReadModelHarness;
  beforeAll(async () => {
    shop = await readModelHarness(reportsProjections);
    for (const step of smallShop) await shop.append(step);
  });
  afterAll(() => shop.stop());

  it('scores recency, frequency and monetary value by quintile among the paying customers', async () => {
    const report = right(await customerSegmentsQuery(shop.runtime)({ asOf: '2026-03-01T00:00:00.000Z' }));
    expect(report.rows).toEqual([
      {
        customerId: 'c1',
        lastOrderAt: '2026-02-10T02:02:00.000Z',
        recencyDays: 18,
        frequency: 2,
        currency: 'CNY',
        monetary: 4690 + 1999 - 500,
        r: 1,
        f: 3,
        m: 3,
        rfm: '133',
        segment: 'at_risk',
        powerBand: 'low',
      },
      {
        customerId: 'c2',
        lastOrderAt: '2026-02-15T03:02:00.000Z',
        recencyDays: 13,
        frequency: 1,
        currency: 'CNY',
        monetary: 3000 - 1000,
        r: 3,
        f: 1,
        m: 1,
        rfm: '311',
        segment: 'potential',
        powerBand: 'low',
      },
    ]);
    // c3 never paid, so is not scored; every segment is summarised.
    expect(report.summary.find((s) => s.segment === 'at_risk')).toEqual({ segment: 'at_risk', customers: 1, currency: 'CNY', monetary: 6189 });
    expect(report.summary).toHaveLength(6);
  });

  it('looks at the customers as they stood at an earlier instant', async () => {
    const report = right(await customerSegmentsQuery(shop.runtime)({ asOf: '2026-02-11T00:00:00+08:00' }));
    // Only c1 had paid; the refund of 12 February had not happened yet.
    expect(report.rows.map((row) => [row.customerId, row.frequency, row.monetary, row.recencyDays])).toEqual([['c1', 2, 6689, 0]]);
  });

  it('scores by fixed thresholds and bands purchasing power', async () => {
    const report = right(
      await customerSegmentsQuery(shop.runtime)({
        asOf: '2026-03-01T00:00:00.000Z',
        scoring: { kind: 'thresholds', recencyDays: [7, 30, 90, 180], frequency: [2, 3, 5, 10], monetary: [1000, 5000, 20_000, 100_000] },
        powerBands: [
          { name: 'small', from: 0 },
          { name: 'big', from: 5000 },
        ],
      }),
    );
    expect(report.rows.map((row) => [row.customerId, row.rfm, row.segment, row.powerBand])).toEqual([
      ['c1', '423', 'new', 'big'],
      ['c2', '412', 'new', 'small'],
    ]);
  });

  it('lists the categories and brands each segment buys most', async () => {
    const report = right(await segmentPreferencesQuery(shop.runtime)({ asOf: '2026-03-01T00:00:00.000Z' }));
    expect(report.rows.map((row) => [row.group, row.dimension, row.rank, row.id, row.name, row.spend, row.units, row.customers])).toEqual([
      ['at_risk', 'brand', 1, WEST_LAKE_BRAND, '西湖', 3240 + 1999 - 500, 3, 1],
      ['at_risk', 'category', 1, TEA_CATEGORY, '茶叶', 4739, 3, 1],
      ['at_risk', 'category', 2, TEAWARE_CATEGORY, '茶具', 450, 1, 1],
      ['potential', 'brand', 1, WEST_LAKE_BRAND, '西湖', 1800 - 600, 1, 1],
      ['potential', 'category', 1, TEA_CATEGORY, '茶叶', 1200, 1, 1],
      ['potential', 'category', 2, TEAWARE_CATEGORY, '茶具', 1200 - 400, 3, 1],
    ]);
    const byBand = right(await segmentPreferencesQuery(shop.runtime)({ asOf: '2026-03-01T00:00:00.000Z', by: 'powerBand', top: 1 }));
    expect(byBand.rows.map((row) => [row.group, row.dimension, row.id, row.spend, row.customers])).toEqual([
      ['low', 'brand', WEST_LAKE_BRAND, 4739 + 1200, 2],
      ['low', 'category', TEA_CATEGORY, 5939, 2],
    ]);
  });

  it('refuses a bad instant or top', async () => {
    expect(await customerSegmentsQuery(shop.runtime)({ asOf: 'yesterday' })).toEqual(E.left({ _tag: 'InvalidInstant', value: 'yesterday' }));
    expect(await segmentPreferencesQuery(shop.runtime)({ asOf: '2026-03-01T00:00:00.000Z', top: 0 })).toMatchObject(E.left({ _tag: 'InvalidReportRequest' }));
  });
});
