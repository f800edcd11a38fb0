import * as E from 'fp-ts/lib/Either.js';
import type { Sealed } from '@shopstream/commerce';
import type { AddressSnapshot, OrderClient } from '@shopstream/commerce/ordering';
import type { HistoryStep } from '../../testing/harness.js';

/**
 * Valid commerce events for the risk read model's tests, one history step each. Instants are explicit, so the
 * windows the rules count in are exact; order ids are UUIDs because coupon events require them.
 */
export const T0 = '2026-03-02T09:00:00.000Z';
const HOUR = 3_600_000;
export const hoursAfter = (hours: number, from = T0): string => new Date(Date.parse(from) + hours * HOUR).toISOString();
export const orderIdOf = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const sealed = (subject: string, label: string): Sealed => ({
  v: 1,
  subject,
  keyId: 'key-1',
  iv: 'AAAAAAAAAAAAAAAA',
  data: Buffer.from(label).toString('base64'),
  tag: 'AAAAAAAAAAAAAAAAAAAAAA==',
});

export interface Place {
  readonly province: string;
  readonly city: string;
  readonly district: string;
  /** The street lines, sealed: only their length survives into the address key. */
  readonly lines: string;
}
export const HANGZHOU: Place = { province: '浙江省', city: '杭州市', district: '西湖区', lines: '文三路 100 号 5 幢 301' };
export const CHENGDU: Place = { province: '四川省', city: '成都市', district: '武侯区', lines: '人民南路四段 9 号' };

export const addressAt = (customerId: string, place: Place): AddressSnapshot => ({
  recipientName: sealed(customerId, 'recipient'),
  phone: sealed(customerId, 'phone'),
  addressLines: sealed(customerId, place.lines),
  province: place.province,
  city: place.city,
  district: place.district,
});

export const registered = (userId: string, at: string): HistoryStep => ({
  stream: `user-${userId}`,
  events: [
    {
      type: 'UserRegistered',
      occurredAt: at,
      data: {
        userId,
        contact: { kind: 'email', hash: 'a'.repeat(64), value: sealed(userId, 'mail') },
        passwordHash: '$argon2id$fake-hash-for-tests',
        registeredAt: at,
      },
    },
  ],
});

export const cardSaved = (userId: string, providerToken: string, at: string): HistoryStep => ({
  stream: `user-${userId}`,
  events: [
    {
      type: 'PaymentMethodSaved',
      occurredAt: at,
      data: { paymentMethodId: `pm-${providerToken}`, provider: 'stripe', providerToken, brand: 'visa', last4: '4242', expires: null },
    },
  ],
});

export interface OrderSpec {
  readonly orderId: string;
  readonly customerId: string;
  readonly at: string;
  readonly total?: number;
  readonly place?: Place;
  readonly client?: OrderClient;
}

export const placed = ({ orderId, customerId, at, total = 10_000, place = HANGZHOU, client }: OrderSpec): HistoryStep => ({
  stream: `order-${orderId}`,
  events: [
    {
      type: 'OrderPlaced',
      occurredAt: at,
      data: {
        orderId,
        customerId,
        currency: 'CNY',
        lines: [
          {
            lineId: 'line-1',
            productId: 'product-1',
            sku: 'TEA-1',
            title: 'Longjing tea',
            unitPrice: cny(total),
            quantity: 1,
            subtotal: cny(total),
            lineDiscount: cny(0),
            orderDiscountShare: cny(0),
            net: cny(total),
          },
        ],
        discounts: [],
        shippingFee: cny(0),
        itemsSubtotal: cny(total),
        discountTotal: cny(0),
        total: cny(total),
        address: addressAt(customerId, place),
        placedAt: at,
        paymentDueAt: hoursAfter(0.5, at),
        autoConfirmReceiptAfterDays: 10,
        ...(client === undefined ? {} : { client }),
      },
    },
  ],
});

export const attemptStarted = (orderId: string, attemptId: string, at: string, cardToken?: string): HistoryStep => ({
  stream: `payment-${orderId}`,
  events: [
    {
      type: 'PaymentAttemptStarted',
      occurredAt: at,
      data: {
        orderId,
        attemptId,
        method: cardToken === undefined ? 'wechat_pay' : 'card',
        amount: cny(10_000),
        ...(cardToken === undefined ? {} : { card: { token: cardToken, brand: 'visa', last4: '4242' } }),
        startedAt: at,
        expiresAt: hoursAfter(0.5, at),
      },
    },
  ],
});

export const declined = (orderId: string, attemptId: string, at: string): HistoryStep => ({
  stream: `payment-${orderId}`,
  events: [
    {
      type: 'PaymentDeclined',
      occurredAt: at,
      data: { orderId, attemptId, providerReference: `ref-${attemptId}`, code: 'insufficient_funds', source: { kind: 'response' }, declinedAt: at },
    },
  ],
});

export const receiptConfirmed = (orderId: string, customerId: string, at: string): HistoryStep => ({
  stream: `order-${orderId}`,
  events: [{ type: 'OrderReceiptConfirmed', occurredAt: at, data: { orderId, confirmedBy: { kind: 'customer', customerId }, confirmedAt: at } }],
});

export const returnRequested = (caseId: string, orderId: string, customerId: string, at: string): HistoryStep => ({
  stream: `aftersales-${caseId}`,
  events: [
    {
      type: 'AfterSalesRequested',
      occurredAt: at,
      data: {
        caseId,
        orderId,
        customerId,
        kind: 'return',
        reason: 'no_reason',
        description: '',
        evidence: [],
        lines: [{ lineId: 'line-1', sku: 'TEA-1', quantity: 1, refundable: cny(10_000) }],
        refundable: cny(10_000),
        windowStart: at,
        windowDays: 7,
        requestedAt: at,
      },
    },
  ],
});

export const refundIssued = (caseId: string, orderId: string, customerId: string, at: string): HistoryStep => ({
  stream: `aftersales-${caseId}`,
  events: [
    {
      type: 'RefundIssued',
      occurredAt: at,
      data: { caseId, orderId, customerId, refundId: `refund-${caseId}`, amount: cny(10_000), lines: [{ lineId: 'line-1', quantity: 1 }], at },
    },
  ],
});

export const couponRedeemed = (code: string, orderId: string, userId: string, at: string): HistoryStep => ({
  stream: `coupon-${code}`,
  events: [{ type: 'CouponRedeemed', occurredAt: at, data: { code, orderId, userId, subtotal: cny(10_000), discount: cny(500) } }],
});

export const couponReleased = (code: string, orderId: string, userId: string, at: string): HistoryStep => ({
  stream: `coupon-${code}`,
  events: [{ type: 'CouponRedemptionReleased', occurredAt: at, data: { code, orderId, userId, reason: 'order cancelled' } }],
});

type Maker = { readonly kind: 'policy'; readonly policyId: string; readonly score?: number } | { readonly kind: 'staff'; readonly staffId: string };
const policyMaker: Maker = { kind: 'policy', policyId: 'default-v1' };

export const assessed = (orderId: string, customerId: string, at: string, decision: 'approve' | 'hold' | 'reject', points: readonly number[] = [45]): HistoryStep => ({
  stream: `risk-${orderId}`,
  events: [
    {
      type: 'RiskAssessed',
      occurredAt: at,
      data: {
        orderId,
        customerId,
        score: Math.min(100, points.reduce((a, b) => a + b, 0)),
        reasons: points.map((p, i) => ({ code: `rule_${i}`, points: p, detail: `rule ${i} fired` })),
        signals: { accountOrders: points.length },
        policyId: 'default-v1',
        decision,
        assessedAt: at,
      },
    },
  ],
});

export const held = (orderId: string, at: string, by: Maker = policyMaker): HistoryStep => ({
  stream: `order-${orderId}`,
  events: [{ type: 'OrderPutOnRiskHold', occurredAt: at, data: { orderId, reason: 'risk score 45: rule_0', decidedBy: by, heldAt: at } }],
});

export const released = (orderId: string, at: string, staffId = 'staff-1'): HistoryStep => ({
  stream: `order-${orderId}`,
  events: [{ type: 'OrderRiskHoldReleased', occurredAt: at, data: { orderId, note: 'called the customer', decidedBy: { kind: 'staff', staffId }, releasedAt: at } }],
});

export const rejected = (orderId: string, at: string, by: Maker = { kind: 'staff', staffId: 'staff-1' }): HistoryStep => ({
  stream: `order-${orderId}`,
  events: [{ type: 'OrderRejectedForRisk', occurredAt: at, data: { orderId, reason: 'stolen card', decidedBy: by, refundDue: cny(10_000), rejectedAt: at } }],
});

export const cancelled = (orderId: string, customerId: string, at: string): HistoryStep => ({
  stream: `order-${orderId}`,
  events: [
    {
      type: 'OrderCancelled',
      occurredAt: at,
      data: { orderId, reason: 'customer_request', cancelledBy: { kind: 'customer', customerId }, refundDue: cny(10_000), cancelledAt: at },
    },
  ],
});

/** The page of a review-queue answer that must be one. */
export const queued = <T>(answer: E.Either<{ readonly _tag: string }, T>): T => {
  if (E.isLeft(answer)) throw new Error(`expected a page, got ${answer.left._tag}`);
  return answer.right;
};
