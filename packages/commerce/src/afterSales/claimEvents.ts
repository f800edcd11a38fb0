import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { z } from 'zod';
import { Money } from '../shared/money.js';
import { RequestAfterSales } from './facts.js';
import { CaseKind } from './policy.js';

// The events of an order's claim ledger (`caseclaims-<orderId>`): what each of its cases holds of the order.

const Instant = z.iso.datetime();
const caseId = z.string().min(1);
const orderId = z.string().min(1);

/** What a case holds of one order line: units it takes back (none for a complaint) and money it may pay or has paid. */
export const HeldLine = z.strictObject({ lineId: z.string().min(1), units: z.number().int().nonnegative(), money: Money });
export type HeldLine = z.infer<typeof HeldLine>;

export const ClaimStanding = z.enum(['held', 'settled', 'released']);
export type ClaimStanding = z.infer<typeof ClaimStanding>;

/**
 * A case took its share of the order. `request` is the case's opening command with the facts the ledger
 * decided on (claimed units and money held by the other cases at that moment): the case is opened with exactly
 * it, so the case and its claim agree line for line.
 */
export const CaseClaimed = defineEvent(
  'CaseClaimed',
  z.strictObject({ orderId, caseId, kind: CaseKind, lines: z.array(HeldLine), request: RequestAfterSales, at: Instant }),
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

export const caseClaimEvents = [CaseClaimed, CaseClaimsCarriedOver, CaseClaimReleased, CaseClaimSettled] as const;

export type CaseClaimEvent = EventOf<(typeof caseClaimEvents)[number]>;
