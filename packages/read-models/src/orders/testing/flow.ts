import type { HistoryStep } from '../../testing/harness.js';
import { allLines, at, cny, customer, fakeSealed, orderPlaced, shipmentLines, staff, step, system } from './events.js';

/**
 * A realistic life of order o-1 (customer c-1): placed, paid by card, held by the risk policy and released by
 * staff, shipped, delivered, one cup returned and refunded. Order o-2 (customer c-2) is rejected for risk.
 */
export const orderLife: readonly HistoryStep[] = [
  step('order-o-1', [orderPlaced('o-1', 'c-1', at(0))], at(0), customer('c-1')),
  step(
    'payment-o-1',
    [
      {
        type: 'PaymentAttemptStarted',
        data: { orderId: 'o-1', attemptId: 'a-1', method: 'card', amount: cny(5498), card: { token: 'tok_visa_secret', brand: 'visa', last4: '4242' }, startedAt: at(1), expiresAt: at(31) },
      },
      { type: 'PaymentCaptured', data: { orderId: 'o-1', attemptId: 'a-1', providerReference: 'p-1', amount: cny(5498), source: { kind: 'response' }, capturedAt: at(1) } },
    ],
    at(1),
    customer('c-1'),
  ),
  step('order-o-1', [{ type: 'OrderPaid', data: { orderId: 'o-1', paymentId: 'a-1', amount: cny(5498), paidAt: at(1) } }], at(1), system),
  step(
    'risk-o-1',
    [
      {
        type: 'RiskAssessed',
        data: {
          orderId: 'o-1',
          customerId: 'c-1',
          score: 82,
          reasons: [{ code: 'new_device', points: 82, detail: 'first order from this device' }],
          signals: { ordersFromDevice24h: 1 },
          policyId: 'risk-v1',
          decision: 'hold',
          assessedAt: at(2),
        },
      },
    ],
    at(2),
    system,
  ),
  step(
    'order-o-1',
    [{ type: 'OrderPutOnRiskHold', data: { orderId: 'o-1', reason: 'new device, large basket', decidedBy: { kind: 'policy', policyId: 'risk-v1', score: 82 }, heldAt: at(2) } }],
    at(2),
    system,
  ),
  step('order-o-1', [{ type: 'OrderRiskHoldReleased', data: { orderId: 'o-1', decidedBy: { kind: 'staff', staffId: 'staff-7' }, releasedAt: at(30) } }], at(30), staff('staff-7')),
  step(
    'shipment-s-1',
    [
      {
        type: 'ShipmentCreated',
        data: { shipmentId: 's-1', orderId: 'o-1', carrier: 'sandbox', lines: shipmentLines, origin: { city: '杭州' }, destination: { city: '北京' }, recipient: fakeSealed('c-1', 'recipient'), createdAt: at(60) },
      },
      { type: 'WaybillAssigned', data: { shipmentId: 's-1', orderId: 'o-1', carrier: 'sandbox', waybillNumber: 'SB0001', estimatedDeliveryAt: at(60 * 48) } },
    ],
    at(60),
    staff('staff-2'),
  ),
  step('order-o-1', [{ type: 'OrderLinesShipped', data: { orderId: 'o-1', shipmentId: 's-1', lines: allLines, allShipped: true, shippedAt: at(60) } }], at(60), system),
  step(
    'shipment-s-1',
    [{ type: 'ShipmentDelivered', data: { shipmentId: 's-1', orderId: 'o-1', lines: shipmentLines, deliveredAt: at(60 * 30), carrierEventId: 'ev-9' } }],
    at(60 * 30),
    { kind: 'integration', id: 'carrier-sandbox' },
  ),
  step(
    'order-o-1',
    [{ type: 'OrderLinesDelivered', data: { orderId: 'o-1', shipmentId: 's-1', lines: allLines, allDelivered: true, deliveredAt: at(60 * 30) } }],
    at(60 * 30),
    system,
  ),
  step(
    'aftersales-k-1',
    [
      {
        type: 'AfterSalesRequested',
        data: {
          caseId: 'k-1',
          orderId: 'o-1',
          customerId: 'c-1',
          kind: 'return',
          reason: 'no_reason',
          description: 'The cup is smaller than I thought',
          evidence: [],
          lines: [{ lineId: 'line-2', sku: 'SKU-CUP', quantity: 1, refundable: cny(500) }],
          refundable: cny(500),
          windowStart: at(60 * 30),
          windowDays: 7,
          requestedAt: at(60 * 40),
        },
      },
    ],
    at(60 * 40),
    customer('c-1'),
  ),
  step('aftersales-k-1', [{ type: 'CaseApproved', data: { caseId: 'k-1', orderId: 'o-1', kind: 'return', approvedBy: 'staff-3', note: 'send it back', at: at(60 * 41) } }], at(60 * 41), staff('staff-3')),
  step('aftersales-k-1', [{ type: 'ReturnParcelDispatched', data: { caseId: 'k-1', carrier: 'sandbox', waybillNumber: 'RW-1', at: at(60 * 42) } }], at(60 * 42), customer('c-1')),
  step('aftersales-k-1', [{ type: 'ItemReceived', data: { caseId: 'k-1', receivedBy: 'staff-3', condition: 'as_described', note: '', at: at(60 * 60) } }], at(60 * 60), staff('staff-3')),
  step(
    'aftersales-k-1',
    [{ type: 'RefundIssued', data: { caseId: 'k-1', orderId: 'o-1', customerId: 'c-1', refundId: 'r-1', amount: cny(500), lines: [{ lineId: 'line-2', quantity: 1 }], at: at(60 * 61) } }],
    at(60 * 61),
    staff('staff-3'),
  ),
  step(
    'order-o-1',
    [{ type: 'OrderRefundRecorded', data: { orderId: 'o-1', refundId: 'r-1', amount: cny(500), reason: 'return', lineId: 'line-2', recordedAt: at(60 * 61) } }],
    at(60 * 61),
    system,
  ),
  step(
    'payment-o-1',
    [
      { type: 'PaymentRefundRequested', data: { orderId: 'o-1', refundId: 'r-1', attemptId: 'a-1', amount: cny(500), reason: 'return', requestedAt: at(60 * 61) } },
      { type: 'PaymentRefunded', data: { orderId: 'o-1', refundId: 'r-1', attemptId: 'a-1', amount: cny(500), providerRefundReference: 'pr-1', source: { kind: 'notification', notificationId: 'n-1' }, refundedAt: at(60 * 62) } },
    ],
    at(60 * 62),
    system,
  ),
  step('order-o-2', [orderPlaced('o-2', 'c-2', at(5))], at(5), customer('c-2')),
  step('order-o-2', [{ type: 'OrderPaid', data: { orderId: 'o-2', paymentId: 'a-9', amount: cny(5498), paidAt: at(6) } }], at(6), system),
  step(
    'order-o-2',
    [{ type: 'OrderRejectedForRisk', data: { orderId: 'o-2', reason: 'stolen card pattern', decidedBy: { kind: 'policy', policyId: 'risk-v1', score: 97 }, refundDue: cny(5498), rejectedAt: at(7) } }],
    at(7),
    system,
  ),
];

