import { describe, expect, it } from 'vitest';
import { readModelHarness } from '../../testing/harness.js';
import type { HistoryStep } from '../../testing/harness.js';
import { riskProjections } from '../index.js';
import { decisionFor, defaultRiskPolicy } from '../scoring/policy.js';
import { scoreOrder } from '../scoring/score.js';
import type { RiskScore } from '../scoring/score.js';
import {
  CHENGDU,
  HANGZHOU,
  T0,
  attemptStarted,
  cardSaved,
  couponRedeemed,
  couponReleased,
  declined,
  hoursAfter,
  orderIdOf,
  placed,
  receiptConfirmed,
  refundIssued,
  registered,
  returnRequested,
} from '../testing/fixtures.js';
import type { OrderSpec } from '../testing/fixtures.js';
import { readOrderSignals } from './read.js';

const DAY = 24;
const CUSTOMER = 'customer-regular';
const IP = (n: number): string => n.toString(16).padStart(64, '0');
const client = { channel: 'app' as const, deviceId: 'device-regular', ipHash: IP(1) };
const TARGET = orderIdOf(999);
let next = 1;
const newOrderId = (): string => orderIdOf(next++);

/** A customer of two hundred days with six orders received, all to Hangzhou from their phone, with a saved card. */
const regularCustomer = (): HistoryStep[] => [
  registered(CUSTOMER, hoursAfter(-200 * DAY)),
  cardSaved(CUSTOMER, 'tok_regular', hoursAfter(-199 * DAY)),
  ...[6, 5, 4, 3, 2, 1].flatMap((month) => {
    const orderId = newOrderId();
    const at = hoursAfter(-30 * month * DAY);
    return [placed({ orderId, customerId: CUSTOMER, at, client }), receiptConfirmed(orderId, CUSTOMER, hoursAfter(3 * DAY, at))];
  }),
];

/** The order being assessed, paid by the regular card. */
const target = (spec: Partial<OrderSpec> = {}, cardToken = 'tok_regular'): HistoryStep[] => [
  placed({ orderId: TARGET, customerId: CUSTOMER, at: T0, client, ...spec }),
  attemptStarted(TARGET, 'attempt-target', hoursAfter(0.1), cardToken),
];

const assess = async (history: readonly HistoryStep[]): Promise<RiskScore> => {
  const harness = await readModelHarness(riskProjections);
  for (const step of history) await harness.append(step);
  const signals = await readOrderSignals(harness.runtime, TARGET, defaultRiskPolicy, hoursAfter(0.2));
  await harness.stop();
  if (!signals) throw new Error('the target order was not projected');
  return scoreOrder(signals, defaultRiskPolicy);
};

const codes = (score: RiskScore): string[] => score.reasons.map((r) => r.code);

/** Orders by others (or the same customer) that share something with the target, placed in the hours before it. */
const others = (n: number, spec: (i: number) => Partial<OrderSpec> & { customerId?: string }): HistoryStep[] =>
  Array.from({ length: n }, (_, i) => placed({ orderId: newOrderId(), customerId: `other-${i}`, at: hoursAfter(-1 - i), ...spec(i) }));

describe('risk signals, scenario by scenario', () => {
  it('leaves a normal returning customer alone: no reason, approved', async () => {
    const score = await assess([...regularCustomer(), ...target()]);
    expect(score).toEqual({ score: 0, reasons: [] });
    expect(decisionFor(score.score, defaultRiskPolicy)).toBe('approve');
  });

  const baseline = async () => (await assess([...regularCustomer(), ...target()])).score;

  const cases: readonly { readonly reason: string; readonly history: () => HistoryStep[] }[] = [
    {
      reason: 'account_velocity',
      history: () => [...regularCustomer(), ...others(6, () => ({ customerId: CUSTOMER, client: { channel: 'web' }, place: { ...HANGZHOU, lines: 'x' } })), ...target()],
    },
    {
      reason: 'device_velocity',
      history: () => [...regularCustomer(), ...others(4, () => ({ customerId: CUSTOMER, client })), ...target()],
    },
    {
      reason: 'ip_velocity',
      history: () => [...regularCustomer(), ...others(6, (i) => ({ client: { channel: 'web', ipHash: IP(1) }, place: { ...CHENGDU, lines: 'y'.repeat(i + 1) } })), ...target()],
    },
    {
      reason: 'address_velocity',
      history: () => [...regularCustomer(), ...others(4, () => ({ customerId: CUSTOMER, client: { channel: 'web' } })), ...others(1, () => ({ client: { channel: 'web' } })), ...target()],
    },
    {
      reason: 'card_velocity',
      history: () => [
        ...regularCustomer(),
        ...[1, 2, 3].flatMap((i) => {
          const orderId = newOrderId();
          return [placed({ orderId, customerId: CUSTOMER, at: hoursAfter(-i), client: { channel: 'web' }, place: { ...CHENGDU, lines: 'z' } }), attemptStarted(orderId, `a-${orderId}`, hoursAfter(-i), 'tok_regular')];
        }),
        ...target(),
      ],
    },
    {
      reason: 'new_account_high_value',
      history: () => [registered('newcomer', hoursAfter(-2)), placed({ orderId: TARGET, customerId: 'newcomer', at: T0, total: 300_000 }), attemptStarted(TARGET, 'attempt-target', hoursAfter(0.1))],
    },
    {
      reason: 'payment_failures',
      history: () => [...regularCustomer(), ...target(), ...[1, 2, 3].map((i) => declined(TARGET, 'attempt-target', hoursAfter(0.01 * i)))],
    },
    {
      reason: 'card_payment_failures',
      history: () => [...regularCustomer(), ...target({}, 'tok_stolen'), ...[1, 2, 3].map((i) => declined(TARGET, 'attempt-target', hoursAfter(0.01 * i)))],
    },
    {
      reason: 'shared_card',
      history: () => [...regularCustomer(), cardSaved('mule-1', 'tok_regular', hoursAfter(-5)), cardSaved('mule-2', 'tok_regular', hoursAfter(-4)), ...target()],
    },
    {
      reason: 'shared_address',
      history: () => [...regularCustomer(), ...others(4, (i) => ({ at: hoursAfter(-30 * DAY - i), client: { channel: 'web' } })), ...target()],
    },
    {
      reason: 'shared_device',
      history: () => [...regularCustomer(), ...others(3, () => ({ at: hoursAfter(-10 * DAY), client, place: CHENGDU })), ...target()],
    },
    {
      reason: 'unusual_region',
      history: () => [...regularCustomer(), ...target({ place: CHENGDU })],
    },
    {
      reason: 'returns_abuse',
      history: () => [...regularCustomer(), ...[1, 2, 3, 4, 5].map((i) => returnRequested(`case-${i}`, orderIdOf(1), CUSTOMER, hoursAfter(-i * DAY))), ...target()],
    },
    {
      reason: 'refunds_abuse',
      history: () => [...regularCustomer(), ...[1, 2, 3, 4, 5].map((i) => refundIssued(`case-${i}`, orderIdOf(1), CUSTOMER, hoursAfter(-i * DAY))), ...target()],
    },
    {
      reason: 'coupon_abuse',
      history: () => [...regularCustomer(), ...[1, 2, 3, 4, 5, 6].map((i) => couponRedeemed(`SPRING${i}`, orderIdOf(100 + i), CUSTOMER, hoursAfter(-i * DAY))), ...target()],
    },
  ];

  for (const { reason, history } of cases) {
    it(`raises the score with ${reason}`, async () => {
      const before = await baseline();
      const score = await assess(history());
      expect(codes(score)).toContain(reason);
      expect(score.score).toBeGreaterThan(before);
    });
  }

  it('counts a coupon given back as not used', async () => {
    const redeemed = [1, 2, 3, 4, 5, 6].map((i) => couponRedeemed(`SPRING${i}`, orderIdOf(100 + i), CUSTOMER, hoursAfter(-i * DAY)));
    const score = await assess([...regularCustomer(), ...redeemed, couponReleased('SPRING1', orderIdOf(101), CUSTOMER, hoursAfter(-1)), ...target()]);
    expect(codes(score)).not.toContain('coupon_abuse');
  });

  it('forgets velocity outside the window', async () => {
    const score = await assess([...regularCustomer(), ...others(6, (i) => ({ customerId: CUSTOMER, at: hoursAfter(-25 - i), client })), ...target()]);
    expect(codes(score)).not.toContain('account_velocity');
    expect(codes(score)).not.toContain('device_velocity');
  });
});
