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

export interface ClaimLedger {
  /** False until the ledger's first event: cases opened before it must be carried over. */
  readonly started: boolean;
  readonly claims: Readonly<Record<string, CaseClaim>>;
}

/** A case opened before the order had a ledger, as its own stream shows it now. */
export const CarriedCase = z.strictObject({ caseId: z.string().min(1), kind: CaseKind, standing: ClaimStanding, lines: z.array(HeldLine) });
export type CarriedCase = z.infer<typeof CarriedCase>;

export const ClaimCase = z.strictObject({
  type: z.literal('ClaimCase'),
  /** The case's opening command; its lines' claimed units and refunded money are replaced by what the ledger knows. */
  request: RequestAfterSales,
  /** Read by the caller only while the ledger has not started; ignored once it has. */
  carriedOver: z.array(CarriedCase),
});
export const ReleaseCaseClaim = z.strictObject({
  type: z.literal('ReleaseCaseClaim'),
  orderId: z.string().min(1),
  caseId: z.string().min(1),
  reason: z.enum(['rejected', 'cancelled', 'not_opened']),
});
export const SettleCaseClaim = z.strictObject({ type: z.literal('SettleCaseClaim'), orderId: z.string().min(1), caseId: z.string().min(1), paid: Money });
export const CaseClaimCommand = z.discriminatedUnion('type', [ClaimCase, ReleaseCaseClaim, SettleCaseClaim]);
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

const initialState = (): ClaimLedger => ({ started: false, claims: {} });

const evolve = (state: ClaimLedger, event: CaseClaimEvent): ClaimLedger =>
  match(event)
    .with({ type: 'CaseClaimed' }, ({ data }): ClaimLedger =>
      state.claims[data.caseId] !== undefined
        ? { ...state, started: true }
        : { started: true, claims: { ...state.claims, [data.caseId]: { caseId: data.caseId, kind: data.kind, standing: 'held', lines: data.lines, request: data.request } } },
    )
    .with({ type: 'CaseClaimsCarriedOver' }, ({ data }): ClaimLedger => {
      const claims = { ...state.claims };
      for (const c of data.cases) claims[c.caseId] ??= { ...c, request: null };
      return { started: true, claims };
    })
    .with({ type: 'CaseClaimReleased' }, ({ data }): ClaimLedger => {
      const claim = state.claims[data.caseId];
      return claim === undefined ? state : { ...state, claims: { ...state.claims, [data.caseId]: { ...claim, standing: 'released' } } };
    })
    .with({ type: 'CaseClaimSettled' }, ({ data }): ClaimLedger => {
      const claim = state.claims[data.caseId];
      return claim === undefined ? state : { ...state, claims: { ...state.claims, [data.caseId]: { ...claim, standing: 'settled', lines: data.lines } } };
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
        const held = heldPerLine([...Object.values(state.claims), ...carried]);
        const decided: RequestAfterSales = {
          ...request,
          order: {
            ...request.order,
            lines: request.order.lines.map((l) => {
              const h = held.get(l.lineId);
              const holds = h !== undefined && h.money.currency === l.refunded.currency ? h.money.amount : 0;
              // The ledger shows a case's payout once it is refunded, and the claim held it before: count it once.
              return { ...l, claimedQuantity: h?.units ?? 0, refunded: money(Math.max(l.refunded.amount, holds), l.refunded.currency) };
            }),
          },
        };
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
