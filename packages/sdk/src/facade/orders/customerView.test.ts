import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { orderingEvents } from '@shopstream/commerce/ordering';
import { paymentEvents } from '@shopstream/commerce/payment';
import { shippingEvents } from '@shopstream/commerce/shipping';
import { customerData } from './customerView.js';

/** Every event type an order's timeline can hold, with the fields its schema has. */
const definitions = [...orderingEvents, ...paymentEvents, ...shippingEvents].map((definition) => ({
  type: definition.type,
  fields: Object.keys((definition.schema as unknown as z.ZodObject).shape),
}));

/** What must never reach a customer, by event type: the risk team's judgement, staff notes, client fingerprints, sealed data, the card token. */
const NEVER: Readonly<Record<string, readonly string[]>> = {
  OrderPutOnRiskHold: ['reason', 'decidedBy'],
  OrderRiskHoldReleased: ['note', 'decidedBy'],
  OrderRejectedForRisk: ['reason', 'decidedBy'],
  OrderCancelled: ['note'],
  ShipmentCreated: ['recipient'],
  DeliveryAddressCorrected: ['recipient'],
  PaymentAuthorised: ['source'],
  PaymentCaptured: ['source'],
  PaymentDeclined: ['source'],
  PaymentAttemptExpired: ['source'],
  PaymentRefunded: ['source'],
  PaymentRefundFailed: ['source'],
};

const payloadOf = (fields: readonly string[]) =>
  fc.dictionary(fc.constantFrom(...fields, 'addedLater', 'internalNote'), fc.jsonValue(), { maxKeys: fields.length + 2 });

describe("a customer's timeline of their order", () => {
  it('shows only fields of the event type itself, never a field the table does not name nor one it hides, and plain fields unchanged', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...definitions).chain(({ type, fields }) => fc.tuple(fc.constant(type), fc.constant(fields), payloadOf(fields))),
        ([type, fields, data]) => {
          const shown = customerData(type, data);
          for (const field of Object.keys(shown)) expect(fields).toContain(field);
          for (const field of NEVER[type] ?? []) expect(shown).not.toHaveProperty(field);
          for (const field of ['addedLater', 'internalNote']) expect(shown).not.toHaveProperty(field);
          for (const field of ['orderId', 'attemptId', 'shipmentId', 'amount', 'total', 'lines']) {
            if (fields.includes(field) && data[field] !== undefined) expect(shown[field]).toEqual(data[field]);
          }
        },
      ),
    );
  });

  it('knows every event type of the order, payment and shipment streams; an unknown type or a payload that is no object shows nothing', () => {
    for (const { type, fields } of definitions) {
      const everything = Object.fromEntries(fields.map((field) => [field, `value of ${field}`]));
      // Plain fields (ids, at least) come through, so the table has an entry for the type.
      expect(Object.keys(customerData(type, everything)).length).toBeGreaterThan(0);
    }
    expect(customerData('SomethingNewerCodeWrote', { orderId: 'o-1', secret: 's' })).toEqual({});
    expect(customerData('OrderPaid', { orderId: 'o-1', constructor: 'c', toString: 't', hasOwnProperty: 'h' })).toEqual({ orderId: 'o-1' });
    expect(customerData('OrderPaid', null)).toEqual({});
    expect(customerData('OrderPaid', 'text')).toEqual({});
  });

  it('names staff who cancelled an order as staff, without their id or note; a customer or the system as they are', () => {
    const cancelled = { orderId: 'o-1', reason: 'staff_decision', cancelledBy: { kind: 'staff', staffId: 'staff-li' }, note: 'suspicious address', refundDue: { amount: 0, currency: 'CNY' }, cancelledAt: '2026-12-07T00:00:00.000Z' };
    expect(customerData('OrderCancelled', cancelled)).toEqual({ orderId: 'o-1', reason: 'staff_decision', cancelledBy: { kind: 'staff' }, refundDue: { amount: 0, currency: 'CNY' }, cancelledAt: '2026-12-07T00:00:00.000Z' });
    const byCustomer = { ...cancelled, reason: 'customer_request', cancelledBy: { kind: 'customer', customerId: 'c-1' }, note: undefined };
    expect(customerData('OrderCancelled', byCustomer)).toMatchObject({ cancelledBy: { kind: 'customer', customerId: 'c-1' } });
    expect(customerData('OrderCancelled', { ...cancelled, cancelledBy: { kind: 'system' } })).toMatchObject({ cancelledBy: { kind: 'system' } });
  });

  it('shows the region of the address but no sealed envelope, the channel but no device or IP hash, the card brand and last four but no token', () => {
    const sealed = { v: 1, subject: 'c-1', keyId: 'k-1', iv: 'aXY=', data: 'ZGF0YQ==', tag: 'dGFn' };
    const placed = customerData('OrderPlaced', {
      orderId: 'o-1',
      address: { recipientName: sealed, phone: sealed, addressLines: sealed, province: '浙江省', city: '杭州市', district: '西湖区' },
      client: { channel: 'app', deviceId: 'device-9', ipHash: 'ab'.repeat(16) },
    });
    expect(placed).toEqual({ orderId: 'o-1', address: { province: '浙江省', city: '杭州市', district: '西湖区' }, client: { channel: 'app' } });
    const started = customerData('PaymentAttemptStarted', { orderId: 'o-1', attemptId: 'a-1', method: 'card', card: { token: 'tok_live_1', brand: 'visa', last4: '4242' } });
    expect(started).toEqual({ orderId: 'o-1', attemptId: 'a-1', method: 'card', card: { brand: 'visa', last4: '4242' } });
    expect(customerData('ShipmentCreated', { shipmentId: 's-1', orderId: 'o-1', recipient: sealed, destination: { city: '杭州市' } })).toEqual({ shipmentId: 's-1', orderId: 'o-1', destination: { city: '杭州市' } });
  });
});
