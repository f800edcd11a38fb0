import * as E from 'fp-ts/Either';
import type { ReadModelSource } from '../../source.js';
import { daysBetween } from '../calendar.js';
import { SALES_PROJECTION } from '../documents.js';
import type { OrderDocument, SalesFact, TaxonomyDocument } from '../documents.js';
import { checkInstant, compareBy } from '../report.js';
import type { Report, ReportColumn, ReportError } from '../report.js';
import { CUSTOMER_SEGMENTS, DEFAULT_POWER_BANDS, powerBandOf, scoreCustomers, segmentOf } from './rfm.js';
import type { CustomerSegment, PowerBand, RfmScoring } from './rfm.js';

export interface SegmentsRequest {
  /** The instant the customers are looked at as of: only orders paid and refunds recorded by then count. */
  readonly asOf: string;
  /** Customers are scored on what they paid in this currency; default CNY. */
  readonly currency?: string;
  readonly scoring?: RfmScoring;
  readonly powerBands?: readonly PowerBand[];
}

export type CustomerSegmentRow = {
  readonly customerId: string;
  readonly lastOrderAt: string;
  readonly recencyDays: number;
  readonly frequency: number;
  readonly currency: string;
  /** Paid less refunded, in minor units. */
  readonly monetary: number;
  readonly r: number;
  readonly f: number;
  readonly m: number;
  readonly rfm: string;
  readonly segment: CustomerSegment;
  readonly powerBand: string | null;
};

export type SegmentSummary = { readonly segment: CustomerSegment; readonly customers: number; readonly currency: string; readonly monetary: number };

export interface CustomerSegmentsReport extends Report<CustomerSegmentRow> {
  /** Customers and their spend per segment, every segment listed. */
  readonly summary: readonly SegmentSummary[];
}

const COLUMNS: readonly ReportColumn[] = [
  { key: 'customerId', header: 'Customer', kind: 'text' },
  { key: 'lastOrderAt', header: 'Last order at', kind: 'text' },
  { key: 'recencyDays', header: 'Recency (days)', kind: 'count' },
  { key: 'frequency', header: 'Frequency (orders)', kind: 'count' },
  { key: 'currency', header: 'Currency', kind: 'text' },
  { key: 'monetary', header: 'Monetary', kind: 'money' },
  { key: 'r', header: 'R', kind: 'count' },
  { key: 'f', header: 'F', kind: 'count' },
  { key: 'm', header: 'M', kind: 'count' },
  { key: 'rfm', header: 'RFM', kind: 'text' },
  { key: 'segment', header: 'Segment', kind: 'text' },
  { key: 'powerBand', header: 'Purchasing power', kind: 'text' },
];

/** Every customer with an order paid by `asOf`, scored and segmented. */
export const segmentCustomers = async (source: ReadModelSource, request: SegmentsRequest): Promise<E.Either<ReportError, readonly CustomerSegmentRow[]>> => {
  const problem = checkInstant(request.asOf);
  if (problem !== undefined) return E.left(problem);
  const asOf = new Date(request.asOf).toISOString();
  const currency = request.currency ?? 'CNY';
  const orders = await source.collection<OrderDocument>(SALES_PROJECTION, 'orders').find({ paidAt: { $lte: asOf }, currency });

  const byCustomer = new Map<string, { last: string; frequency: number; monetary: number }>();
  for (const order of orders) {
    const refunded = order.refunds.filter((refund) => refund.at <= asOf).reduce((sum, refund) => sum + refund.amount, 0);
    const paidAt = order.paidAt ?? asOf;
    const known = byCustomer.get(order.customerId) ?? { last: paidAt, frequency: 0, monetary: 0 };
    byCustomer.set(order.customerId, {
      last: paidAt > known.last ? paidAt : known.last,
      frequency: known.frequency + 1,
      monetary: known.monetary + order.paidAmount - refunded,
    });
  }
  const customers = [...byCustomer].map(([customerId, values]) => ({ customerId, ...values, recencyDays: daysBetween(values.last, asOf) }));
  const scores = scoreCustomers(customers, request.scoring ?? { kind: 'quintiles' });
  const bands = request.powerBands ?? DEFAULT_POWER_BANDS;
  const rows = customers.map((customer, i): CustomerSegmentRow => {
    const score = scores[i] ?? { r: 1, f: 1, m: 1 };
    return {
      customerId: customer.customerId,
      lastOrderAt: customer.last,
      recencyDays: customer.recencyDays,
      frequency: customer.frequency,
      currency,
      monetary: customer.monetary,
      ...score,
      rfm: `${score.r}${score.f}${score.m}`,
      segment: segmentOf(score),
      powerBand: powerBandOf(customer.monetary, bands),
    };
  });
  return E.right(rows.sort(compareBy(['customerId'])));
};

/** Customers segmented by recency, frequency and monetary value, with purchasing-power bands. */
export const customerSegmentsQuery =
  (source: ReadModelSource) =>
  async (request: SegmentsRequest): Promise<E.Either<ReportError, CustomerSegmentsReport>> => {
    const rows = await segmentCustomers(source, request);
    if (E.isLeft(rows)) return rows;
    const currency = request.currency ?? 'CNY';
    const summary = CUSTOMER_SEGMENTS.map((segment): SegmentSummary => {
      const members = rows.right.filter((row) => row.segment === segment);
      return { segment, customers: members.length, currency, monetary: members.reduce((sum, row) => sum + row.monetary, 0) };
    });
    return E.right({ name: 'customerSegments', columns: COLUMNS, rows: rows.right, summary });
  };

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
