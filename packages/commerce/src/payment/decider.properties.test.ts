import { eventRegistry } from '@shopstream/kernel';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import type { PaymentCommand } from './commands.js';
import { paymentDecider } from './decider.js';
import type { PaymentEvent } from './events.js';
import { paymentEvents } from './events.js';
import type { OutcomeSource } from './model.js';
import { isOpen } from './state.js';
import type { PaymentState } from './state.js';

const orderId = 'order-1';
const registry = eventRegistry(paymentEvents);
const START = Date.parse('2026-01-01T00:00:00.000Z');
const PRICE = 1000;

// a1 is always started; the others come and go, so double payments and unknown attempts both happen.
const attemptId = fc.oneof({ weight: 6, arbitrary: fc.constant('a1') }, { weight: 3, arbitrary: fc.constant('a2') }, { weight: 1, arbitrary: fc.constant('a3') });
const refundId = fc.constantFrom('r1', 'r2', 'r3');
const reference = (attempt: string) => fc.oneof({ weight: 9, arbitrary: fc.constant(`ref-${attempt}`) }, { weight: 1, arbitrary: fc.constant('ref-other') });
const source: fc.Arbitrary<OutcomeSource> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('n1', 'n2', 'n3').map((notificationId) => ({ kind: 'notification' as const, notificationId })) },
  { weight: 1, arbitrary: fc.constantFrom({ kind: 'response' as const }, { kind: 'query' as const }) },
);
const paid = fc.oneof({ weight: 9, arbitrary: fc.constant(money(PRICE)) }, { weight: 1, arbitrary: fc.constant(money(PRICE + 1)) });

const command: fc.Arbitrary<PaymentCommand> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ attemptId, method: fc.constantFrom('alipay' as const, 'wechat_pay' as const, 'card' as const) }).map(
      ({ attemptId: id, method }): PaymentCommand => ({
        type: 'StartPaymentAttempt',
        data: {
          orderId,
          attemptId: id,
          method,
          amount: money(PRICE),
          expiresAt: new Date(START + 2 * 3_600_000).toISOString(),
          ...(method === 'card' ? { card: { token: 'tok_visa', brand: 'visa' as const, last4: '4242' } } : {}),
        },
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: attemptId.chain((id) =>
      reference(id).map((ref): PaymentCommand => ({ type: 'RecordPaymentInitiation', data: { orderId, attemptId: id, providerReference: ref, nextAction: { kind: 'none' } } })),
    ),
  },
  attemptId.map((id): PaymentCommand => ({ type: 'RecordPaymentInitiationFailure', data: { orderId, attemptId: id, reason: 'unavailable' } })),
  {
    weight: 6,
    arbitrary: attemptId.chain((id) =>
      fc
        .record({
          ref: reference(id),
          source,
          outcome: fc.oneof(
            { weight: 3, arbitrary: paid.map((amount) => ({ kind: 'captured' as const, amount })) },
            { weight: 1, arbitrary: paid.map((amount) => ({ kind: 'authorised' as const, amount })) },
            { weight: 1, arbitrary: fc.constant({ kind: 'declined' as const, code: 'declined' }) },
            { weight: 1, arbitrary: fc.constant({ kind: 'expired' as const }) },
          ),
        })
        .map(({ ref, source: from, outcome }): PaymentCommand => ({ type: 'RecordPaymentOutcome', data: { orderId, attemptId: id, providerReference: ref, outcome, source: from } })),
    ),
  },
  attemptId.map((id): PaymentCommand => ({ type: 'TimeOutPaymentAttempt', data: { orderId, attemptId: id } })),
  attemptId.map((id): PaymentCommand => ({ type: 'VoidPaymentAttempt', data: { orderId, attemptId: id, reason: 'cancelled' } })),
  {
    weight: 5,
    arbitrary: fc
      .record({ refundId, attemptId, amount: fc.integer({ min: 0, max: PRICE + 10 }) })
      .map(({ refundId: id, attemptId: attempt, amount }): PaymentCommand => ({
        type: 'RequestPaymentRefund',
        data: { orderId, refundId: id, attemptId: attempt, amount: money(amount), reason: 'return' },
      })),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({ refundId, succeeded: fc.boolean(), source })
      .map(({ refundId: id, succeeded, source: from }): PaymentCommand => ({
        type: 'RecordPaymentRefundOutcome',
        data: { orderId, refundId: id, outcome: succeeded ? { kind: 'succeeded', providerRefundReference: `rf-${id}` } : { kind: 'failed', reason: 'refused' }, source: from },
      })),
  },
);

interface Step {
  readonly command: PaymentCommand;
  readonly after: PaymentState;
  readonly now: Date;
  readonly decision: E.Either<unknown, readonly PaymentEvent[]>;
}

/** Random commands, time moving forward so that attempts can expire. */
const startA1: PaymentCommand = {
  type: 'StartPaymentAttempt',
  data: { orderId, attemptId: 'a1', method: 'alipay', amount: money(PRICE), expiresAt: new Date(START + 2 * 3_600_000).toISOString() },
};
const history = fc.array(fc.tuple(command, fc.integer({ min: 0, max: 20 * 60_000 })), { minLength: 5, maxLength: 40 }).map((drawn) => {
  const steps: Step[] = [];
  let state = paymentDecider.initialState();
  let now = START;
  // Most runs open with an attempt, so that the commands after it have something to act on.
  for (const [next, advance] of [[startA1, 0] as const, ...drawn]) {
    now += advance;
    const decision = paymentDecider.decide(next, state, { now: new Date(now) });
    if (E.isRight(decision)) state = decision.right.reduce(paymentDecider.evolve, state);
    steps.push({ command: next, after: state, now: new Date(now), decision });
  }
  return steps;
});

const numRuns = 200;

describe('payment amounts', () => {
  it('never refund more than was captured, per attempt and per order, pending refunds included', () => {
    fc.assert(
      fc.property(history, (steps) => {
        for (const { after } of steps) {
          if (!isOpen(after)) continue;
          for (const a of after.attempts) {
            expect(a.refunded.amount).toBeGreaterThanOrEqual(0);
            expect(a.refundPending.amount).toBeGreaterThanOrEqual(0);
            expect(a.refunded.amount + a.refundPending.amount).toBeLessThanOrEqual(a.captured.amount);
            expect(a.captured.amount).toBeLessThanOrEqual(a.amount.amount);
          }
          expect(after.refunded.amount).toBeLessThanOrEqual(after.captured.amount);
        }
      }),
      { numRuns },
    );
  });

  it('keep order totals equal to the sums over attempts and settled refunds', () => {
    fc.assert(
      fc.property(history, (steps) => {
        for (const { after } of steps) {
          if (!isOpen(after)) continue;
          expect(after.captured.amount).toBe(after.attempts.reduce((s, a) => s + a.captured.amount, 0));
          expect(after.refunded.amount).toBe(after.attempts.reduce((s, a) => s + a.refunded.amount, 0));
          expect(after.refunded.amount).toBe(after.refunds.filter((r) => r.status === 'succeeded').reduce((s, r) => s + r.amount.amount, 0));
          const pending = after.refunds.filter((r) => r.status === 'requested').reduce((s, r) => s + r.amount.amount, 0);
          expect(after.attempts.reduce((s, a) => s + a.refundPending.amount, 0)).toBe(pending);
        }
      }),
      { numRuns },
    );
  });

  it('let at most one attempt keep the money: every other paid attempt is flagged for reversal', () => {
    fc.assert(
      fc.property(history, (steps) => {
        for (const { after } of steps) {
          if (!isOpen(after)) continue;
          const keeping = after.attempts.filter((a) => a.reversal === null && (a.captured.amount > 0 || a.status === 'authorised'));
          expect(keeping.length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns },
    );
  });
});

describe('payment notifications', () => {
  it('change nothing when delivered again', () => {
    fc.assert(
      fc.property(history, (steps) => {
        for (const { command: sent, after, now, decision } of steps) {
          if (sent.type !== 'RecordPaymentOutcome' && sent.type !== 'RecordPaymentRefundOutcome') continue;
          if (sent.data.source.kind !== 'notification') continue;
          const again = paymentDecider.decide(sent, after, { now });
          if (E.isRight(decision)) expect(again).toEqual(E.right([]));
          else expect(again).toEqual(decision);
        }
      }),
      { numRuns },
    );
  });
});

describe('the payment decider', () => {
  it('only produces events its schemas accept', () => {
    fc.assert(
      fc.property(history, (steps) => {
        for (const { decision } of steps) {
          if (E.isLeft(decision)) continue;
          for (const event of decision.right) expect(registry.validate(event.type, event.data).ok, event.type).toBe(true);
        }
      }),
      { numRuns },
    );
  });

  it('folds any sequence of its events without throwing', () => {
    const events = history.chain((steps) => fc.shuffledSubarray(steps.flatMap((s) => (E.isRight(s.decision) ? [...s.decision.right] : []))));
    fc.assert(
      fc.property(events, (sequence) => {
        expect(() => sequence.reduce(paymentDecider.evolve, paymentDecider.initialState())).not.toThrow();
      }),
      { numRuns },
    );
  });

  it('folds the same history to the same plain-JSON state', () => {
    fc.assert(
      fc.property(history, (steps) => {
        const events = steps.flatMap((s) => (E.isRight(s.decision) ? [...s.decision.right] : []));
        const once = events.reduce(paymentDecider.evolve, paymentDecider.initialState());
        expect(events.reduce(paymentDecider.evolve, paymentDecider.initialState())).toEqual(once);
        expect(JSON.parse(JSON.stringify(once))).toEqual(once);
        expect(steps[steps.length - 1]?.after).toEqual(once);
      }),
      { numRuns },
    );
  });
});
