import { eventRegistry, fold } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import type { AfterSalesCommand, OrderFacts } from './commands.js';
import type { AfterSalesState } from './decider.js';
import { afterSales } from './decider.js';
import type { AfterSalesEvent } from './events.js';
import { afterSalesEvents } from './events.js';
import type { CaseKind, ReasonCode } from './policy.js';
import { defaultAfterSalesPolicy } from './policy.js';
import { refundableFor } from './request.js';
import { caseTransitions } from './stateMachine.js';
import { days, order, request } from './testing/fixtures.js';

const registry = eventRegistry(afterSalesEvents);
const kinds: CaseKind[] = ['return', 'exchange', 'repair', 'complaint'];
const reasonFor: Record<CaseKind, ReasonCode> = { return: 'no_reason', exchange: 'wrong_item', repair: 'malfunction', complaint: 'late_delivery' };
const photo = 'https://img.example.com/1.jpg';

// The opening cases can refund 94.00: amounts cluster around it so the ceiling is probed, not just approached.
const amount = fc.oneof(fc.integer({ min: -100, max: 20_000 }), fc.integer({ min: 9_300, max: 9_500 })).map((n) => money(n));
const followUp: fc.Arbitrary<AfterSalesCommand> = fc.oneof(
  fc.constant<AfterSalesCommand>({ type: 'ApproveCase', caseId: 'case-1', approvedBy: 'staff', note: '' }),
  fc.constantFrom('', 'not as claimed').map((reason): AfterSalesCommand => ({ type: 'RejectCase', caseId: 'case-1', rejectedBy: 'staff', reason })),
  fc.constantFrom('c-1', 'c-2').map((customerId): AfterSalesCommand => ({ type: 'CancelCase', caseId: 'case-1', customerId, reason: '' })),
  fc.constant<AfterSalesCommand>({ type: 'RecordReturnParcel', caseId: 'case-1', customerId: 'c-1', carrier: 'sf', waybillNumber: 'SF1' }),
  fc.constant<AfterSalesCommand>({ type: 'ReceiveItem', caseId: 'case-1', receivedBy: 'staff', condition: 'as_described', note: '' }),
  amount.map((a): AfterSalesCommand => ({ type: 'IssueRefund', caseId: 'case-1', refundId: 'r', amount: a })),
  fc.constant<AfterSalesCommand>({ type: 'ShipReplacement', caseId: 'case-1', shipmentId: 's' }),
  fc.constant<AfterSalesCommand>({ type: 'ReturnRepairedItem', caseId: 'case-1', shipmentId: 's', repairNote: 'fixed' }),
  fc.option(amount, { nil: null }).map((a): AfterSalesCommand => ({ type: 'ResolveComplaint', caseId: 'case-1', resolution: 'ok', compensation: a && { refundId: 'r', amount: a } })),
  fc.constant<AfterSalesCommand>({ type: 'CloseCase', caseId: 'case-1' }),
);

const opening = fc.constantFrom(...kinds).map((kind) => request({ kind, reason: reasonFor[kind], evidence: [photo] }));

describe('after-sales properties', () => {
  it('a case only ever takes transitions the state machine lists, and never pays out more than was paid', () => {
    fc.assert(
      fc.property(opening, fc.array(followUp, { maxLength: 25 }), (open, commands) => {
        let state: AfterSalesState = afterSales.initialState();
        for (const command of [open, ...commands]) {
          const decision = afterSales.decide(command, state, { now: days(2) });
          if (E.isLeft(decision)) continue;
          for (const event of decision.right) {
            expect(registry.validate(event.type, event.data)).toMatchObject({ ok: true });
            const before = state.status;
            state = afterSales.evolve(state, event);
            if (state.status === 'none') throw new Error('the case disappeared');
            const kind = state.kind;
            expect(caseTransitions.some((t) => t.from === before && t.to === state.status && t.on === event.type && t.kinds.includes(kind))).toBe(true);
            expect(state.refunded.amount).toBeGreaterThanOrEqual(0);
            expect(state.refunded.amount).toBeLessThanOrEqual(state.refundable.amount);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('claims on a line, one after another, can refund exactly what was left of it and never more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }).chain((quantity) =>
          fc.record({
            quantity: fc.constant(quantity),
            paid: fc.integer({ min: 0, max: 1_000_000 }),
            refundedShare: fc.integer({ min: 0, max: 100 }),
            claims: fc.array(fc.integer({ min: 1, max: quantity }), { minLength: 1, maxLength: quantity }),
          }),
        ),
        ({ quantity, paid, refundedShare, claims }) => {
          const initiallyRefunded = Math.floor((paid * refundedShare) / 100);
          let line = { quantity, paid: money(paid), refunded: money(initiallyRefunded) };
          let claimed = 0;
          let total = 0;
          for (const wanted of claims) {
            const units = Math.min(wanted, quantity - claimed);
            if (units === 0) break;
            const cap = refundableFor(line, units, claimed);
            expect(cap.amount).toBeGreaterThanOrEqual(0);
            expect(cap.amount).toBeLessThanOrEqual(line.paid.amount - line.refunded.amount);
            total += cap.amount;
            claimed += units;
            line = { ...line, refunded: money(line.refunded.amount + cap.amount) };
          }
          expect(total).toBeLessThanOrEqual(paid - initiallyRefunded);
          if (claimed === quantity) expect(total).toBe(paid - initiallyRefunded);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a request is refused as late exactly when it comes after its window', () => {
    fc.assert(
      fc.property(opening, fc.integer({ min: 0, max: 400 * 24 }), (open, hours) => {
        const now = new Date(days(0).getTime() + hours * 3_600_000);
        const decision = afterSales.decide(open, afterSales.initialState(), { now });
        const window = defaultAfterSalesPolicy.windows[open.kind][open.reason] ?? 0;
        expect(E.isLeft(decision) && decision.left._tag === 'WindowClosed').toBe(hours > window * 24);
      }),
      { numRuns: 200 },
    );
  });

  it('the units claimed never exceed those delivered and not yet claimed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 6 }), (delivered, claimed, wanted) => {
        const facts: OrderFacts = { ...order, lines: [{ lineId: 'line-1', sku: 'TEA', quantity: 5, deliveredQuantity: delivered, paid: money(500), refunded: money(0) }] };
        const ledger = { held: [{ lineId: 'line-1', units: claimed, money: money(100 * claimed) }], unclaimed: money(500 - 100 * claimed) };
        const decision = afterSales.decide(request({ order: facts, ledger, lines: [{ lineId: 'line-1', quantity: wanted }] }), afterSales.initialState(), { now: days(1) });
        expect(E.isRight(decision)).toBe(wanted <= Math.max(0, delivered - claimed));
      }),
      { numRuns: 200 },
    );
  });

  it('evolve never throws on any sequence of valid events, and the same history folds to the same plain-JSON state', () => {
    // Events that deciding can produce, from cases of every kind, then replayed in any order and any number of times.
    const reachable = fc.tuple(opening, fc.array(followUp, { maxLength: 12 })).map(([open, commands]) => {
      const events: AfterSalesEvent[] = [];
      let state: AfterSalesState = afterSales.initialState();
      for (const command of [open, ...commands]) {
        const decision = afterSales.decide(command, state, { now: days(2) });
        if (E.isRight(decision)) {
          events.push(...decision.right);
          state = fold(afterSales, decision.right, state);
        }
      }
      return events;
    });
    const scrambled = fc
      .tuple(reachable, reachable)
      .map(([a, b]) => [...a, ...b])
      .chain((events) => fc.array(fc.constantFrom(...events), { maxLength: 30 }));
    fc.assert(
      fc.property(scrambled, (events) => {
        const once = fold(afterSales, events);
        expect(fold(afterSales, events)).toEqual(once);
        expect(JSON.parse(JSON.stringify(once))).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });
});
