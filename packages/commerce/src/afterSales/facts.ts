import { z } from 'zod';
import type { PlacedOrderState } from '../ordering/index.js';
import { Money } from '../shared/money.js';
import { CaseKind, ReasonCode } from './policy.js';

// What a case is opened on: shared by the case's command and the order's claim ledger, which records it.

const caseId = z.string().min(1);

export const EvidenceUrl = z.url({ protocol: /^https$/ });

/**
 * What the order knows about one of its lines when a case is opened, read by the caller from the order (the
 * aggregate has no way to look it up itself; what the order's other cases hold is the claim ledger's to say).
 */
export const OrderLineFacts = z.strictObject({
  lineId: z.string().min(1),
  sku: z.string().min(1),
  /** Units bought. */
  quantity: z.number().int().positive(),
  deliveredQuantity: z.number().int().nonnegative(),
  /** What the customer paid for all units of the line, after discounts. */
  paid: Money,
  /** What has been refunded for the line already. */
  refunded: Money,
});
export type OrderLineFacts = z.infer<typeof OrderLineFacts>;

export const OrderFacts = z.strictObject({
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  placedAt: z.iso.datetime(),
  /** When the order's lines were delivered; null while nothing has arrived. */
  deliveredAt: z.iso.datetime().nullable(),
  lines: z.array(OrderLineFacts),
});
export type OrderFacts = z.infer<typeof OrderFacts>;

/**
 * The facts a case is opened on, from the order as it stands (its windows count from its latest delivery). Only
 * money the order took and still keeps can be promised: none before it is paid or once it is cancelled. What other
 * cases and refunds hold is the order's claim ledger's to say (`RequestAfterSales.ledger`).
 */
export const orderFacts = (order: PlacedOrderState): OrderFacts => {
  const keepsMoney = order.payment !== null && order.status !== 'cancelled';
  return {
    orderId: order.orderId,
    customerId: order.customerId,
    placedAt: order.placedAt,
    deliveredAt: order.lastDeliveredAt,
    lines: order.lines.map((l) => ({
      lineId: l.lineId,
      sku: l.sku,
      quantity: l.quantity,
      deliveredQuantity: l.quantityDelivered,
      paid: keepsMoney ? l.net : { amount: 0, currency: l.net.currency },
      refunded: l.refunded,
    })),
  };
};

/** What a case or refund holds of one order line: units it takes back (none for a complaint) and money it may pay or has paid. */
export const HeldLine = z.strictObject({ lineId: z.string().min(1), units: z.number().int().nonnegative(), money: Money });
export type HeldLine = z.infer<typeof HeldLine>;

/**
 * What the order's claim ledger decided a case on: what the order's other claims hold per line (units, and money
 * they may pay or have paid), and the order's money no claim holds at all (what it kept, less what went back and
 * what open cases and goodwill refunds hold). The ledger fills it in; a caller leaves it out.
 */
export const LedgerView = z.strictObject({ held: z.array(HeldLine), unclaimed: Money });
export type LedgerView = z.infer<typeof LedgerView>;

export const RequestAfterSales = z.strictObject({
  type: z.literal('RequestAfterSales'),
  caseId,
  customerId: z.string().min(1),
  kind: CaseKind,
  reason: ReasonCode,
  description: z.string().max(2000),
  evidence: z.array(EvidenceUrl).max(9),
  lines: z.array(z.strictObject({ lineId: z.string().min(1), quantity: z.number().int().positive() })),
  order: OrderFacts,
  /** Set by the order's claim ledger when it decides the case; absent, the case is decided on the order's facts alone. */
  ledger: LedgerView.optional(),
});

export type RequestAfterSales = z.infer<typeof RequestAfterSales>;
