import { money } from '../../shared/money.js';
import type { OrderFacts, RequestAfterSales } from '../commands.js';
import type { OrderMoney } from '../claims.js';
import type { AfterSalesEvent } from '../events.js';

export const deliveredAt = '2026-01-01T00:00:00.000Z';
export const days = (n: number): Date => new Date(Date.parse(deliveredAt) + n * 86_400_000);

/** Two units of tea at 99.00 paid 188.00 after a discount, and one cup at 45.00. */
export const order: OrderFacts = {
  orderId: 'o-1',
  customerId: 'c-1',
  placedAt: '2025-12-29T08:00:00.000Z',
  deliveredAt,
  lines: [
    { lineId: 'line-1', sku: 'TEA', quantity: 2, deliveredQuantity: 2, paid: money(18_800), refunded: money(0) },
    { lineId: 'line-2', sku: 'CUP', quantity: 1, deliveredQuantity: 1, paid: money(4_500), refunded: money(0) },
  ],
};

/** The order's money: it kept the lines' 233.00 (no shipping fee), nothing refunded yet. */
export const orderMoneyFacts: OrderMoney = { kept: money(23_300), refunded: money(0), refundIds: [] };

export const request = (overrides: Partial<RequestAfterSales> = {}): RequestAfterSales => ({
  type: 'RequestAfterSales',
  caseId: 'case-1',
  customerId: 'c-1',
  kind: 'return',
  reason: 'no_reason',
  description: 'changed my mind',
  evidence: [],
  lines: [{ lineId: 'line-1', quantity: 1 }],
  order,
  ...overrides,
});

export const requested = (overrides: Partial<Extract<AfterSalesEvent, { type: 'AfterSalesRequested' }>['data']> = {}): AfterSalesEvent => ({
  type: 'AfterSalesRequested',
  data: {
    caseId: 'case-1',
    orderId: 'o-1',
    customerId: 'c-1',
    kind: 'return',
    reason: 'no_reason',
    description: 'changed my mind',
    evidence: [],
    lines: [{ lineId: 'line-1', sku: 'TEA', quantity: 1, refundable: money(9_400) }],
    refundable: money(9_400),
    windowStart: deliveredAt,
    windowDays: 7,
    requestedAt: days(2).toISOString(),
    ...overrides,
  },
});

const at = days(3).toISOString();
export const approved = (kind: 'return' | 'exchange' | 'repair' | 'complaint' = 'return'): AfterSalesEvent => ({
  type: 'CaseApproved',
  data: { caseId: 'case-1', orderId: 'o-1', kind, approvedBy: 'staff-1', note: '', at },
});
export const received: AfterSalesEvent = { type: 'ItemReceived', data: { caseId: 'case-1', receivedBy: 'staff-2', condition: 'as_described', note: '', at } };
export const refunded = (amount = 9_400): AfterSalesEvent => ({
  type: 'RefundIssued',
  data: { caseId: 'case-1', orderId: 'o-1', customerId: 'c-1', refundId: 'r-1', amount: money(amount), lines: [{ lineId: 'line-1', quantity: 1 }], at },
});
