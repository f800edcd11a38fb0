import type { PlacedOrderState } from '@shopstream/commerce/ordering';
import type { OrderView, Viewer } from './api.js';

/**
 * What a customer may see of their own order. The risk team's judgement (why an order is held or rejected, which
 * policy or staff member decided, the score) stays with staff: shown to the customer, it would teach a fraudster
 * what the policy looks for. Staff are named to customers as staff, never by id, and their notes stay internal.
 */
const customerView = (order: PlacedOrderState): Omit<OrderView, 'revision'> =>
  order.riskHold === null ? order : { ...order, riskHold: { heldAt: order.riskHold.heldAt } };

/**
 * The order as the viewer may see it, at `revision`, its stream's revision (the ETag). A customer's view is a pure
 * function of the order's state, and the state changes only with an event on its stream, which moves the revision:
 * so whatever the redaction hides or shows, a customer's view cannot change while their ETag stays. (The ETag
 * may move while their view does not, say for a staff note: that costs a download, never a stale view.)
 */
export const orderView = (order: PlacedOrderState, revision: number, viewer: Viewer): OrderView => ({
  ...(viewer.customerId === undefined ? order : customerView(order)),
  revision,
});

type Data = Readonly<Record<string, unknown>>;

const without = (data: Data, ...fields: readonly string[]): Data => Object.fromEntries(Object.entries(data).filter(([field]) => !fields.includes(field)));

/** A staff actor as the customer sees it: that it was staff, not who. */
const anonymousStaff = (actor: unknown): unknown =>
  typeof actor === 'object' && actor !== null && (actor as { kind?: unknown }).kind === 'staff' ? { kind: 'staff' } : actor;

/** An event's payload in a customer's timeline of their order. */
export const customerData = (type: string, data: unknown): unknown => {
  if (typeof data !== 'object' || data === null) return data;
  const payload = data as Data;
  switch (type) {
    case 'OrderPutOnRiskHold':
    case 'OrderRiskHoldReleased':
    case 'OrderRejectedForRisk':
      return without(payload, 'reason', 'decidedBy', 'note');
    case 'OrderCancelled':
      return { ...without(payload, 'note'), cancelledBy: anonymousStaff(payload['cancelledBy']) };
    default:
      return data;
  }
};
