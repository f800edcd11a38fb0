import type { ProjectionContext, RecordedEvent } from '@shopstream/kernel';
import type { OrderDocument, TimelineDetails } from './documents.js';
import { timelineEntry } from './timeline.js';

export type OrdersCollection = 'orders' | 'payments' | 'cases';
export type OrdersContext = ProjectionContext<OrdersCollection>;

/** An order only other contexts have named so far: a timeline, and nothing else known. */
export const unplacedOrder = (orderId: string, at: string): OrderDocument => ({
  _id: orderId,
  orderId,
  customerId: null,
  status: null,
  placedAt: null,
  riskState: 'none',
  riskScore: null,
  riskReason: null,
  riskDecision: null,
  details: null,
  shipmentIds: [],
  caseIds: [],
  updatedAt: at,
  timeline: [],
});

/**
 * Adds the event to its order's timeline and applies `change` to the order, in one read-modify-write of the
 * order's document (the handler sees the writes of earlier events of its batch, so this is deterministic).
 */
export const recordOnOrder = async (
  ctx: OrdersContext,
  event: RecordedEvent,
  orderId: string,
  change: (order: OrderDocument) => OrderDocument = (order) => order,
  details?: TimelineDetails,
): Promise<void> => {
  const orders = ctx.collection<OrderDocument>('orders');
  const current = (await orders.get(orderId)) ?? unplacedOrder(orderId, event.occurredAt);
  const changed = change(current);
  await orders.replaceOne({ ...changed, updatedAt: event.occurredAt, timeline: [...changed.timeline, timelineEntry(event, details)] });
};

/** Adds an id to a list once, keeping the order of first appearance. */
export const withId = (ids: readonly string[], id: string): readonly string[] => (ids.includes(id) ? ids : [...ids, id]);
