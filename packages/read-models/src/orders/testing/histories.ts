import fc from 'fast-check';
import type { HistoryStep } from '../../testing/harness.js';
import type { ShopEvent } from './events.js';
import { allLines, at, cny, customer, fakeSealed, orderPlaced, shipmentLines, staff, step, system } from './events.js';

/**
 * Random histories for the rebuild-equals-incremental property of the account, order and tracking read
 * models: schema-valid events from small pools of ids, in any order (payments before their order, a case
 * decided before it was requested...), so the projectors must be deterministic whatever the log holds.
 */
const customers = fc.constantFrom('c-1', 'c-2');
const orders = fc.constantFrom('o-1', 'o-2', 'o-3');
const attempts = fc.constantFrom('a-1', 'a-2');
const shipments = fc.constantFrom('s-1', 's-2');
const cases = fc.constantFrom('k-1', 'k-2');
const addresses = fc.constantFrom('addr-1', 'addr-2');
const cards = fc.constantFrom('pm-1', 'pm-2');
const when = fc.integer({ min: 0, max: 60 * 24 * 20 }).map(at);
const actor = fc.constantFrom(null, customer('c-1'), staff('staff-1'), system);
const text = fc.constantFrom('late', 'fraud suspected', 'changed mind', '包裹破损');
const decidedBy = fc.oneof(
  fc.constant({ kind: 'staff' as const, staffId: 'staff-1' }),
  fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }).map((score) => ({ kind: 'policy' as const, policyId: 'policy-1', ...(score === undefined ? {} : { score }) })),
);

const userEvents = (userId: string, t: string): fc.Arbitrary<ShopEvent> =>
  fc.oneof(
    fc.constant<ShopEvent>({
      type: 'UserRegistered',
      data: { userId, contact: { kind: 'email', hash: 'a'.repeat(64), value: fakeSealed(userId, 'email') }, passwordHash: 'scrypt$'.padEnd(20, 'x'), registeredAt: t },
    }),
    fc.constant<ShopEvent>({ type: 'ContactVerified', data: { kind: 'email', hash: 'a'.repeat(64), verifiedAt: t } }),
    fc.constant<ShopEvent>({ type: 'ProfileUpdated', data: { name: fakeSealed(userId, 'name'), nickname: null, birthday: null } }),
    addresses.map((addressId): ShopEvent => ({
      type: 'AddressAdded',
      data: {
        addressId,
        address: { recipientName: fakeSealed(userId), phone: fakeSealed(userId), lines: fakeSealed(userId), region: { country: 'CN', province: '浙江省', city: '杭州市', district: null }, postalCode: '310000' },
      },
    })),
    addresses.map((addressId): ShopEvent => ({ type: 'AddressRemoved', data: { addressId } })),
    addresses.map((addressId): ShopEvent => ({ type: 'DefaultAddressSet', data: { addressId } })),
    cards.map((paymentMethodId): ShopEvent => ({
      type: 'PaymentMethodSaved',
      data: { paymentMethodId, provider: 'card', providerToken: `tok_${paymentMethodId}`, brand: 'visa', last4: '4242', expires: { month: 12, year: 2030 } },
    })),
    cards.map((paymentMethodId): ShopEvent => ({ type: 'PaymentMethodRemoved', data: { paymentMethodId } })),
    fc.constant<ShopEvent>({ type: 'PreferencesChanged', data: { language: 'zh-CN', currency: 'CNY' } }),
    fc.constantFrom('marketing' as const, 'personalisation' as const).map((purpose): ShopEvent => ({ type: 'ConsentGiven', data: { purpose, at: t } })),
    fc.constant<ShopEvent>({ type: 'PasswordChanged', data: { passwordHash: 'scrypt$'.padEnd(24, 'y'), at: t } }),
    fc.constant<ShopEvent>({ type: 'LoginLockedOut', data: { at: t, until: t, lockout: 1 } }),
    fc.constant<ShopEvent>({ type: 'AccountClosed', data: { at: t, reason: 'customer-request' } }),
    fc.constant<ShopEvent>({ type: 'PersonalDataErased', data: { at: t } }),
  );

const orderEvents = (orderId: string, t: string): fc.Arbitrary<ShopEvent> =>
  fc.oneof(
    customers.map((c) => orderPlaced(orderId, c, t)),
    attempts.map((paymentId): ShopEvent => ({ type: 'OrderPaid', data: { orderId, paymentId, amount: cny(5498), paidAt: t } })),
    fc.tuple(text, decidedBy).map(([reason, by]): ShopEvent => ({ type: 'OrderPutOnRiskHold', data: { orderId, reason, decidedBy: by, heldAt: t } })),
    decidedBy.map((by): ShopEvent => ({ type: 'OrderRiskHoldReleased', data: { orderId, decidedBy: by, releasedAt: t } })),
    fc.tuple(text, decidedBy).map(([reason, by]): ShopEvent => ({ type: 'OrderRejectedForRisk', data: { orderId, reason, decidedBy: by, refundDue: cny(5498), rejectedAt: t } })),
    fc.constantFrom('customer_request' as const, 'payment_timeout' as const).map((reason): ShopEvent => ({
      type: 'OrderCancelled',
      data: { orderId, reason, cancelledBy: { kind: 'system' }, refundDue: cny(0), cancelledAt: t },
    })),
    fc.tuple(shipments, fc.boolean()).map(([shipmentId, all]): ShopEvent => ({
      type: 'OrderLinesShipped',
      data: { orderId, shipmentId, lines: all ? allLines : [{ lineId: 'line-1', quantity: 1 }], allShipped: all, shippedAt: t },
    })),
    fc.tuple(shipments, fc.boolean()).map(([shipmentId, all]): ShopEvent => ({
      type: 'OrderLinesDelivered',
      data: { orderId, shipmentId, lines: all ? allLines : [{ lineId: 'line-2', quantity: 1 }], allDelivered: all, deliveredAt: t },
    })),
    fc.constant<ShopEvent>({ type: 'OrderReceiptConfirmed', data: { orderId, confirmedBy: { kind: 'automatic' }, confirmedAt: t } }),
    fc.option(fc.constant('line-1'), { nil: undefined }).map((lineId): ShopEvent => ({
      type: 'OrderRefundRecorded',
      data: { orderId, refundId: 'r-1', amount: cny(500), reason: 'return', ...(lineId === undefined ? {} : { lineId }), recordedAt: t },
    })),
  );

const paymentEvents = (orderId: string, attemptId: string, t: string): fc.Arbitrary<ShopEvent> =>
  fc.oneof(
    fc.boolean().map((card): ShopEvent => ({
      type: 'PaymentAttemptStarted',
      data: {
        orderId,
        attemptId,
        method: card ? 'card' : 'wechat_pay',
        amount: cny(5498),
        ...(card ? { card: { token: 'tok_visa_abc', brand: 'visa' as const, last4: '4242' } } : {}),
        startedAt: t,
        expiresAt: t,
      },
    })),
    fc.constant<ShopEvent>({ type: 'PaymentCaptured', data: { orderId, attemptId, providerReference: 'p-1', amount: cny(5498), source: { kind: 'response' }, capturedAt: t } }),
    fc.constant<ShopEvent>({
      type: 'PaymentDeclined',
      data: { orderId, attemptId, providerReference: 'p-1', code: 'insufficient_funds', source: { kind: 'response' }, declinedAt: t },
    }),
    fc.constant<ShopEvent>({ type: 'PaymentAttemptTimedOut', data: { orderId, attemptId, timedOutAt: t } }),
    fc.constant<ShopEvent>({ type: 'PaymentRefundRequested', data: { orderId, refundId: 'r-1', attemptId, amount: cny(500), reason: 'return', requestedAt: t } }),
    fc.constant<ShopEvent>({
      type: 'PaymentRefunded',
      data: { orderId, refundId: 'r-1', attemptId, amount: cny(500), providerRefundReference: 'pr-1', source: { kind: 'query' }, refundedAt: t },
    }),
  );

const shippingEvents = (shipmentId: string, orderId: string, t: string): fc.Arbitrary<ShopEvent> =>
  fc.oneof(
    fc.constant<ShopEvent>({
      type: 'ShipmentCreated',
      data: { shipmentId, orderId, carrier: 'sandbox', lines: shipmentLines, origin: { city: '杭州' }, destination: { city: '北京' }, recipient: fakeSealed('c-1'), createdAt: t },
    }),
    fc.constant<ShopEvent>({ type: 'WaybillAssigned', data: { shipmentId, orderId, carrier: 'sandbox', waybillNumber: `WB-${shipmentId}`, estimatedDeliveryAt: t } }),
    fc
      .tuple(fc.constantFrom('picked_up' as const, 'in_transit' as const, 'delivered' as const, 'exception' as const), fc.constantFrom('e-1', 'e-2', 'e-3'))
      .map(([code, carrierEventId]): ShopEvent => ({
        type: 'TrackingCheckpointRecorded',
        data: {
          shipmentId,
          waybillNumber: `WB-${shipmentId}`,
          checkpoint: { carrierEventId, code, occurredAt: t, location: { city: '上海' }, description: code, ...(code === 'exception' ? { exception: 'damaged' as const } : {}) },
          receivedAt: t,
        },
      })),
    fc.constantFrom('picked_up' as const, 'in_transit' as const, 'out_for_delivery' as const).map((to): ShopEvent => ({
      type: 'ShipmentStatusAdvanced',
      data: { shipmentId, orderId, from: 'created', to, at: t, carrierEventId: 'e-1' },
    })),
    fc.constant<ShopEvent>({ type: 'ShipmentDelivered', data: { shipmentId, orderId, lines: shipmentLines, deliveredAt: t, carrierEventId: 'e-9' } }),
    fc.constant<ShopEvent>({ type: 'DeliveryExceptionRaised', data: { shipmentId, orderId, kind: 'damaged', at: t, carrierEventId: 'e-3', description: 'box crushed' } }),
    fc.constant<ShopEvent>({ type: 'DeliveryExceptionResolved', data: { shipmentId, orderId, kind: 'damaged', resolution: 'carrier_resolved', at: t } }),
    fc.constant<ShopEvent>({ type: 'EstimatedDeliveryRevised', data: { shipmentId, estimatedDeliveryAt: t, asOf: t, carrierEventId: 'e-2' } }),
    fc.constant<ShopEvent>({ type: 'ShipmentCancelled', data: { shipmentId, orderId, lines: shipmentLines, reason: 'order cancelled', at: t } }),
  );

const caseEvents = (caseId: string, orderId: string, t: string): fc.Arbitrary<ShopEvent> =>
  fc.oneof(
    fc.tuple(customers, fc.constantFrom('return' as const, 'complaint' as const)).map(([customerId, kind]): ShopEvent => ({
      type: 'AfterSalesRequested',
      data: {
        caseId,
        orderId,
        customerId,
        kind,
        reason: kind === 'return' ? 'no_reason' : 'late_delivery',
        description: 'not what I hoped',
        evidence: [],
        lines: kind === 'return' ? [{ lineId: 'line-2', sku: 'SKU-CUP', quantity: 1, refundable: cny(500) }] : [],
        refundable: cny(kind === 'return' ? 500 : 0),
        windowStart: t,
        windowDays: 7,
        requestedAt: t,
      },
    })),
    fc.constant<ShopEvent>({ type: 'CaseApproved', data: { caseId, orderId, kind: 'return', approvedBy: 'staff-1', note: 'ok', at: t } }),
    fc.constant<ShopEvent>({ type: 'CaseRejected', data: { caseId, orderId, rejectedBy: 'staff-1', reason: 'outside window', stage: 'request', at: t } }),
    fc.constant<ShopEvent>({ type: 'ReturnParcelDispatched', data: { caseId, carrier: 'sandbox', waybillNumber: 'RW-1', at: t } }),
    fc.constant<ShopEvent>({ type: 'ItemReceived', data: { caseId, receivedBy: 'staff-1', condition: 'as_described', note: '', at: t } }),
    fc.constant<ShopEvent>({ type: 'RefundIssued', data: { caseId, orderId, customerId: 'c-1', refundId: 'r-2', amount: cny(500), lines: [{ lineId: 'line-2', quantity: 1 }], at: t } }),
    fc.constant<ShopEvent>({ type: 'CaseClosed', data: { caseId, orderId, at: t } }),
  );

const riskEvents = (orderId: string, t: string): fc.Arbitrary<ShopEvent> =>
  fc.tuple(customers, fc.integer({ min: 0, max: 100 }), fc.constantFrom('approve' as const, 'hold' as const, 'reject' as const)).map(([customerId, score, decision]): ShopEvent => ({
    type: 'RiskAssessed',
    data: {
      orderId,
      customerId,
      score,
      reasons: score === 0 ? [] : [{ code: 'velocity', points: score, detail: 'many orders' }],
      signals: { orders24h: 3 },
      policyId: 'risk-v1',
      decision,
      assessedAt: t,
    },
  }));

const anyStep: fc.Arbitrary<HistoryStep> = fc
  .record({ t: when, who: actor, user: customers, order: orders, attempt: attempts, shipment: shipments, kase: cases, pick: fc.integer({ min: 0, max: 10 }) })
  .chain(({ t, who, user, order, attempt, shipment, kase, pick }) => {
    // Orders and their payments are the bulk of a shop's log; parcels, cases, assessments and accounts come less often.
    if (pick <= 2) return orderEvents(order, t).map((e) => step(`order-${order}`, [e], t, who));
    if (pick <= 4) return paymentEvents(order, attempt, t).map((e) => step(`payment-${order}`, [e], t, who));
    if (pick <= 6) return shippingEvents(shipment, order, t).map((e) => step(`shipment-${shipment}`, [e], t, who));
    if (pick <= 7) return caseEvents(kase, order, t).map((e) => step(`aftersales-${kase}`, [e], t, who));
    if (pick <= 8) return riskEvents(order, t).map((e) => step(`risk-${order}`, [e], t, who));
    return userEvents(user, t).map((e) => step(`user-${user}`, [e], t, who));
  });

export const shopHistory: fc.Arbitrary<readonly HistoryStep[]> = fc.array(anyStep, { minLength: 1, maxLength: 40 });
