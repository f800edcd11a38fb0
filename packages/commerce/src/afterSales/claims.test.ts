import { eventRegistry, fold, memoryEventStore, toEvent, verifyStreamIntegrity } from '@shopstream/kernel';
import { deciderSpecification } from '@shopstream/kernel/testing';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import { attributePayout } from './attribution.js';
import { CaseClaimed, caseClaimEvents } from './claimEvents.js';
import type { CaseClaimEvent } from './claimEvents.js';
import type { CaseClaimCommand, ClaimLedger, OrderMoney } from './claims.js';
import { caseClaims, heldPerLine, unclaimedMoney } from './claims.js';
import { afterSales } from './decider.js';
import { days, order, orderMoneyFacts, request } from './testing/fixtures.js';

const spec = deciderSpecification(caseClaims);
const now = days(2);
const at = now.toISOString();
const photo = 'https://img.example.com/1.jpg';

type ClaimCase = Extract<CaseClaimCommand, { type: 'ClaimCase' }>;

const claim = (caseId: string, overrides: Partial<ReturnType<typeof request>> = {}): ClaimCase => ({
  type: 'ClaimCase',
  request: request({ caseId, ...overrides }),
  money: orderMoneyFacts,
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
          request: { ...request({ caseId: 'case-1' }), ledger: { held: [], unclaimed: money(23_300) } },
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
    // The order's facts stay as the caller read them; what the ledger knew is beside them.
    expect(claimed?.type === 'CaseClaimed' && claimed.data.request.order).toEqual(order);
    expect(claimed?.type === 'CaseClaimed' && claimed.data.request.ledger).toEqual({ held: [{ lineId: 'line-1', units: 1, money: money(9_400) }], unclaimed: money(23_300 - 9_400) });
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

type ClaimRefund = Extract<CaseClaimCommand, { type: 'ClaimGoodwillRefund' }>;

const goodwill = (refundId: string, amount: number, facts: OrderMoney = orderMoneyFacts): ClaimRefund => ({
  type: 'ClaimGoodwillRefund',
  orderId: 'o-1',
  refundId,
  amount: money(amount),
  reason: 'sorry for the wait',
  money: facts,
  carriedOver: [],
});

describe('goodwill refunds on the order’s claim ledger', () => {
  it('takes money no case holds, and refuses more, naming what is free', () => {
    const { events } = run([claim('case-1', { lines: [{ lineId: 'line-1', quantity: 2 }] })]);
    // The return holds the tea's 188.00 of the 233.00 the order kept: 45.00 is free.
    spec.given(events).when(goodwill('r-1', 4_501), { now }).then({ _tag: 'RefundExceedsUnclaimed', orderId: 'o-1', requested: money(4_501), available: money(4_500) });
    spec
      .given(events)
      .when(goodwill('r-1', 4_500), { now })
      .then([{ type: 'GoodwillRefundClaimed', data: { orderId: 'o-1', refundId: 'r-1', amount: money(4_500), reason: 'sorry for the wait', at } }]);
  });

  it('leaves a case opened after it only what it did not take', () => {
    const { events } = run([goodwill('r-1', 20_000)]);
    const decision = caseClaims.decide(claim('case-1', { lines: [{ lineId: 'line-1', quantity: 2 }] }), fold(caseClaims, events), { now });
    if (E.isLeft(decision)) throw new Error(JSON.stringify(decision.left));
    const [claimed] = decision.right;
    expect(claimed?.type === 'CaseClaimed' && claimed.data.lines).toEqual([{ lineId: 'line-1', units: 2, money: money(3_300) }]);
  });

  it('answers a retry with the same amount with nothing new, and refuses the id with another amount or once given up', () => {
    const { events } = run([goodwill('r-1', 1_000)]);
    spec.given(events).when(goodwill('r-1', 1_000), { now }).then([]);
    spec.given(events).when(goodwill('r-1', 1_001), { now }).then({ _tag: 'RefundIdReused', refundId: 'r-1' });
    const { events: released } = run([goodwill('r-1', 1_000), { type: 'ReleaseGoodwillRefund', orderId: 'o-1', refundId: 'r-1', reason: 'refused' }]);
    spec.given(released).when(goodwill('r-1', 1_000), { now }).then({ _tag: 'RefundAlreadyGivenUp', refundId: 'r-1' });
  });

  it('refuses an amount that is not positive or not in the order’s currency', () => {
    spec.given([]).when(goodwill('r-1', 0), { now }).then({ _tag: 'InvalidRefundAmount', refundId: 'r-1', amount: money(0) });
    spec.given([]).when({ ...goodwill('r-1', 100), amount: money(100, 'USD') }, { now }).then({ _tag: 'CurrencyMismatch', expected: 'CNY', received: 'USD' });
  });

  it('settles or releases a held refund once, and frees a released one’s money', () => {
    const { events } = run([goodwill('r-1', 23_300)]);
    const settle: CaseClaimCommand = { type: 'SettleGoodwillRefund', orderId: 'o-1', refundId: 'r-1' };
    spec.given(events).when(settle, { now }).then([{ type: 'GoodwillRefundSettled', data: { orderId: 'o-1', refundId: 'r-1', amount: money(23_300), at } }]);
    const { events: released } = run([goodwill('r-1', 23_300), { type: 'ReleaseGoodwillRefund', orderId: 'o-1', refundId: 'r-1', reason: 'failed' }]);
    spec.given(released).when(settle, { now }).then([]);
    spec.given(released).when({ type: 'ReleaseGoodwillRefund', orderId: 'o-1', refundId: 'r-1', reason: 'failed' }, { now }).then([]);
    expect(E.isRight(caseClaims.decide(goodwill('r-2', 23_300), fold(caseClaims, released), { now }))).toBe(true);
  });

  it('counts a refund the order has recorded once, whether the ledger has heard it was made or not', () => {
    const { ledger } = run([goodwill('r-1', 3_000)]);
    const recorded: OrderMoney = { kept: money(23_300), refunded: money(3_000), refundIds: ['r-1'] };
    expect(unclaimedMoney([], Object.values(ledger.refunds), recorded)).toEqual(money(20_300));
    expect(unclaimedMoney([], Object.values(ledger.refunds), orderMoneyFacts)).toEqual(money(20_300));
    // A refund made around the ledger counts once the order records it.
    expect(unclaimedMoney([], Object.values(ledger.refunds), { kept: money(23_300), refunded: money(5_000), refundIds: ['r-1', 'other'] })).toEqual(money(18_300));
  });

  const anyStep = fc.oneof(
    fc
      .record({ kind: fc.constantFrom('return' as const, 'exchange' as const, 'complaint' as const), line1: fc.integer({ min: 0, max: 3 }), line2: fc.integer({ min: 0, max: 1 }) })
      .map((o) => ({ do: 'open' as const, ...o })),
    fc.record({ do: fc.constant('refund' as const), amount: fc.integer({ min: 1, max: 25_000 }) }),
    fc.record({ do: fc.constantFrom('release' as const, 'settle' as const), which: fc.nat(20), paid: fc.integer({ min: 0, max: 30_000 }) }),
    fc.record({ do: fc.constantFrom('release-refund' as const, 'settle-refund' as const), which: fc.nat(20) }),
  );

  it('never promises and pays out, over cases and goodwill refunds, more than the order kept, whatever happens (property)', () => {
    fc.assert(
      fc.property(fc.array(anyStep, { maxLength: 25 }), fc.boolean(), (steps, orderHears) => {
        let events: CaseClaimEvent[] = [];
        const opened: string[] = [];
        const refunds: string[] = [];
        for (const [i, s] of steps.entries()) {
          const ledger = fold(caseClaims, events);
          // What the order has recorded: every refund the ledger settled, or (lagging) none of them yet.
          const settled = Object.values(ledger.refunds).filter((r) => r.standing === 'settled');
          const facts: OrderMoney = orderHears
            ? { kept: money(23_300), refunded: money(settled.reduce((n, r) => n + r.amount.amount, 0)), refundIds: settled.map((r) => r.refundId) }
            : orderMoneyFacts;
          let command: CaseClaimCommand;
          if (s.do === 'open') {
            const lines = [...(s.line1 > 0 ? [{ lineId: 'line-1', quantity: Math.min(2, s.line1) }] : []), ...(s.line2 > 0 ? [{ lineId: 'line-2', quantity: s.line2 }] : [])];
            command = { ...claim(`case-${i}`, { kind: s.kind, reason: s.kind === 'complaint' ? 'late_delivery' : 'wrong_item', evidence: [photo], lines }), money: facts };
            opened.push(`case-${i}`);
          } else if (s.do === 'refund') {
            command = goodwill(`r-${i}`, s.amount, facts);
            refunds.push(`r-${i}`);
          } else if (s.do === 'release' || s.do === 'settle') {
            const caseId = opened[s.which % Math.max(1, opened.length)] ?? 'none';
            command = s.do === 'release' ? { type: 'ReleaseCaseClaim', orderId: 'o-1', caseId, reason: 'rejected' } : { type: 'SettleCaseClaim', orderId: 'o-1', caseId, paid: money(s.paid) };
          } else {
            const refundId = refunds[s.which % Math.max(1, refunds.length)] ?? 'none';
            command = s.do === 'settle-refund' ? { type: 'SettleGoodwillRefund', orderId: 'o-1', refundId } : { type: 'ReleaseGoodwillRefund', orderId: 'o-1', refundId, reason: 'failed' };
          }
          const decision = caseClaims.decide(command, ledger, { now });
          if (E.isRight(decision)) events = [...events, ...decision.right];
        }
        const ledger = fold(caseClaims, events);
        const fromCases = Object.values(ledger.claims).filter((c) => c.standing !== 'released').flatMap((c) => c.lines).reduce((n, l) => n + l.money.amount, 0);
        const fromRefunds = Object.values(ledger.refunds).filter((r) => r.standing !== 'released').reduce((n, r) => n + r.amount.amount, 0);
        expect(fromCases + fromRefunds).toBeLessThanOrEqual(23_300);
      }),
      { numRuns: 300 },
    );
  });
});

describe('CaseClaimed, version 2', () => {
  const registry = eventRegistry(caseClaimEvents);

  /** A version-1 claim: the ledger wrote what the other claims held into the request's order facts. */
  const v1 = fc
    .record({ quantity: fc.integer({ min: 1, max: 6 }), paid: fc.integer({ min: 0, max: 100_000 }), refundedShare: fc.integer({ min: 0, max: 100 }), heldShare: fc.integer({ min: 0, max: 100 }) })
    .chain((line) =>
      fc.record({
        line: fc.constant(line),
        claimed: fc.integer({ min: 0, max: line.quantity - 1 }),
        units: fc.integer({ min: 1, max: line.quantity }),
      }),
    );

  /** How version 1 capped a claim: what `refundableFor` said while it read `claimedQuantity`. */
  const v1Refundable = (l: { quantity: number; claimedQuantity: number; paid: number; refunded: number }, units: number): number => {
    const remaining = Math.max(0, l.paid - l.refunded);
    if (units >= l.quantity - l.claimedQuantity) return remaining;
    return Math.max(0, Math.min(Math.floor((l.paid * units) / l.quantity), remaining));
  };

  it('lifts a version-1 claim so the case it opens is the case version 1 decided (property)', () => {
    fc.assert(
      fc.property(v1, ({ line, claimed, units }) => {
        const refunded = Math.floor((line.paid * line.refundedShare) / 100);
        // Version 1 raised `refunded` to what the other claims held, when that was more.
        const raised = Math.max(refunded, Math.floor((line.paid * line.heldShare) / 100));
        const facts = { lineId: 'line-1', sku: 'TEA', quantity: line.quantity, deliveredQuantity: line.quantity, claimedQuantity: claimed, paid: money(line.paid), refunded: money(raised) };
        const requestV1 = { ...request({ lines: [{ lineId: 'line-1', quantity: Math.min(units, line.quantity - claimed) }] }), order: { ...order, lines: [facts] } };
        const stored = { orderId: 'o-1', caseId: 'case-1', kind: 'return', lines: [], request: requestV1, at };
        const lifted = registry.upcast('CaseClaimed', 1, stored);
        expect(lifted.schemaVersion).toBe(2);
        const parsed = CaseClaimed.schema.parse(lifted.data);
        expect(registry.validate('CaseClaimed', stored, 1)).toMatchObject({ ok: true, schemaVersion: 1 });
        const decision = afterSales.decide(parsed.request, afterSales.initialState(), { now });
        if (E.isLeft(decision)) throw new Error(JSON.stringify(decision.left));
        const [opened] = decision.right;
        const wanted = Math.min(units, line.quantity - claimed);
        expect(opened?.type === 'AfterSalesRequested' && opened.data.refundable).toEqual(money(v1Refundable({ quantity: line.quantity, claimedQuantity: claimed, paid: line.paid, refunded: raised }, wanted)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a ledger written at version 1 verifiable and foldable: stored as written, read as version 2', async () => {
    const store = memoryEventStore({ registry });
    const facts = { ...order.lines[0], claimedQuantity: 0 };
    const requestV1 = { ...request(), order: { ...order, lines: [facts, { ...order.lines[1], claimedQuantity: 0 }] } };
    const old = { orderId: 'o-1', caseId: 'case-1', kind: 'return', lines: [{ lineId: 'line-1', units: 1, money: money(9_400) }], request: requestV1, at };
    await store.append('caseclaims-o-1', [{ type: 'CaseClaimed', data: old, schemaVersion: 1 }], { expectedRevision: 'no_stream' });
    const next = caseClaims.decide(claim('case-2'), fold(caseClaims, (await store.readStream('caseclaims-o-1')).map((e) => toEvent<CaseClaimEvent>(e))), { now });
    if (E.isLeft(next)) throw new Error(JSON.stringify(next.left));
    await store.append('caseclaims-o-1', [...next.right]);
    const raw = await store.readStream('caseclaims-o-1', { raw: true });
    expect(raw.map((e) => e.schemaVersion)).toEqual([1, 2]);
    expect(verifyStreamIntegrity(raw)).toEqual([]);
    const ledger = fold(caseClaims, (await store.readStream('caseclaims-o-1')).map((e) => toEvent<CaseClaimEvent>(e)));
    expect(ledger.claims['case-1']?.request?.order.lines.map((l) => Object.keys(l).includes('claimedQuantity'))).toEqual([false, false]);
    // The second case was decided on the first: one tea left of two.
    expect(ledger.claims['case-2']?.request?.ledger?.held).toEqual([{ lineId: 'line-1', units: 1, money: money(9_400) }]);
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
