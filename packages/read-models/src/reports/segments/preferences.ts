import * as E from 'fp-ts/lib/Either.js';
import type { ReadModelSource } from '../../source.js';
import { SALES_PROJECTION } from '../documents.js';
import type { SalesFact, TaxonomyDocument } from '../documents.js';
import { compareBy } from '../report.js';
import type { Report, ReportColumn, ReportError } from '../report.js';
import { segmentCustomers } from './query.js';
import type { SegmentsRequest } from './query.js';

export interface PreferencesRequest extends SegmentsRequest {
  /** Group customers by RFM segment (default) or by purchasing-power band. */
  readonly by?: 'segment' | 'powerBand';
  /** How many categories and brands to list per group; default 3. */
  readonly top?: number;
}

export type PreferenceRow = {
  readonly group: string;
  readonly dimension: 'category' | 'brand';
  readonly rank: number;
  readonly id: string;
  readonly name: string | null;
  readonly currency: string;
  /** What the group's customers paid for it, less refunds, in minor units. */
  readonly spend: number;
  readonly units: number;
  readonly customers: number;
};

const PREFERENCE_COLUMNS: readonly ReportColumn[] = [
  { key: 'group', header: 'Group', kind: 'text' },
  { key: 'dimension', header: 'Dimension', kind: 'text' },
  { key: 'rank', header: 'Rank', kind: 'count' },
  { key: 'id', header: 'Id', kind: 'text' },
  { key: 'name', header: 'Name', kind: 'text' },
  { key: 'currency', header: 'Currency', kind: 'text' },
  { key: 'spend', header: 'Spend', kind: 'money' },
  { key: 'units', header: 'Units', kind: 'count' },
  { key: 'customers', header: 'Customers', kind: 'count' },
];

type Tally = { spend: number; units: number; customers: Set<string> };

/**
 * The categories and brands each segment (or power band) buys most, by spend on the lines of orders paid by
 * `asOf`. Lines of products without a category or brand are left out of that dimension.
 */
export const segmentPreferencesQuery =
  (source: ReadModelSource) =>
  async (request: PreferencesRequest): Promise<E.Either<ReportError, Report<PreferenceRow>>> => {
    const top = request.top ?? 3;
    if (!Number.isSafeInteger(top) || top < 1) return E.left({ _tag: 'InvalidReportRequest', reason: 'top is a positive whole number' });
    const segments = await segmentCustomers(source, request);
    if (E.isLeft(segments)) return segments;
    const groupOf = new Map(segments.right.map((row) => [row.customerId, (request.by === 'powerBand' ? row.powerBand : row.segment) ?? 'none']));
    const asOf = new Date(request.asOf).toISOString();
    const currency = request.currency ?? 'CNY';
    const facts = await source.collection<SalesFact>(SALES_PROJECTION, 'facts').find({ paidAt: { $lte: asOf }, currency });

    const tallies = new Map<string, Tally>();
    for (const fact of facts) {
      const group = groupOf.get(fact.customerId);
      if (group === undefined) continue;
      for (const [dimension, id] of [['category', fact.categoryId], ['brand', fact.brandId]] as const) {
        if (id === null) continue;
        const key = JSON.stringify([group, dimension, id]);
        const tally = tallies.get(key) ?? { spend: 0, units: 0, customers: new Set<string>() };
        tally.spend += fact.net - fact.refunded;
        tally.units += fact.quantity;
        tally.customers.add(fact.customerId);
        tallies.set(key, tally);
      }
    }
    const names = new Map(
      (await source.collection<TaxonomyDocument>(SALES_PROJECTION, 'taxonomy').find({})).map((doc) => [doc._id, doc.zh !== '' ? doc.zh : doc.en]),
    );
    const candidates = [...tallies].map(([key, tally]) => {
      const [group, dimension, id] = JSON.parse(key) as [string, 'category' | 'brand', string];
      return { group, dimension, id, spend: tally.spend, units: tally.units, customers: tally.customers.size };
    });
    candidates.sort((a, b) => compareBy(['group', 'dimension'])(a, b) || b.spend - a.spend || compareBy(['id'])(a, b));
    const rank = new Map<string, number>();
    const rows = candidates.flatMap((c): PreferenceRow[] => {
      const slot = `${c.group}/${c.dimension}`;
      const n = (rank.get(slot) ?? 0) + 1;
      rank.set(slot, n);
      return n > top ? [] : [{ ...c, rank: n, name: names.get(`${c.dimension}:${c.id}`) ?? null, currency }];
    });
    return E.right({ name: 'segmentPreferences', columns: PREFERENCE_COLUMNS, rows });
  };
