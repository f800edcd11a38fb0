import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainedScore } from '@shopstream/commerce/risk';
import { decisionFor, defaultRiskPolicy } from './policy.js';
import { countPoints, scoreOrder } from './score.js';
import type { OrderSignals } from './signals.js';
import { recordedSignals } from './signals.js';

const count = fc.integer({ min: 0, max: 40 });
const maybe = (a: fc.Arbitrary<number>): fc.Arbitrary<number | null> => fc.option(a, { nil: null, freq: 4 });

const signalsArb: fc.Arbitrary<OrderSignals> = fc.record({
  orderTotal: fc.integer({ min: 0, max: 1_000_000 }),
  accountAgeHours: maybe(fc.integer({ min: 0, max: 10_000 })),
  completedOrders: count,
  accountOrders: fc.integer({ min: 1, max: 40 }),
  deviceOrders: maybe(count),
  ipOrders: maybe(count),
  addressOrders: count,
  cardOrders: maybe(count),
  accountPaymentFailures: count,
  cardPaymentFailures: maybe(count),
  accountsSharingCard: maybe(count),
  accountsSharingAddress: count,
  accountsSharingDevice: maybe(count),
  ordersToProvince: count,
  ordersElsewhere: count,
  returnRequests: count,
  refundsIssued: count,
  couponRedemptions: count,
});

/** The same order with some signals made worse: more of a bad count, less of a good one, an unknown one now known and bad. */
const worse = (signals: OrderSignals): fc.Arbitrary<OrderSignals> => {
  const up = (n: number): fc.Arbitrary<number> => fc.integer({ min: n, max: n + 20 });
  const down = (n: number): fc.Arbitrary<number> => fc.integer({ min: 0, max: n });
  const upOrKnown = (n: number | null): fc.Arbitrary<number | null> => (n === null ? fc.option(count, { nil: null }) : up(n));
  return fc.record({
    orderTotal: up(signals.orderTotal),
    accountAgeHours: signals.accountAgeHours === null ? fc.constant(null) : down(signals.accountAgeHours),
    completedOrders: down(signals.completedOrders),
    accountOrders: up(signals.accountOrders),
    deviceOrders: upOrKnown(signals.deviceOrders),
    ipOrders: upOrKnown(signals.ipOrders),
    addressOrders: up(signals.addressOrders),
    cardOrders: upOrKnown(signals.cardOrders),
    accountPaymentFailures: up(signals.accountPaymentFailures),
    cardPaymentFailures: upOrKnown(signals.cardPaymentFailures),
    accountsSharingCard: upOrKnown(signals.accountsSharingCard),
    accountsSharingAddress: up(signals.accountsSharingAddress),
    accountsSharingDevice: upOrKnown(signals.accountsSharingDevice),
    ordersToProvince: down(signals.ordersToProvince),
    ordersElsewhere: up(signals.ordersElsewhere),
    returnRequests: up(signals.returnRequests),
    refundsIssued: up(signals.refundsIssued),
    couponRedemptions: up(signals.couponRedemptions),
  });
};

describe('the risk score', () => {
  it('stays within 0 to 100 and its reasons explain every point', () => {
    fc.assert(
      fc.property(signalsArb, (signals) => {
        const { score, reasons } = scoreOrder(signals, defaultRiskPolicy);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
        expect(score).toBe(explainedScore(reasons));
        for (const reason of reasons) {
          expect(Number.isInteger(reason.points) && reason.points > 0).toBe(true);
          expect(reason.detail.length).toBeGreaterThan(0);
        }
        expect(new Set(reasons.map((r) => r.code)).size).toBe(reasons.length);
      }),
      { numRuns: 50 },
    );
  });

  it('never goes down when a signal gets worse', () => {
    fc.assert(
      fc.property(
        signalsArb.chain((signals) => fc.tuple(fc.constant(signals), worse(signals))),
        ([signals, worsened]) => {
          const before = scoreOrder(signals, defaultRiskPolicy);
          const after = scoreOrder(worsened, defaultRiskPolicy);
          expect(after.score).toBeGreaterThanOrEqual(before.score);
          // No rule gives fewer points either: every reason before is still there, with as many points.
          for (const reason of before.reasons) {
            expect(after.reasons.find((r) => r.code === reason.code)?.points ?? 0).toBeGreaterThanOrEqual(reason.points);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('turns scores into decisions at the policy’s thresholds', () => {
    expect(decisionFor(39, defaultRiskPolicy)).toBe('approve');
    expect(decisionFor(40, defaultRiskPolicy)).toBe('hold');
    expect(decisionFor(79, defaultRiskPolicy)).toBe('hold');
    expect(decisionFor(80, defaultRiskPolicy)).toBe('reject');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (a, b) => {
        const rank = { approve: 0, hold: 1, reject: 2 } as const;
        if (a <= b) expect(rank[decisionFor(a, defaultRiskPolicy)]).toBeLessThanOrEqual(rank[decisionFor(b, defaultRiskPolicy)]);
      }),
      { numRuns: 50 },
    );
  });

  it('counts points past a limit, capped', () => {
    const rule = { limit: 3, pointsEach: 10, maxPoints: 25 };
    expect([3, 4, 5, 6, 9].map((n) => countPoints(n, rule))).toEqual([0, 10, 20, 25, 25]);
  });

  it('records only the known signals', () => {
    const recorded = recordedSignals({ ...scoreless, deviceOrders: null, ipOrders: 2 });
    expect(recorded).not.toHaveProperty('deviceOrders');
    expect(recorded).toMatchObject({ ipOrders: 2 });
  });
});

const scoreless: OrderSignals = {
  orderTotal: 100,
  accountAgeHours: null,
  completedOrders: 0,
  accountOrders: 1,
  deviceOrders: null,
  ipOrders: null,
  addressOrders: 1,
  cardOrders: null,
  accountPaymentFailures: 0,
  cardPaymentFailures: null,
  accountsSharingCard: null,
  accountsSharingAddress: 0,
  accountsSharingDevice: null,
  ordersToProvince: 0,
  ordersElsewhere: 0,
  returnRequests: 0,
  refundsIssued: 0,
  couponRedemptions: 0,
};
