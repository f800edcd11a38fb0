import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { z } from 'zod';
import { Money } from '../shared/money.js';
import { HeldLine, RequestAfterSales } from './facts.js';
import { CaseKind } from './policy.js';

export { HeldLine };

// The events of an order's claim ledger (`caseclaims-<orderId>`): what each of its cases holds of the order.

const Instant = z.iso.datetime();
const caseId = z.string().min(1);
const orderId = z.string().min(1);

export const ClaimStanding = z.enum(['held', 'settled', 'released']);
export type ClaimStanding = z.infer<typeof ClaimStanding>;

/** A version-1 `CaseClaimed` as far as its upcaster needs to read it: the lines of the request's order facts. */
const V1Lines = z.looseObject({
  request: z.looseObject({
    order: z.looseObject({
      lines: z.array(z.looseObject({ lineId: z.string(), claimedQuantity: z.number(), paid: Money, refunded: Money })),
    }),
  }),
});

/**
 * Version 1 wrote what the other claims held into the request's order facts: each line's `claimedQuantity`, and
 * its `refunded` raised to the money they held. Version 2 leaves the order's facts as the caller read them and
 * says what the ledger knew in `request.ledger`. The lift keeps the v1 decision exactly: the units move to
 * `ledger.held`, the money stays folded in `refunded` (held money 0), and `unclaimed` is what the lines had left
 * between them, which bounds nothing (v1 bounded money per line only).
 */
const caseClaimedV1toV2 = (data: unknown): unknown => {
  const v1 = V1Lines.safeParse(data);
  if (!v1.success) return data;
  const { request } = v1.data;
  const lines = request.order.lines;
  const currency = lines[0]?.paid.currency ?? 'CNY';
  const held = lines.map((l) => ({ lineId: l.lineId, units: l.claimedQuantity, money: { amount: 0, currency: l.paid.currency } }));
  const unclaimed = { amount: lines.reduce((sum, l) => sum + Math.max(0, l.paid.amount - l.refunded.amount), 0), currency };
  return {
    ...v1.data,
    request: { ...request, order: { ...request.order, lines: lines.map(({ claimedQuantity: _claimed, ...line }) => line) }, ledger: { held, unclaimed } },
  };
};

/**
 * A case took its share of the order. `request` is the case's opening command as the caller gave it, with what
 * the ledger decided it on (`request.ledger`: what the other claims held, and the order's money no claim held):
 * the case is opened with exactly it, so the case and its claim agree line for line.
 */
export const CaseClaimed = defineEvent(
  'CaseClaimed',
  z.strictObject({ orderId, caseId, kind: CaseKind, lines: z.array(HeldLine), request: RequestAfterSales, at: Instant }),
  { version: 2, upcasters: { 1: caseClaimedV1toV2 } },
);

/**
 * The cases of the order opened before it had a ledger, as their own streams showed them when the ledger
 * started: the one-time catch-up of an older history.
 */
export const CaseClaimsCarriedOver = defineEvent(
  'CaseClaimsCarriedOver',
  z.strictObject({
    orderId,
    cases: z.array(z.strictObject({ caseId, kind: CaseKind, standing: ClaimStanding, lines: z.array(HeldLine) })),
    at: Instant,
  }),
);

/** The case gave its claim up: rejected, withdrawn, or never opened after all. */
export const CaseClaimReleased = defineEvent(
  'CaseClaimReleased',
  z.strictObject({ orderId, caseId, reason: z.enum(['rejected', 'cancelled', 'not_opened']), at: Instant }),
);

/** The case is settled: it keeps its units and now holds only what it paid out, attributed to its lines. */
export const CaseClaimSettled = defineEvent('CaseClaimSettled', z.strictObject({ orderId, caseId, paid: Money, lines: z.array(HeldLine), at: Instant }));

const refundId = z.string().min(1);

/**
 * Staff are refunding money of the order outside any case (a goodwill refund): it holds `amount` from now on,
 * decided against the money no other claim held, before the payment is asked for it.
 */
export const GoodwillRefundClaimed = defineEvent(
  'GoodwillRefundClaimed',
  z.strictObject({ orderId, refundId, amount: Money, reason: z.string().min(1), at: Instant }),
);

/** The payment gave the refund back to the customer: its money is paid out. */
export const GoodwillRefundSettled = defineEvent('GoodwillRefundSettled', z.strictObject({ orderId, refundId, amount: Money, at: Instant }));

/** The refund was not made: the payment refused it (`refused`) or the provider did (`failed`); it holds nothing. */
export const GoodwillRefundReleased = defineEvent(
  'GoodwillRefundReleased',
  z.strictObject({ orderId, refundId, reason: z.enum(['refused', 'failed']), at: Instant }),
);

export const caseClaimEvents = [
  CaseClaimed,
  CaseClaimsCarriedOver,
  CaseClaimReleased,
  CaseClaimSettled,
  GoodwillRefundClaimed,
  GoodwillRefundSettled,
  GoodwillRefundReleased,
] as const;

export type CaseClaimEvent = EventOf<(typeof caseClaimEvents)[number]>;
