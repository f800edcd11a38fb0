import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerData } from './customerView.js';

const RISK_EVENTS = ['OrderPutOnRiskHold', 'OrderRiskHoldReleased', 'OrderRejectedForRisk'] as const;
const JUDGEMENT = ['reason', 'decidedBy', 'note'];

describe("a customer's timeline of their order", () => {
  it('keeps every field of a risk event but the judgement (reason, decider, note), and every other event as it is', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RISK_EVENTS, 'OrderPaid', 'OrderLinesShipped'), fc.dictionary(fc.constantFrom('orderId', 'heldAt', 'refundDue', ...JUDGEMENT), fc.jsonValue()), (type, data) => {
        const shown = customerData(type, data) as Record<string, unknown>;
        if ((RISK_EVENTS as readonly string[]).includes(type)) {
          for (const field of JUDGEMENT) expect(shown).not.toHaveProperty(field);
          for (const [field, value] of Object.entries(data)) if (!JUDGEMENT.includes(field)) expect(shown[field]).toEqual(value);
        } else expect(shown).toBe(data);
      }),
    );
  });

  it('names staff who cancelled an order as staff, without their id or note; a customer or the system as they are', () => {
    const cancelled = { orderId: 'o-1', reason: 'staff_decision', cancelledBy: { kind: 'staff', staffId: 'staff-li' }, note: 'suspicious address', refundDue: { amount: 0, currency: 'CNY' }, cancelledAt: '2026-12-07T00:00:00.000Z' };
    expect(customerData('OrderCancelled', cancelled)).toEqual({ orderId: 'o-1', reason: 'staff_decision', cancelledBy: { kind: 'staff' }, refundDue: { amount: 0, currency: 'CNY' }, cancelledAt: '2026-12-07T00:00:00.000Z' });
    const byCustomer = { ...cancelled, reason: 'customer_request', cancelledBy: { kind: 'customer', customerId: 'c-1' }, note: undefined };
    expect(customerData('OrderCancelled', byCustomer)).toMatchObject({ cancelledBy: { kind: 'customer', customerId: 'c-1' } });
  });
});
