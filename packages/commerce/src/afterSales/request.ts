import * as E from 'fp-ts/lib/Either.js';
import type { Money } from '../shared/money.js';
import { money, subtract } from '../shared/money.js';
import type { RequestAfterSales } from './commands.js';
import { attributePayout } from './attribution.js';
import type { AfterSalesError } from './errors.js';
import type { ClaimedLine } from './events.js';
import type { AfterSalesPolicy } from './policy.js';

const DAY = 86_400_000;

export interface CheckedRequest {
  readonly lines: ClaimedLine[];
  readonly refundable: Money;
  readonly windowStart: string;
  readonly windowDays: number;
}

const isHttpsUrl = (url: string): boolean => {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
};

/**
 * The most that can be refunded for `quantity` units of a line: their share of what was paid, never more than
 * what is still unrefunded, and exactly what is left when they are the last units (those other claims do not
 * hold), so that rounding down on each partial claim never strands a fen.
 */
export const refundableFor = (line: { quantity: number; paid: Money; refunded: Money }, quantity: number, claimedElsewhere = 0): Money => {
  const left = subtract(line.paid, line.refunded);
  const remaining = money(Math.max(0, left.amount), left.currency);
  if (quantity >= line.quantity - claimedElsewhere) return remaining;
  const share = Math.floor((line.paid.amount * quantity) / line.quantity);
  return money(Math.max(0, Math.min(share, remaining.amount)), remaining.currency);
};

/** Every check a new case must pass, against the order facts the command carries. */
export const checkRequest = (policy: AfterSalesPolicy, c: RequestAfterSales, now: Date): E.Either<AfterSalesError, CheckedRequest> => {
  const { order } = c;
  if (order.customerId !== c.customerId) return E.left({ _tag: 'NotOrderOwner', orderId: order.orderId, customerId: c.customerId });
  const windowDays = policy.windows[c.kind][c.reason];
  if (windowDays === undefined) return E.left({ _tag: 'ReasonNotAllowed', kind: c.kind, reason: c.reason });

  // A complaint may be about an order that never arrived; everything else starts at delivery.
  const windowStart = c.kind === 'complaint' ? (order.deliveredAt ?? order.placedAt) : order.deliveredAt;
  if (windowStart === null) return E.left({ _tag: 'NotDelivered', orderId: order.orderId });
  const deadline = Date.parse(windowStart) + windowDays * DAY;
  if (now.getTime() > deadline) {
    return E.left({ _tag: 'WindowClosed', kind: c.kind, reason: c.reason, windowStart, windowDays, deadline: new Date(deadline).toISOString() });
  }

  if (c.lines.length === 0 && c.kind !== 'complaint') return E.left({ _tag: 'NoLinesClaimed', kind: c.kind });
  if (policy.evidenceRequired.includes(c.reason) && c.evidence.length === 0) return E.left({ _tag: 'EvidenceRequired', reason: c.reason });
  if (c.evidence.length > policy.maxEvidence) return E.left({ _tag: 'TooMuchEvidence', given: c.evidence.length, max: policy.maxEvidence });
  const badUrl = c.evidence.find((url) => !isHttpsUrl(url));
  if (badUrl !== undefined) return E.left({ _tag: 'InvalidEvidenceUrl', url: badUrl });

  const currency = order.lines[0]?.paid.currency ?? 'CNY';
  if (c.ledger !== undefined && c.ledger.unclaimed.currency !== currency) return E.left({ _tag: 'CurrencyMismatch', expected: currency, received: c.ledger.unclaimed.currency });
  const held = new Map((c.ledger?.held ?? []).map((h) => [h.lineId, h]));
  const lines: ClaimedLine[] = [];
  const seen = new Set<string>();
  for (const claim of c.lines) {
    if (seen.has(claim.lineId)) return E.left({ _tag: 'DuplicateLine', lineId: claim.lineId });
    seen.add(claim.lineId);
    const facts = order.lines.find((l) => l.lineId === claim.lineId);
    if (!facts) return E.left({ _tag: 'UnknownLine', orderId: order.orderId, lineId: claim.lineId });
    if (!Number.isInteger(claim.quantity) || claim.quantity <= 0) return E.left({ _tag: 'InvalidQuantity', lineId: claim.lineId, quantity: claim.quantity });
    const others = held.get(claim.lineId);
    for (const m of [facts.paid, facts.refunded, ...(others === undefined ? [] : [others.money])]) {
      if (m.currency !== currency) return E.left({ _tag: 'CurrencyMismatch', expected: currency, received: m.currency });
    }
    const claimedElsewhere = others?.units ?? 0;
    // Goods come back only once: what was delivered less what other cases already claim. A complaint takes nothing back.
    const claimable = c.kind === 'complaint' ? facts.quantity : Math.max(0, Math.min(facts.deliveredQuantity, facts.quantity) - claimedElsewhere);
    if (claim.quantity > claimable) return E.left({ _tag: 'QuantityExceedsClaimable', lineId: claim.lineId, requested: claim.quantity, claimable });
    // The order's ledger shows a case's payout once it is refunded, and the claim held it before: count it once.
    const refunded = money(Math.max(facts.refunded.amount, others?.money.amount ?? 0), currency);
    lines.push({ lineId: claim.lineId, sku: facts.sku, quantity: claim.quantity, refundable: refundableFor({ ...facts, refunded }, claim.quantity, claimedElsewhere) });
  }
  const total = lines.reduce((sum, l) => sum + l.refundable.amount, 0);
  // Never more than the order's money no claim holds (a goodwill refund, or a refund of no line, took the rest):
  // the lines share what is left in proportion to their ceilings.
  const unclaimed = c.ledger === undefined ? total : Math.max(0, c.ledger.unclaimed.amount);
  const parts = total <= unclaimed ? null : attributePayout(money(unclaimed, currency), lines);
  const capped = parts === null ? lines : lines.map((l, i) => ({ ...l, refundable: parts[i] ?? money(0, currency) }));
  return E.right({ lines: capped, refundable: money(Math.min(total, unclaimed), currency), windowStart, windowDays });
};
