import { fold } from '@shopstream/kernel';
import { deciderSpecification } from '@shopstream/kernel/testing';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import { attributePayout } from './attribution.js';
import type { CaseClaimEvent } from './claimEvents.js';
import type { CaseClaimCommand, ClaimLedger } from './claims.js';
import { caseClaims, heldPerLine } from './claims.js';
import { days, order, request } from './testing/fixtures.js';

const spec = deciderSpecification(caseClaims);
const now = days(2);
const at = now.toISOString();
const photo = 'https://img.example.com/1.jpg';

type ClaimCase = Extract<CaseClaimCommand, { type: 'ClaimCase' }>;

const claim = (caseId: string, overrides: Partial<ReturnType<typeof request>> = {}): ClaimCase => ({
  type: 'ClaimCase',
  request: request({ caseId, ...overrides }),
  carriedOver: [],
});

/** Runs commands in turn on one ledger, as the store serialises them, keeping the events of those accepted. */
const run = (commands: readonly CaseClaimCommand[]): { ledger: ClaimLedger; events: CaseClaimEvent[] } => {
  const events: CaseClaimEvent[] = [];
  for (const command of commands) {
    const decision = caseClaims.decide(command, fold(caseClaims, events), { now });
    if (E.isRight(decision)) events.push(...decision.right);
  }
  return { ledger: fold(caseClaims, events), events };
};

describe('an order’s claim ledger', () => {
  it('records a case’s units and money, and the request with the facts it decided on', () => {
    const decision = spec.given([]).when(claim('case-1'), { now }).decision();
    if (E.isLeft(decision)) throw new Error(JSON.stringify(decision.left));
    expect(decision.right).toEqual([
      {
        type: 'CaseClaimed',
        data: {
          orderId: 'o-1',
          caseId: 'case-1',
          kind: 'return',
          lines: [{ lineId: 'line-1', units: 1, money: money(9_400) }],
          request: request({ caseId: 'case-1' }),
          at,
        },
      },
    ]);
  });

  it('decides a second case on what the first holds, and refuses units no longer there', () => {
    const { events } = run([claim('case-1', { lines: [{ lineId: 'line-1', quantity: 2 }] })]);
    spec.given(events).when(claim('case-2'), { now }).then({ _tag: 'QuantityExceedsClaimable', lineId: 'line-1', requested: 1, claimable: 0 });
  });

  it('promises a complaint only the money the other cases do not hold', () => {
    const { events } = run([claim('case-1')]);
    const decision = spec.given(events).when(claim('case-2', { kind: 'complaint', reason: 'late_delivery', lines: [{ lineId: 'line-1', quantity: 2 }] }), { now }).decision();
    if (E.isLeft(decision)) throw new Error(JSON.stringify(decision.left));
    const [claimed] = decision.right;
    expect(claimed?.type === 'CaseClaimed' && claimed.data.lines).toEqual([{ lineId: 'line-1', units: 0, money: money(18_800 - 9_400) }]);
    expect(claimed?.type === 'CaseClaimed' && claimed.data.request.order.lines[0]).toMatchObject({ claimedQuantity: 1, refunded: money(9_400) });
  });

  it('records nothing for a case id it already holds, so a retried open completes the same case', () => {
    const { events } = run([claim('case-1')]);
    spec.given(events).when(claim('case-1', { lines: [{ lineId: 'line-2', quantity: 1 }] }), { now }).then([]);
  });

  it('gives a rejected or withdrawn case’s claim back, once', () => {
    const { events } = run([claim('case-1', { lines: [{ lineId: 'line-1', quantity: 2 }] })]);
    const release: CaseClaimCommand = { type: 'ReleaseCaseClaim', orderId: 'o-1', caseId: 'case-1', reason: 'cancelled' };
    spec.given(events).when(release, { now }).then([{ type: 'CaseClaimReleased', data: { orderId: 'o-1', caseId: 'case-1', reason: 'cancelled', at } }]);
    const { events: after } = run([claim('case-1', { lines: [{ lineId: 'line-1', quantity: 2 }] }), release]);
    spec.given(after).when(release, { now }).then([]);
    // The units are free again.
    expect(E.isRight(caseClaims.decide(claim('case-2', { lines: [{ lineId: 'line-1', quantity: 2 }] }), fold(caseClaims, after), { now }))).toBe(true);
  });

  it('keeps a settled case’s units and holds only what it paid, split over its lines by their ceilings', () => {
    const { events } = run([claim('case-1', { kind: 'complaint', reason: 'late_delivery', lines: [{ lineId: 'line-1', quantity: 2 }, { lineId: 'line-2', quantity: 1 }] })]);
    spec
      .given(events)
      .when({ type: 'SettleCaseClaim', orderId: 'o-1', caseId: 'case-1', paid: money(1_000) }, { now })
      .then([
        {
          type: 'CaseClaimSettled',
          data: { orderId: 'o-1', caseId: 'case-1', paid: money(1_000), lines: [{ lineId: 'line-1', units: 0, money: money(807) }, { lineId: 'line-2', units: 0, money: money(193) }], at },
        },
      ]);
  });

  it('carries over the cases opened before it, once, and decides on them', () => {
    const carriedOver = [{ caseId: 'old-1', kind: 'return' as const, standing: 'held' as const, lines: [{ lineId: 'line-1', units: 2, money: money(18_800) }] }];
    spec
      .given([])
      .when({ ...claim('case-2'), carriedOver }, { now })
      .then({ _tag: 'QuantityExceedsClaimable', lineId: 'line-1', requested: 1, claimable: 0 });
    const { events } = run([{ ...claim('case-2', { lines: [{ lineId: 'line-2', quantity: 1 }] }), carriedOver }]);
    expect(events.map((e) => e.type)).toEqual(['CaseClaimsCarriedOver', 'CaseClaimed']);
    // Once started, what a caller carries over is ignored: the ledger knows better.
    spec.given(events).when({ ...claim('case-3'), carriedOver: [] }, { now }).then({ _tag: 'QuantityExceedsClaimable', lineId: 'line-1', requested: 1, claimable: 0 });
  });

  const opening = fc.record({
    kind: fc.constantFrom('return' as const, 'exchange' as const, 'complaint' as const),
    line1: fc.integer({ min: 0, max: 3 }),
    line2: fc.integer({ min: 0, max: 1 }),
  });
  const step = fc.oneof(
    opening.map((o) => ({ do: 'open' as const, ...o })),
    fc.record({ do: fc.constantFrom('release' as const, 'settle' as const), which: fc.nat(20), paid: fc.integer({ min: 0, max: 30_000 }) }),
  );

  it('never claims more units than were delivered nor holds more money than was paid, per line, whatever happens (property)', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const commands: CaseClaimCommand[] = [];
        const opened: string[] = [];
        for (const [i, s] of steps.entries()) {
          if (s.do === 'open') {
            const lines = [
              ...(s.line1 > 0 ? [{ lineId: 'line-1', quantity: s.line1 }] : []),
              ...(s.line2 > 0 ? [{ lineId: 'line-2', quantity: s.line2 }] : []),
            ];
            const reason = s.kind === 'complaint' ? 'late_delivery' : 'wrong_item';
            commands.push(claim(`case-${i}`, { kind: s.kind, reason, evidence: [photo], lines }));
            opened.push(`case-${i}`);
          } else {
            const caseId = opened[s.which % Math.max(1, opened.length)] ?? 'none';
            commands.push(s.do === 'release' ? { type: 'ReleaseCaseClaim', orderId: 'o-1', caseId, reason: 'rejected' } : { type: 'SettleCaseClaim', orderId: 'o-1', caseId, paid: money(s.paid) });
          }
        }
        const { ledger } = run(commands);
        const held = heldPerLine(Object.values(ledger.claims));
        for (const line of order.lines) {
          expect(held.get(line.lineId)?.units ?? 0).toBeLessThanOrEqual(line.deliveredQuantity);
          expect(held.get(line.lineId)?.money.amount ?? 0).toBeLessThanOrEqual(line.paid.amount);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('attributePayout', () => {
  it('splits a payout over lines in proportion to their ceilings, the leftover fen to the largest remainders', () => {
    expect(attributePayout(money(100), [{ refundable: money(100) }, { refundable: money(100) }, { refundable: money(100) }])).toEqual([money(34), money(33), money(33)]);
    expect(attributePayout(money(10), [{ refundable: money(1) }, { refundable: money(3) }, { refundable: money(6) }])).toEqual([money(1), money(3), money(6)]);
    // A payout above the ceilings (which a case never decides) is capped at them.
    expect(attributePayout(money(50), [{ refundable: money(10) }, { refundable: money(20) }])).toEqual([money(10), money(20)]);
    expect(attributePayout(money(0), [{ refundable: money(0) }])).toEqual([money(0)]);
  });

  it('gives parts that add up to the payout, none above its line’s ceiling, none negative (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 8 }), fc.double({ min: 0, max: 1, noNaN: true }), (ceilings, fraction) => {
        const total = ceilings.reduce((a, b) => a + b, 0);
        const payout = Math.floor(total * fraction);
        const parts = attributePayout(money(payout), ceilings.map((c) => ({ refundable: money(c) })));
        expect(parts.reduce((sum, p) => sum + p.amount, 0)).toBe(payout);
        parts.forEach((p, i) => {
          expect(p.amount).toBeGreaterThanOrEqual(0);
          expect(p.amount).toBeLessThanOrEqual(ceilings[i] ?? 0);
        });
      }),
      { numRuns: 500 },
    );
  });
});
