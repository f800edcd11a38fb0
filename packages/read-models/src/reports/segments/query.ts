import * as E from 'fp-ts/lib/Either.js';
import type { ReadModelSource } from '../../source.js';
import { daysBetween } from '../calendar.js';
import { SALES_PROJECTION } from '../documents.js';
import type { OrderDocument } from '../documents.js';
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
