import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { z } from 'zod';
import { Money } from '../shared/money.js';
import { caseClaimEvents } from './claimEvents.js';
import { EvidenceUrl } from './facts.js';
import { CaseKind, ReasonCode } from './policy.js';

const Instant = z.iso.datetime();
const caseId = z.string().min(1);
const orderId = z.string().min(1);
const staff = z.string().min(1);

/** A line a case is about, and the most that can be refunded for the units claimed. */
export const ClaimedLine = z.strictObject({
  lineId: z.string().min(1),
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  refundable: Money,
});
export type ClaimedLine = z.infer<typeof ClaimedLine>;

export { EvidenceUrl };

export const AfterSalesRequested = defineEvent(
  'AfterSalesRequested',
  z.strictObject({
    caseId,
    orderId,
    customerId: z.string().min(1),
    kind: CaseKind,
    reason: ReasonCode,
    description: z.string().max(2000),
    evidence: z.array(EvidenceUrl),
    lines: z.array(ClaimedLine),
    /** The sum of the lines' refundable amounts: the ceiling for any refund or compensation on this case. */
    refundable: Money,
    /** When the window started: delivery, or for a complaint about an order that never arrived, the order. */
    windowStart: Instant,
    windowDays: z.number().int().positive(),
    requestedAt: Instant,
  }),
);

export const CaseApproved = defineEvent('CaseApproved', z.strictObject({ caseId, orderId, kind: CaseKind, approvedBy: staff, note: z.string().max(2000), at: Instant }));

export const CaseRejected = defineEvent(
  'CaseRejected',
  z.strictObject({ caseId, orderId, rejectedBy: staff, reason: z.string().min(1).max(2000), stage: z.enum(['request', 'inspection']), at: Instant }),
);

export const CaseCancelled = defineEvent('CaseCancelled', z.strictObject({ caseId, orderId, customerId: z.string().min(1), reason: z.string().max(2000), at: Instant }));

export const ReturnParcelDispatched = defineEvent(
  'ReturnParcelDispatched',
  z.strictObject({ caseId, carrier: z.string().min(1), waybillNumber: z.string().min(1), at: Instant }),
);

export const ItemCondition = z.enum(['as_described', 'damaged_further', 'not_matching_claim']);
export type ItemCondition = z.infer<typeof ItemCondition>;

export const ItemReceived = defineEvent('ItemReceived', z.strictObject({ caseId, receivedBy: staff, condition: ItemCondition, note: z.string().max(2000), at: Instant }));

/** Payment's refund process acts on this; the amount never exceeds what was paid for the claimed units. */
export const RefundIssued = defineEvent(
  'RefundIssued',
  z.strictObject({
    caseId,
    orderId,
    customerId: z.string().min(1),
    refundId: z.string().min(1),
    amount: Money,
    lines: z.array(z.strictObject({ lineId: z.string().min(1), quantity: z.number().int().positive() })),
    at: Instant,
  }),
);

export const ReplacementShipped = defineEvent(
  'ReplacementShipped',
  z.strictObject({ caseId, orderId, shipmentId: z.string().min(1), lines: z.array(z.strictObject({ lineId: z.string().min(1), sku: z.string().min(1), quantity: z.number().int().positive() })), at: Instant }),
);

export const RepairedItemReturned = defineEvent(
  'RepairedItemReturned',
  z.strictObject({ caseId, orderId, shipmentId: z.string().min(1), repairNote: z.string().min(1).max(2000), at: Instant }),
);

export const ComplaintResolved = defineEvent(
  'ComplaintResolved',
  z.strictObject({ caseId, orderId, resolution: z.string().min(1).max(2000), compensation: Money.nullable(), refundId: z.string().min(1).nullable(), at: Instant }),
);

/** Why a payout could not be given: no payment kept, none captured yet, or less left on it than the payout. */
export const PayoutRefusal = z.enum(['order_not_paid', 'payment_not_captured', 'exceeds_refundable']);
export type PayoutRefusal = z.infer<typeof PayoutRefusal>;

/**
 * The payment could not give a payout the case decided (the order was never paid, or was refunded in the
 * meantime): staff settle it by hand. Recorded once per refund id.
 */
export const CasePayoutRefused = defineEvent(
  'CasePayoutRefused',
  z.strictObject({
    caseId,
    orderId,
    refundId: z.string().min(1),
    amount: Money,
    reason: PayoutRefusal,
    /** What the paying attempt could still refund when the payout was refused. */
    refundable: Money,
    at: Instant,
  }),
);

export const CaseClosed = defineEvent('CaseClosed', z.strictObject({ caseId, orderId, at: Instant }));

/** The events of one case's stream. */
export const caseEvents = [
  AfterSalesRequested,
  CaseApproved,
  CaseRejected,
  CaseCancelled,
  ReturnParcelDispatched,
  ItemReceived,
  RefundIssued,
  ReplacementShipped,
  RepairedItemReturned,
  ComplaintResolved,
  CaseClosed,
  CasePayoutRefused,
] as const;

/** Every after-sales event the shop stores: the cases' and the orders' claim ledgers'. */
export const afterSalesEvents = [...caseEvents, ...caseClaimEvents] as const;

export type AfterSalesEvent = EventOf<(typeof caseEvents)[number]>;
export type AfterSalesEventType = AfterSalesEvent['type'];
