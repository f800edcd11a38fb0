/**
 * The order's life as data: every status and the statuses it may move to. The decider consults this table
 * before it changes an order's status, and the property tests check every decision against it, so the
 * table is the one place the state machine is written down.
 */
export const ORDER_STATUSES = [
  'awaiting_payment',
  'paid',
  'on_risk_hold',
  'partially_shipped',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The status of an order that has not been placed: the stream does not exist yet. */
export type OrderStatusOrInitial = OrderStatus | 'initial';

export const ORDER_TRANSITIONS: Readonly<Record<OrderStatusOrInitial, readonly OrderStatus[]>> = {
  initial: ['awaiting_payment'],
  awaiting_payment: ['paid', 'cancelled'],
  // A paid order may be held for risk review or cancelled only while nothing has left the warehouse.
  paid: ['on_risk_hold', 'partially_shipped', 'shipped', 'cancelled'],
  on_risk_hold: ['paid', 'cancelled'],
  partially_shipped: ['shipped'],
  // Receipt may be confirmed (by the customer, or automatically after the confirmation window) before the
  // carrier reports delivery, as marketplaces do.
  shipped: ['delivered', 'completed'],
  delivered: ['completed'],
  completed: [],
  cancelled: [],
};

/** Whether an order in `from` may move to `to`. Staying in the same status is not a transition. */
export const canTransition = (from: OrderStatusOrInitial, to: OrderStatus): boolean => ORDER_TRANSITIONS[from].includes(to);

/** Statuses before any goods have been handed to a carrier: the ones an order may still be cancelled from. */
export const isBeforeShipment = (status: OrderStatusOrInitial): boolean =>
  status === 'awaiting_payment' || status === 'paid' || status === 'on_risk_hold';
