import type { CaseDocument, OrderDetails, OrderDocument, PaymentDocument, RiskState, TimelineEntry } from './documents.js';
import type { OrderStatus } from '@shopstream/commerce/ordering';
import type { RiskDecision } from '@shopstream/commerce/risk';

/** A line of a customer's order list. */
export interface OrderSummary {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly placedAt: string;
  readonly total: OrderDetails['total'];
  readonly itemCount: number;
  readonly updatedAt: string;
}

/**
 * An order as its customer sees it: what was bought, where it stands, and everything that happened to it (for a
 * customer, without the risk review's reasons; staff views show them).
 */
export interface OrderView extends OrderSummary, Omit<OrderDetails, 'total'> {
  readonly shipmentIds: readonly string[];
  readonly caseIds: readonly string[];
  /** Oldest first. */
  readonly timeline: readonly TimelineEntry[];
}

export interface RiskView {
  readonly state: RiskState;
  readonly score: number | null;
  readonly reason: string | null;
  readonly decision: RiskDecision | null;
}

/** A line of the admin order list: the summary plus the risk review. */
export interface AdminOrderSummary extends OrderSummary {
  readonly risk: RiskView;
}

export interface AdminOrderView extends OrderView {
  readonly risk: RiskView;
}

export type PaymentView = Omit<PaymentDocument, '_id'>;
export type CaseView = Omit<CaseDocument, '_id'>;

/** A placed order: the only kind any query shows. */
export type PlacedOrder = OrderDocument & { readonly customerId: string; readonly status: OrderStatus; readonly placedAt: string; readonly details: OrderDetails };

export const isPlaced = (order: OrderDocument | null): order is PlacedOrder =>
  order !== null && order.customerId !== null && order.status !== null && order.placedAt !== null && order.details !== null;

export const orderSummary = (order: PlacedOrder): OrderSummary => ({
  orderId: order.orderId,
  customerId: order.customerId,
  status: order.status,
  placedAt: order.placedAt,
  total: order.details.total,
  itemCount: order.details.lines.reduce((sum, line) => sum + line.quantity, 0),
  updatedAt: order.updatedAt,
});

/** Risk decisions a customer sees happen (the order is under review, released, refused) but never why. */
const RISK_DECISIONS = new Set(['OrderPutOnRiskHold', 'OrderRiskHoldReleased', 'OrderRejectedForRisk']);

/**
 * What of the timeline a customer sees: the risk policy's assessments are left out, and risk decisions keep
 * their type, time and actor without their reasons or scores, which would teach a fraudster the rules.
 */
const customerTimeline = (timeline: readonly TimelineEntry[]): TimelineEntry[] =>
  timeline.flatMap((entry) => (entry.type === 'RiskAssessed' ? [] : [RISK_DECISIONS.has(entry.type) ? { ...entry, details: {} } : entry]));

export type Audience = 'customer' | 'staff';

export const orderView = (order: PlacedOrder, audience: Audience): OrderView => {
  const { total: _total, ...details } = order.details;
  const timeline = [...order.timeline].sort((a, b) => a.position - b.position);
  return {
    ...orderSummary(order),
    ...details,
    shipmentIds: order.shipmentIds,
    caseIds: order.caseIds,
    timeline: audience === 'staff' ? timeline : customerTimeline(timeline),
  };
};

export const riskView = (order: OrderDocument): RiskView => ({ state: order.riskState, score: order.riskScore, reason: order.riskReason, decision: order.riskDecision });

export const paymentView = ({ _id, ...payment }: PaymentDocument): PaymentView => payment;

export const caseView = ({ _id, ...found }: CaseDocument): CaseView => found;
