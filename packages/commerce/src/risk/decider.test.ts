import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold } from '@shopstream/kernel';
import type { RiskCommand } from './commands.js';
import { explainedScore, riskDecider, riskStream } from './decider.js';
import type { RiskReason } from './events.js';

const NOW = new Date('2026-03-02T09:00:00.000Z');

const assess = (reasons: readonly RiskReason[], overrides: Partial<Extract<RiskCommand, { type: 'RecordRiskAssessment' }>['data']> = {}): RiskCommand => ({
  type: 'RecordRiskAssessment',
  data: {
    orderId: 'order-1',
    customerId: 'customer-1',
    score: explainedScore(reasons),
    reasons: [...reasons],
    signals: { accountOrders24h: 4 },
    policyId: 'default@1',
    decision: 'hold',
    ...overrides,
  },
});

const reason = (code: string, points: number): RiskReason => ({ code, points, detail: `${code} fired` });

describe('the risk stream', () => {
  it('records an assessment once: a repeated one decides nothing and the first stands', () => {
    const first = riskDecider.decide(assess([reason('account_velocity', 30)]), riskDecider.initialState(), { now: NOW });
    if (E.isLeft(first)) throw new Error(first.left._tag);
    expect(first.right).toHaveLength(1);
    expect(first.right[0]).toMatchObject({ type: 'RiskAssessed', data: { orderId: 'order-1', score: 30, decision: 'hold', assessedAt: NOW.toISOString() } });
    const state = fold(riskDecider, first.right);
    expect(riskDecider.decide(assess([], { decision: 'approve' }), state, { now: NOW })).toEqual(E.right([]));
    expect(riskDecider.decide(assess([], { orderId: 'order-2' }), state, { now: NOW })).toEqual(
      E.left({ _tag: 'RiskAssessmentForAnotherOrder', orderId: 'order-2', assessedOrderId: 'order-1' }),
    );
    expect(riskStream('order-1')).toBe('risk-order-1');
  });

  it('refuses a score its reasons do not explain', () => {
    const refused = riskDecider.decide(assess([reason('shared_card', 20)], { score: 35 }), riskDecider.initialState(), { now: NOW });
    expect(refused).toEqual(E.left({ _tag: 'RiskScoreUnexplained', orderId: 'order-1', score: 35, explained: 20 }));
  });

  it('accepts exactly the explained score, capped at 100', () => {
    const reasons = fc.array(fc.record({ code: fc.constantFrom('a', 'b_c', 'device_velocity'), points: fc.integer({ min: 1, max: 100 }), detail: fc.constant('x') }), { maxLength: 8 });
    fc.assert(
      fc.property(reasons, fc.integer({ min: 0, max: 100 }), (rs, score) => {
        const decided = riskDecider.decide(assess(rs, { score }), riskDecider.initialState(), { now: NOW });
        const explained = Math.min(100, rs.reduce((t, r) => t + r.points, 0));
        expect(E.isRight(decided)).toBe(score === explained);
      }),
      { numRuns: 50 },
    );
  });
});
