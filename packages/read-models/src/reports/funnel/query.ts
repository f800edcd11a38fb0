import * as E from 'fp-ts/lib/Either.js';
import type { ReadModelSource } from '../../source.js';
import { FUNNEL_PROJECTION } from '../documents.js';
import type { FunnelStage, FunnelTouch } from '../documents.js';
import { checkDayRange, compareBy } from '../report.js';
import type { Report, ReportColumn, ReportError } from '../report.js';

export interface FunnelRequest {
  /** Local days, both included. */
  readonly from: string;
  readonly to: string;
  /** One row per period (clipped to the range), or one row for the whole range. */
  readonly groupBy?: 'day' | 'week' | 'month';
}

export type FunnelRow = {
  /** The period, or `from..to` for the whole range. */
  readonly period: string;
  readonly viewed: number;
  readonly carted: number;
  readonly ordered: number;
  readonly paid: number;
  /** Each stage over the one before, and paid over viewed; null when the earlier stage is empty. */
  readonly cartRate: number | null;
  readonly orderRate: number | null;
  readonly paymentRate: number | null;
  readonly conversion: number | null;
};

const COLUMNS: readonly ReportColumn[] = [
  { key: 'period', header: 'Period', kind: 'text' },
  { key: 'viewed', header: 'Viewed', kind: 'count' },
  { key: 'carted', header: 'Added to cart', kind: 'count' },
  { key: 'ordered', header: 'Ordered', kind: 'count' },
  { key: 'paid', header: 'Paid', kind: 'count' },
  { key: 'cartRate', header: 'Cart rate', kind: 'ratio' },
  { key: 'orderRate', header: 'Order rate', kind: 'ratio' },
  { key: 'paymentRate', header: 'Payment rate', kind: 'ratio' },
  { key: 'conversion', header: 'Conversion', kind: 'ratio' },
];

type Group = { readonly _id: { readonly stage: FunnelStage; readonly period?: string }; readonly actors: readonly string[] };

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/**
 * Distinct people per funnel stage and period: viewed a product, added to a cart, placed an order, paid one.
 * Guests count by session or cart until they sign in, then as the customer. Each stage counts on its own, so a
 * customer who paid for an order placed the month before counts as paid in this month only.
 */
export const funnelQuery =
  (source: ReadModelSource) =>
  async (request: FunnelRequest): Promise<E.Either<ReportError, Report<FunnelRow>>> => {
    const range = checkDayRange(request.from, request.to);
    if (range !== undefined) return E.left(range);
    const groups = await source.collection<FunnelTouch>(FUNNEL_PROJECTION, 'touches').aggregate<Group>([
      { $match: { day: { $gte: request.from, $lte: request.to } } },
      { $group: { _id: { stage: '$stage', ...(request.groupBy === undefined ? {} : { period: `$${request.groupBy}` }) }, actors: { $addToSet: '$actor' } } },
    ]);
    const whole = `${request.from}..${request.to}`;
    const periods = new Map<string, Record<FunnelStage, number>>();
    for (const group of groups) {
      const period = group._id.period ?? whole;
      const counts = periods.get(period) ?? { view: 0, cart: 0, order: 0, payment: 0 };
      counts[group._id.stage] = group.actors.length;
      periods.set(period, counts);
    }
    if (request.groupBy === undefined && periods.size === 0) periods.set(whole, { view: 0, cart: 0, order: 0, payment: 0 });
    const rows = [...periods]
      .map(([period, c]): FunnelRow => ({
        period,
        viewed: c.view,
        carted: c.cart,
        ordered: c.order,
        paid: c.payment,
        cartRate: rate(c.cart, c.view),
        orderRate: rate(c.order, c.cart),
        paymentRate: rate(c.payment, c.order),
        conversion: rate(c.payment, c.view),
      }))
      .sort(compareBy(['period']));
    return E.right({ name: 'funnel', columns: COLUMNS, rows });
  };
