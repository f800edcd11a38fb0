import type { Decider } from '@shopstream/kernel';
import { streamName } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import { z } from 'zod';
import { Money } from '../shared/money.js';
import { money } from '../shared/money.js';
import { attributePayout } from './attribution.js';
import type { AfterSalesCase } from './case.js';
import { ClaimStanding, HeldLine } from './claimEvents.js';
import type { CaseClaimEvent } from './claimEvents.js';
import type { AfterSalesError } from './errors.js';
import { RequestAfterSales } from './facts.js';
import type { LedgerView } from './facts.js';
import type { PlacedOrderState } from '../ordering/index.js';
import type { AfterSalesPolicy } from './policy.js';
import { CaseKind, defaultAfterSalesPolicy } from './policy.js';
import { checkRequest } from './request.js';

/**
 * An order's claim ledger: every case opened on the order takes its units and money here first, on one stream
 * with optimistic concurrency, so two cases opened at the same instant are decided one after the other and the
 * second sees what the first took. The case's own stream is opened afterwards with the facts the ledger decided on.
 */
export const caseClaimsStream = (orderId: string): string => streamName('caseclaims', orderId);

export interface CaseClaim {
  readonly caseId: string;
  readonly kind: CaseKind;
  readonly standing: ClaimStanding;
  readonly lines: readonly HeldLine[];
  /** The opening command as decided; null for a case carried over from before the ledger. */
  readonly request: RequestAfterSales | null;
}

/** A goodwill refund staff make outside any case: it holds its amount until the payment made it or gave up. */
export interface GoodwillRefund {
  readonly refundId: string;
  readonly amount: Money;
  readonly reason: string;
  readonly standing: ClaimStanding;
}

export interface ClaimLedger {
  /** False until the ledger's first event: cases opened before it must be carried over. */
  readonly started: boolean;
  readonly claims: Readonly<Record<string, CaseClaim>>;
  readonly refunds: Readonly<Record<string, GoodwillRefund>>;
}

/**
 * The order's money as the order records it, read by the caller at the claim: what the ledger may still promise
 * is bounded by it.
 */
export const OrderMoney = z.strictObject({
  /** What the order took and keeps: what was paid, none before it is paid or once it is cancelled. */
  kept: Money,
  /** Every refund the order has recorded (cases', goodwill, any other), ... */
  refunded: Money,
  /** ... and their ids: a goodwill refund the order has recorded is paid out, whatever the ledger has heard yet. */
  refundIds: z.array(z.string().min(1)),
});
export type OrderMoney = z.infer<typeof OrderMoney>;

/** The money facts of an order as it stands (none kept for one never placed). */
export const orderMoney = (order: PlacedOrderState): OrderMoney => {
  const keeps = order.payment !== null && order.status !== 'cancelled';
  return { kept: keeps ? order.ledger.paid : money(0, order.currency), refunded: order.ledger.refunded, refundIds: order.refunds.map((r) => r.refundId) };
};

/** A case opened before the order had a ledger, as its own stream shows it now. */
export const CarriedCase = z.strictObject({ caseId: z.string().min(1), kind: CaseKind, standing: ClaimStanding, lines: z.array(HeldLine) });
export type CarriedCase = z.infer<typeof CarriedCase>;

export const ClaimCase = z.strictObject({
  type: z.literal('ClaimCase'),
  /** The case's opening command; the ledger adds what it decides it on (`request.ledger`), replacing any given. */
  request: RequestAfterSales,
  /** The order's money when the case is claimed. */
  money: OrderMoney,
  /** Read by the caller only while the ledger has not started; ignored once it has. */
  carriedOver: z.array(CarriedCase),
});
/** A goodwill refund takes its money on the ledger before the payment is asked for it. */
export const ClaimGoodwillRefund = z.strictObject({
  type: z.literal('ClaimGoodwillRefund'),
  orderId: z.string().min(1),
  refundId: z.string().min(1),
  amount: Money,
  reason: z.string().min(1),
  money: OrderMoney,
  carriedOver: z.array(CarriedCase),
});
/** The payment refunded it: it is paid out. */
export const SettleGoodwillRefund = z.strictObject({ type: z.literal('SettleGoodwillRefund'), orderId: z.string().min(1), refundId: z.string().min(1) });
/** The payment refused it or the provider failed it: it holds nothing. */
export const ReleaseGoodwillRefund = z.strictObject({
  type: z.literal('ReleaseGoodwillRefund'),
  orderId: z.string().min(1),
  refundId: z.string().min(1),
  reason: z.enum(['refused', 'failed']),
});
export const ReleaseCaseClaim = z.strictObject({
  type: z.literal('ReleaseCaseClaim'),
  orderId: z.string().min(1),
  caseId: z.string().min(1),
  reason: z.enum(['rejected', 'cancelled', 'not_opened']),
});
export const SettleCaseClaim = z.strictObject({ type: z.literal('SettleCaseClaim'), orderId: z.string().min(1), caseId: z.string().min(1), paid: Money });
export const CaseClaimCommand = z.discriminatedUnion('type', [ClaimCase, ReleaseCaseClaim, SettleCaseClaim, ClaimGoodwillRefund, SettleGoodwillRefund, ReleaseGoodwillRefund]);
export type CaseClaimCommand = z.infer<typeof CaseClaimCommand>;

const SETTLED = new Set<AfterSalesCase['status']>(['refunded', 'replacement_shipped', 'repaired', 'complaint_resolved', 'closed']);

/** What a case holds of its order given its state: used to carry over cases opened before the ledger. */
export const claimOf = (c: AfterSalesCase): CarriedCase => {
  const standing: ClaimStanding = c.status === 'rejected' || c.status === 'cancelled' ? 'released' : SETTLED.has(c.status) ? 'settled' : 'held';
  const units = (quantity: number): number => (c.kind === 'complaint' ? 0 : quantity);
  if (standing !== 'settled') return { caseId: c.caseId, kind: c.kind, standing, lines: c.lines.map((l) => ({ lineId: l.lineId, units: units(l.quantity), money: l.refundable })) };
  const paid = attributePayout(c.refunded, c.lines);
  return { caseId: c.caseId, kind: c.kind, standing, lines: c.lines.map((l, i) => ({ lineId: l.lineId, units: units(l.quantity), money: paid[i] ?? money(0, c.refunded.currency) })) };
};

/** Units and money the ledger's claims (open and settled; released ones hold nothing) hold per line. */
export const heldPerLine = (claims: readonly Pick<CaseClaim, 'standing' | 'lines'>[]): Map<string, { units: number; money: Money }> => {
  const held = new Map<string, { units: number; money: Money }>();
  for (const claim of claims) {
    if (claim.standing === 'released') continue;
    for (const line of claim.lines) {
      const now = held.get(line.lineId);
      // One order has one currency; a line in another could only come from a forged event and adds nothing.
      if (now !== undefined && now.money.currency !== line.money.currency) continue;
      held.set(line.lineId, { units: (now?.units ?? 0) + line.units, money: money((now?.money.amount ?? 0) + line.money.amount, line.money.currency) });
    }
  }
  return held;
};

/**
 * The order's money no claim holds: what it kept, less what went back (the order's record or the ledger's, whichever
 * knows of more: each hears of a payout at its own time), less what open cases and goodwill refunds still hold.
 * Refunds the ledger never saw (made by code around it) count once the order records them.
 */
export const unclaimedMoney = (claims: readonly Pick<CaseClaim, 'standing' | 'lines'>[], refunds: readonly GoodwillRefund[], facts: OrderMoney): Money => {
  const currency = facts.kept.currency;
  let held = 0;
  let paidOut = 0;
  for (const claim of claims) {
    if (claim.standing === 'released') continue;
    const sum = claim.lines.reduce((total, l) => total + (l.money.currency === currency ? l.money.amount : 0), 0);
    if (claim.standing === 'held') held += sum;
    else paidOut += sum;
  }
  for (const refund of refunds) {
    if (refund.standing === 'released' || refund.amount.currency !== currency) continue;
    if (refund.standing === 'settled' || facts.refundIds.includes(refund.refundId)) paidOut += refund.amount.amount;
    else held += refund.amount.amount;
  }
  const refunded = facts.refunded.currency === currency ? facts.refunded.amount : 0;
  return money(Math.max(0, facts.kept.amount - Math.max(refunded, paidOut) - held), currency);
};

/** What the ledger decides a case on: what the other claims hold per line, and the order's money no claim holds. */
const viewFor = (claims: readonly Pick<CaseClaim, 'standing' | 'lines'>[], refunds: readonly GoodwillRefund[], facts: OrderMoney): LedgerView => ({
  held: [...heldPerLine(claims)].map(([lineId, h]) => ({ lineId, units: h.units, money: h.money })),
  unclaimed: unclaimedMoney(claims, refunds, facts),
});

const initialState = (): ClaimLedger => ({ started: false, claims: {}, refunds: {} });

const evolve = (state: ClaimLedger, event: CaseClaimEvent): ClaimLedger =>
  match(event)
    .with({ type: 'CaseClaimed' }, ({ data }): ClaimLedger =>
      state.claims[data.caseId] !== undefined
        ? { ...state, started: true }
        : { ...state, started: true, claims: { ...state.claims, [data.caseId]: { caseId: data.caseId, kind: data.kind, standing: 'held', lines: data.lines, request: data.request } } },
    )
    .with({ type: 'CaseClaimsCarriedOver' }, ({ data }): ClaimLedger => {
      const claims = { ...state.claims };
      for (const c of data.cases) claims[c.caseId] ??= { ...c, request: null };
      return { ...state, started: true, claims };
    })
    .with({ type: 'CaseClaimReleased' }, ({ data }): ClaimLedger => {
      const claim = state.claims[data.caseId];
      return claim === undefined ? state : { ...state, claims: { ...state.claims, [data.caseId]: { ...claim, standing: 'released' } } };
    })
    .with({ type: 'CaseClaimSettled' }, ({ data }): ClaimLedger => {
      const claim = state.claims[data.caseId];
      return claim === undefined ? state : { ...state, claims: { ...state.claims, [data.caseId]: { ...claim, standing: 'settled', lines: data.lines } } };
    })
    .with({ type: 'GoodwillRefundClaimed' }, ({ data }): ClaimLedger =>
      state.refunds[data.refundId] !== undefined
        ? { ...state, started: true }
        : { ...state, started: true, refunds: { ...state.refunds, [data.refundId]: { refundId: data.refundId, amount: data.amount, reason: data.reason, standing: 'held' } } },
    )
    .with({ type: 'GoodwillRefundSettled' }, ({ data }): ClaimLedger => {
      const refund = state.refunds[data.refundId];
      return refund === undefined ? state : { ...state, refunds: { ...state.refunds, [data.refundId]: { ...refund, standing: 'settled' } } };
    })
    .with({ type: 'GoodwillRefundReleased' }, ({ data }): ClaimLedger => {
      const refund = state.refunds[data.refundId];
      return refund === undefined ? state : { ...state, refunds: { ...state.refunds, [data.refundId]: { ...refund, standing: 'released' } } };
    })
    .exhaustive();

type Decision = E.Either<AfterSalesError, readonly CaseClaimEvent[]>;

const decideWith =
  (policy: AfterSalesPolicy) =>
  (command: CaseClaimCommand, state: ClaimLedger, { now }: { now: Date }): Decision => {
    const at = now.toISOString();
    return match(command)
      .with({ type: 'ClaimCase' }, (c): Decision => {
        const { request } = c;
        // Already claimed: a retried open, which completes the case from the claim recorded.
        if (state.claims[request.caseId] !== undefined) return E.right([]);
        const carried = state.started ? [] : c.carriedOver.filter((x) => x.caseId !== request.caseId);
        const decided: RequestAfterSales = { ...request, ledger: viewFor([...Object.values(state.claims), ...carried], Object.values(state.refunds), c.money) };
        const checked = checkRequest(policy, decided, now);
        if (E.isLeft(checked)) return checked;
        return E.right([
          ...(carried.length > 0 ? [{ type: 'CaseClaimsCarriedOver' as const, data: { orderId: request.order.orderId, cases: carried, at } }] : []),
          {
            type: 'CaseClaimed',
            data: {
              orderId: request.order.orderId,
              caseId: request.caseId,
              kind: request.kind,
              lines: checked.right.lines.map((l) => ({ lineId: l.lineId, units: request.kind === 'complaint' ? 0 : l.quantity, money: l.refundable })),
              request: decided,
              at,
            },
          },
        ]);
      })
      .with({ type: 'ReleaseCaseClaim' }, (c): Decision => {
        const claim = state.claims[c.caseId];
        return E.right(claim === undefined || claim.standing !== 'held' ? [] : [{ type: 'CaseClaimReleased', data: { orderId: c.orderId, caseId: c.caseId, reason: c.reason, at } }]);
      })
      .with({ type: 'ClaimGoodwillRefund' }, (c): Decision => {
        const known = state.refunds[c.refundId];
        if (known !== undefined) {
          if (known.standing === 'released') return E.left({ _tag: 'RefundAlreadyGivenUp', refundId: c.refundId });
          // The same refund asked again (a retry): it goes on to the payment with what was claimed.
          const same = known.amount.amount === c.amount.amount && known.amount.currency === c.amount.currency;
          return same ? E.right([]) : E.left({ _tag: 'RefundIdReused', refundId: c.refundId });
        }
        if (!Number.isSafeInteger(c.amount.amount) || c.amount.amount <= 0) return E.left({ _tag: 'InvalidRefundAmount', refundId: c.refundId, amount: c.amount });
        if (c.amount.currency !== c.money.kept.currency) return E.left({ _tag: 'CurrencyMismatch', expected: c.money.kept.currency, received: c.amount.currency });
        const carried = state.started ? [] : c.carriedOver;
        const available = unclaimedMoney([...Object.values(state.claims), ...carried], Object.values(state.refunds), c.money);
        if (c.amount.amount > available.amount) return E.left({ _tag: 'RefundExceedsUnclaimed', orderId: c.orderId, requested: c.amount, available });
        return E.right([
          ...(carried.length > 0 ? [{ type: 'CaseClaimsCarriedOver' as const, data: { orderId: c.orderId, cases: carried, at } }] : []),
          { type: 'GoodwillRefundClaimed', data: { orderId: c.orderId, refundId: c.refundId, amount: c.amount, reason: c.reason, at } },
        ]);
      })
      .with({ type: 'SettleGoodwillRefund' }, (c): Decision => {
        const refund = state.refunds[c.refundId];
        return E.right(refund?.standing !== 'held' ? [] : [{ type: 'GoodwillRefundSettled', data: { orderId: c.orderId, refundId: c.refundId, amount: refund.amount, at } }]);
      })
      .with({ type: 'ReleaseGoodwillRefund' }, (c): Decision => {
        const refund = state.refunds[c.refundId];
        return E.right(refund?.standing !== 'held' ? [] : [{ type: 'GoodwillRefundReleased', data: { orderId: c.orderId, refundId: c.refundId, reason: c.reason, at } }]);
      })
      .with({ type: 'SettleCaseClaim' }, (c): Decision => {
        const claim = state.claims[c.caseId];
        if (claim === undefined || claim.standing !== 'held') return E.right([]);
        const parts = attributePayout(c.paid, claim.lines.map((l) => ({ refundable: l.money })));
        const lines = claim.lines.map((l, i) => ({ ...l, money: parts[i] ?? money(0, l.money.currency) }));
        const paid = money(parts.reduce((total, p) => total + p.amount, 0), c.paid.currency);
        return E.right([{ type: 'CaseClaimSettled', data: { orderId: c.orderId, caseId: c.caseId, paid, lines, at } }]);
      })
      .exhaustive();
  };

/** An order's claim ledger under a given after-sales policy (the same one its cases are decided with). */
export const caseClaimsDecider = (policy: AfterSalesPolicy = defaultAfterSalesPolicy): Decider<ClaimLedger, CaseClaimCommand, CaseClaimEvent, AfterSalesError> => ({
  initialState,
  evolve,
  decide: decideWith(policy),
});

export const caseClaims = caseClaimsDecider();
