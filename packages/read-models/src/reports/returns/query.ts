import * as E from 'fp-ts/lib/Either.js';
import type { ReadModelSource } from '../../source.js';
import { SALES_PROJECTION } from '../documents.js';
import type { ReturnLine, SalesFact, TaxonomyDocument } from '../documents.js';
import { checkDayRange, compareBy } from '../report.js';
import type { Report, ReportColumn, ReportError } from '../report.js';

export const RETURN_DIMENSIONS = ['product', 'category', 'brand', 'reason'] as const;
export type ReturnDimension = (typeof RETURN_DIMENSIONS)[number];

export interface ReturnRatesRequest {
  /** Local days the orders were placed on, both included: returns count against the sales they return. */
  readonly from: string;
  readonly to: string;
  /** Default `['product']`. With `reason`, each row is one reason's share of the units sold. */
  readonly groupBy?: readonly ReturnDimension[];
  /** Which after-sales kinds count as returns; default `['return']`. */
  readonly kinds?: readonly ('return' | 'exchange' | 'repair' | 'complaint')[];
}

export type ReturnRateRow = {
  readonly product?: string | null;
  readonly productTitle?: string | null;
  readonly category?: string | null;
  readonly categoryName?: string | null;
  readonly brand?: string | null;
  readonly brandName?: string | null;
  readonly reason?: string;
  readonly soldUnits: number;
  readonly returnedUnits: number;
  /** returned / sold; null when nothing was sold in the group. */
  readonly returnRate: number | null;
};

const FIELD = { product: 'productId', category: 'categoryId', brand: 'brandId', reason: 'reason' } as const;

type Group = { readonly _id: Readonly<Record<string, string | null>>; readonly units: number; readonly title?: string };

/**
 * Units returned over units sold (paid), per product, category, brand and/or reason. A case line counts unless
 * the case was rejected or cancelled.
 */
export const returnRatesQuery =
  (source: ReadModelSource) =>
  async (request: ReturnRatesRequest): Promise<E.Either<ReportError, Report<ReturnRateRow>>> => {
    const range = checkDayRange(request.from, request.to);
    if (range !== undefined) return E.left(range);
    const groupBy = request.groupBy ?? ['product'];
    if (groupBy.length === 0 || new Set(groupBy).size !== groupBy.length || groupBy.some((d) => !RETURN_DIMENSIONS.includes(d))) {
      return E.left({ _tag: 'InvalidReportRequest', reason: `groupBy takes distinct ones of ${RETURN_DIMENSIONS.join(', ')}` });
    }
    const salesBy = groupBy.filter((d) => d !== 'reason');
    const days = { day: { $gte: request.from, $lte: request.to } };

    const sold = await source.collection<SalesFact>(SALES_PROJECTION, 'facts').aggregate<Group>([
      { $match: { ...days, paid: true } },
      { $group: { _id: Object.fromEntries(salesBy.map((d) => [d, `$${FIELD[d]}`])), units: { $sum: '$quantity' }, title: { $first: '$title' } } },
    ]);
    const returned = await source.collection<ReturnLine>(SALES_PROJECTION, 'returns').aggregate<Group>([
      { $match: { ...days, kind: { $in: request.kinds ?? ['return'] }, status: { $nin: ['rejected', 'cancelled'] } } },
      { $group: { _id: Object.fromEntries(groupBy.map((d) => [d, `$${FIELD[d]}`])), units: { $sum: '$quantity' } } },
    ]);

    const keyOf = (id: Group['_id']): string => JSON.stringify(salesBy.map((d) => id[d] ?? null));
    const soldByKey = new Map(sold.map((group) => [keyOf(group._id), group]));
    const returnedByKey = new Map<string, number>();
    for (const group of returned) returnedByKey.set(keyOf(group._id), (returnedByKey.get(keyOf(group._id)) ?? 0) + group.units);
    // With a reason, the rows are the reasons that occurred; without, every group that sold or had returns.
    const groups: readonly Group[] = groupBy.includes('reason')
      ? returned
      : [...sold, ...returned.filter((group) => !soldByKey.has(keyOf(group._id))).map((group) => ({ ...group, units: 0 }))];

    const names = await taxonomyNames(source);
    const rows = groups
      .map((group): ReturnRateRow => {
        const key = keyOf(group._id);
        const soldUnits = soldByKey.get(key)?.units ?? 0;
        const returnedUnits = groupBy.includes('reason') ? group.units : (returnedByKey.get(key) ?? 0);
        const id = (d: ReturnDimension): string | null => group._id[d] ?? null;
        return {
          ...(groupBy.includes('product') ? { product: id('product'), productTitle: soldByKey.get(key)?.title ?? null } : {}),
          ...(groupBy.includes('category') ? { category: id('category'), categoryName: names.get(`category:${id('category') ?? ''}`) ?? null } : {}),
          ...(groupBy.includes('brand') ? { brand: id('brand'), brandName: names.get(`brand:${id('brand') ?? ''}`) ?? null } : {}),
          ...(groupBy.includes('reason') ? { reason: id('reason') ?? 'unknown' } : {}),
          soldUnits,
          returnedUnits,
          returnRate: soldUnits === 0 ? null : returnedUnits / soldUnits,
        };
      })
      .sort(compareBy(groupBy));

    const columns: ReportColumn[] = [
      ...groupBy.flatMap((d): ReportColumn[] =>
        d === 'reason'
          ? [{ key: 'reason', header: 'Reason', kind: 'text' }]
          : [
              { key: d, header: d === 'product' ? 'Product' : d === 'category' ? 'Category' : 'Brand', kind: 'text' },
              { key: d === 'product' ? 'productTitle' : `${d}Name`, header: d === 'product' ? 'Title' : d === 'category' ? 'Category name' : 'Brand name', kind: 'text' },
            ],
      ),
      { key: 'soldUnits', header: 'Units sold', kind: 'count' },
      { key: 'returnedUnits', header: 'Units returned', kind: 'count' },
      { key: 'returnRate', header: 'Return rate', kind: 'ratio' },
    ];
    return E.right({ name: 'returnRates', columns, rows });
  };

const taxonomyNames = async (source: ReadModelSource): Promise<ReadonlyMap<string, string>> =>
  new Map((await source.collection<TaxonomyDocument>(SALES_PROJECTION, 'taxonomy').find({})).map((doc) => [doc._id, doc.zh !== '' ? doc.zh : doc.en]));
