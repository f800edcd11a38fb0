import * as E from 'fp-ts/lib/Either.js';
import type { ReadModelSource } from '../../source.js';
import { SALES_PROJECTION } from '../documents.js';
import type { SalesFact, TaxonomyDocument } from '../documents.js';
import { checkDayRange, compareBy, roundedQuotient } from '../report.js';
import type { Report, ReportColumn, ReportError } from '../report.js';

export const SALES_DIMENSIONS = ['day', 'week', 'month', 'category', 'brand', 'paymentMethod', 'province', 'city', 'channel'] as const;
export type SalesDimension = (typeof SALES_DIMENSIONS)[number];

export const SALES_MEASURES = [
  'gmv',
  'orders',
  'units',
  'averageOrderValue',
  'refunds',
  'revenue',
  'netRevenue',
  'newCustomers',
  'returningCustomers',
] as const;
export type SalesMeasure = (typeof SALES_MEASURES)[number];

/** Which fact field each dimension groups and filters on. */
const FIELD: Readonly<Record<SalesDimension, keyof SalesFact>> = {
  day: 'day',
  week: 'week',
  month: 'month',
  category: 'categoryId',
  brand: 'brandId',
  paymentMethod: 'paymentMethod',
  province: 'province',
  city: 'city',
  channel: 'channel',
};

const MEASURE_COLUMNS: Readonly<Record<SalesMeasure, ReportColumn>> = {
  gmv: { key: 'gmv', header: 'GMV', kind: 'money' },
  orders: { key: 'orders', header: 'Orders', kind: 'count' },
  units: { key: 'units', header: 'Units', kind: 'count' },
  averageOrderValue: { key: 'averageOrderValue', header: 'Average order value', kind: 'money' },
  refunds: { key: 'refunds', header: 'Refunds', kind: 'money' },
  revenue: { key: 'revenue', header: 'Revenue', kind: 'money' },
  netRevenue: { key: 'netRevenue', header: 'Net revenue', kind: 'money' },
  newCustomers: { key: 'newCustomers', header: 'New customers', kind: 'count' },
  returningCustomers: { key: 'returningCustomers', header: 'Returning customers', kind: 'count' },
};

const DIMENSION_HEADERS: Readonly<Record<SalesDimension, string>> = {
  day: 'Day',
  week: 'Week',
  month: 'Month',
  category: 'Category',
  brand: 'Brand',
  paymentMethod: 'Payment method',
  province: 'Province',
  city: 'City',
  channel: 'Channel',
};

/** Keep only facts whose dimension is one of the values given (a missing or empty list keeps all). */
export type SalesFilters = { readonly [D in Exclude<SalesDimension, 'day' | 'week' | 'month'>]?: readonly string[] } & {
  readonly currency?: string;
};

export interface SalesRequest {
  /** Local calendar days (`yyyy-mm-dd`, in the projection's zone) of the orders' placement, both included. */
  readonly from: string;
  readonly to: string;
  readonly groupBy?: readonly SalesDimension[];
  readonly filters?: SalesFilters;
  /** The measures to report, in this order; all of them by default. */
  readonly measures?: readonly SalesMeasure[];
}

/**
 * One group: its dimensions (null where unknown, e.g. a product with no brand), the names of its category
 * and brand when grouped by them, the currency, and the measures asked for (money in minor units).
 */
export type SalesRow = { readonly [D in SalesDimension]?: string | null } & {
  readonly categoryName?: string | null;
  readonly brandName?: string | null;
  readonly currency: string;
} & { readonly [M in SalesMeasure]?: number };

export type SalesReport = Report<SalesRow>;

type Group = {
  readonly _id: Readonly<Record<string, string | null>>;
  readonly gmv: number;
  readonly units: number;
  readonly revenue: number;
  readonly refunds: number;
  readonly orders: readonly string[];
  readonly customers: readonly string[];
  readonly newCustomers: readonly (string | null)[];
};

const measuresOf = (group: Group): Readonly<Record<SalesMeasure, number>> => {
  const newCustomers = group.newCustomers.filter((customer) => customer !== null).length;
  return {
    gmv: group.gmv,
    orders: group.orders.length,
    units: group.units,
    averageOrderValue: roundedQuotient(group.gmv, group.orders.length),
    refunds: group.refunds,
    revenue: group.revenue,
    netRevenue: group.revenue - group.refunds,
    newCustomers,
    returningCustomers: group.customers.length - newCustomers,
  };
};

const nameOf = (doc: TaxonomyDocument | undefined): string | null => (doc === undefined ? null : doc.zh !== '' ? doc.zh : doc.en);

const requestProblem = (request: SalesRequest): ReportError | undefined => {
  const range = checkDayRange(request.from, request.to);
  if (range !== undefined) return range;
  const groupBy = request.groupBy ?? [];
  if (new Set(groupBy).size !== groupBy.length) return { _tag: 'InvalidReportRequest', reason: 'a dimension appears twice in groupBy' };
  if (groupBy.some((d) => !SALES_DIMENSIONS.includes(d))) return { _tag: 'InvalidReportRequest', reason: `groupBy takes ${SALES_DIMENSIONS.join(', ')}` };
  const measures = request.measures ?? SALES_MEASURES;
  if (measures.length === 0 || measures.some((m) => !SALES_MEASURES.includes(m))) {
    return { _tag: 'InvalidReportRequest', reason: `measures are some of ${SALES_MEASURES.join(', ')}` };
  }
  return undefined;
};

/**
 * The sales view: the facts of orders placed in the range, grouped by any dimensions with the read store's
 * portable `$group` (a leading `$match` on the indexed day). Groups never mix currencies.
 *
 * GMV is what the lines sell for after discounts (shipping excluded), whether paid or not; revenue is the same
 * for paid orders only; refunds belong to the order (and period) they refund, spread over its lines by net
 * amount when not for one line; net revenue = revenue - refunds. Orders and customers are distinct counts, so
 * they add up over periods and order-level dimensions but not over category or brand (an order may hold both).
 * A customer is new in a group holding their first order, returning otherwise.
 */
export const salesQuery =
  (source: ReadModelSource) =>
  async (request: SalesRequest): Promise<E.Either<ReportError, SalesReport>> => {
    const problem = requestProblem(request);
    if (problem !== undefined) return E.left(problem);
    const groupBy = request.groupBy ?? [];
    const measures = request.measures ?? SALES_MEASURES;
    const { currency, ...dimensionFilters } = request.filters ?? {};

    const match: Record<string, unknown> = { day: { $gte: request.from, $lte: request.to } };
    for (const [dimension, values] of Object.entries(dimensionFilters) as [SalesDimension, readonly string[] | undefined][]) {
      if (values !== undefined && values.length > 0) match[FIELD[dimension]] = { $in: values };
    }
    if (currency !== undefined) match.currency = currency;
    const groupId: Readonly<Record<string, string>> = Object.fromEntries([['currency', '$currency'], ...groupBy.map((d): [string, string] => [d, `$${FIELD[d]}`])]);

    const facts = source.collection<SalesFact>(SALES_PROJECTION, 'facts');
    const groups = await facts.aggregate<Group>([
      { $match: match },
      {
        $group: {
          _id: groupId,
          gmv: { $sum: '$net' },
          units: { $sum: '$quantity' },
          revenue: { $sum: { $cond: ['$paid', '$net', 0] } },
          refunds: { $sum: '$refunded' },
          orders: { $addToSet: '$orderId' },
          customers: { $addToSet: '$customerId' },
          newCustomers: { $addToSet: '$newCustomer' },
        },
      },
    ]);

    const names = await taxonomyNames(source, groupBy, groups);
    const rows = groups
      .map((group): SalesRow => {
        const dimensions = Object.fromEntries(groupBy.map((d) => [d, group._id[d] ?? null])) as Record<SalesDimension, string | null>;
        const labels = {
          ...(groupBy.includes('category') ? { categoryName: nameOf(names.get(`category:${dimensions.category ?? ''}`)) } : {}),
          ...(groupBy.includes('brand') ? { brandName: nameOf(names.get(`brand:${dimensions.brand ?? ''}`)) } : {}),
        };
        const all = measuresOf(group);
        return { ...dimensions, ...labels, currency: String(group._id.currency), ...Object.fromEntries(measures.map((m) => [m, all[m]])) };
      })
      .sort(compareBy([...groupBy, 'currency']));

    const columns: ReportColumn[] = [
      ...groupBy.flatMap((d): ReportColumn[] => [
        { key: d, header: DIMENSION_HEADERS[d], kind: 'text' },
        ...(d === 'category' ? [{ key: 'categoryName', header: 'Category name', kind: 'text' } as const] : []),
        ...(d === 'brand' ? [{ key: 'brandName', header: 'Brand name', kind: 'text' } as const] : []),
      ]),
      { key: 'currency', header: 'Currency', kind: 'text' },
      ...measures.map((m) => MEASURE_COLUMNS[m]),
    ];
    return E.right({ name: 'sales', columns, rows });
  };

const taxonomyNames = async (source: ReadModelSource, groupBy: readonly SalesDimension[], groups: readonly Group[]): Promise<ReadonlyMap<string, TaxonomyDocument>> => {
  const ids = groups.flatMap((group) => [
    ...(groupBy.includes('category') && group._id.category != null ? [`category:${group._id.category}`] : []),
    ...(groupBy.includes('brand') && group._id.brand != null ? [`brand:${group._id.brand}`] : []),
  ]);
  if (ids.length === 0) return new Map();
  const docs = await source.collection<TaxonomyDocument>(SALES_PROJECTION, 'taxonomy').find({ _id: { $in: [...new Set(ids)] } });
  return new Map(docs.map((doc) => [doc._id, doc]));
};
