import type { RecordedEvent } from '@shopstream/kernel';
import type { OrderStatus, PlacedOrderState } from '@shopstream/commerce/ordering';
import type { RiskState } from '@shopstream/read-models/orders';
import type { CallOptions, Outcome, PageRequest } from '../call.js';
import type { AdminOrderSummary, OrderSummary } from '@shopstream/read-models/orders';
import type { ReadModelPage } from '../insights/api.js';

/** Who is looking: a customer sees only their own orders; staff (no customerId) see every order. */
export interface Viewer {
  readonly customerId?: string;
}

/**
 * A risk hold as the viewer may see it: staff see why, by whom and with what score; a customer sees only that
 * the order is held and since when (telling a fraudster the score and the reasons would teach them the policy).
 */
export type RiskHoldView = { readonly heldAt: string } & Partial<Pick<NonNullable<PlacedOrderState['riskHold']>, 'reason' | 'decidedBy'>>;

/**
 * A resource as of one revision of its stream: the revision of the last event folded into it, which the HTTP API
 * answers as the `ETag` and a command takes back as `CallOptions.expectedRevision` (an `If-Match`).
 */
export type AtRevision<T> = T & { readonly revision: number };

/**
 * An order as the viewer may see it: the whole state for staff, the risk team's judgement left out for its
 * customer; either way at the order stream's revision.
 */
export type OrderView = AtRevision<Omit<PlacedOrderState, 'riskHold'> & { readonly riskHold: RiskHoldView | null }>;

/** One step in an order's life, from its own stream and its payment's and shipments'. */
export interface OrderTimelineEntry {
  readonly at: string;
  readonly type: string;
  readonly stream: string;
  readonly position: number;
  readonly data: unknown;
}

export type OrderCanceller =
  | { readonly kind: 'customer'; readonly customerId: string }
  | { readonly kind: 'staff'; readonly staffId: string; readonly note?: string };

export interface OrderListFilter extends PageRequest {
  readonly status?: OrderStatus | readonly OrderStatus[];
  readonly customerId?: string;
  /** Placed at or after this instant. */
  readonly placedFrom?: string;
  /** Placed before this instant. */
  readonly placedBefore?: string;
  readonly risk?: RiskState | readonly RiskState[];
}

/** A listener for one customer's order events, called after commit, in order. */
export type OrderEventListener = (event: RecordedEvent) => void;

export interface OrdersFacade {
  /** getOrder: null when there is no such order, or it is not the viewer's. A customer sees no risk judgement. */
  get(orderId: string, viewer?: Viewer): Promise<OrderView | null>;
  /**
   * getOrderTimeline: the order's events with its payment's and shipments', oldest first; null as for `get`. A
   * customer sees the risk events without their reasons, deciders or scores, and staff actions without staff
   * ids or notes.
   */
  timeline(orderId: string, viewer?: Viewer): Promise<readonly OrderTimelineEntry[] | null>;
  /**
   * cancelOrder: a customer before shipment, or staff. Right is the order after it as the canceller may see it
   * (a customer's view for a customer), at its new revision.
   */
  cancel(orderId: string, by: OrderCanceller, options?: CallOptions): Outcome<OrderView>;
  /** confirmReceipt: Right is the customer's view of the order after it, at its new revision. */
  confirmReceipt(customerId: string, orderId: string, options?: CallOptions): Outcome<OrderView>;
  /** listMyOrders (from the orders read model). */
  listMine(customerId: string, page?: PageRequest): Outcome<ReadModelPage<OrderSummary>>;
  /** listOrders (staff; from the orders read model). */
  list(filter?: OrderListFilter): Outcome<ReadModelPage<AdminOrderSummary>>;
  /** streamMyOrderEvents: live events of the customer's orders from now on, redacted as their timeline is; returns the unsubscribe. */
  watch(customerId: string, listener: OrderEventListener): () => void;
}
