import type { PlacedOrderState } from '@shopstream/commerce/ordering';
import type { OrderView } from './api.js';

/**
 * What a customer may see of their own order. The risk team's judgement (why an order is held or rejected, which
 * policy or staff member decided, the score) stays with staff: shown to the customer, it would teach a fraudster
 * what the policy looks for. Staff are named to customers as staff, never by id, and their notes stay internal.
 */
export const customerView = (order: PlacedOrderState): OrderView => (order.riskHold === null ? order : { ...order, riskHold: { heldAt: order.riskHold.heldAt } });

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
