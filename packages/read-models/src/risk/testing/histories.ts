import fc from 'fast-check';
import type { HistoryStep } from '../../testing/harness.js';
import {
  CHENGDU,
  HANGZHOU,
  assessed,
  attemptStarted,
  cancelled,
  cardSaved,
  couponRedeemed,
  couponReleased,
  declined,
  held,
  hoursAfter,
  orderIdOf,
  placed,
  receiptConfirmed,
  refundIssued,
  registered,
  rejected,
  released,
  returnRequested,
} from './fixtures.js';

const customers = ['alice', 'bob', 'carol'] as const;
const customer = fc.constantFrom(...customers);
const order = fc.integer({ min: 1, max: 6 }).map(orderIdOf);
const hour = fc.integer({ min: -200, max: 48 }).map((h) => hoursAfter(h));
const token = fc.constantFrom('tok_a', 'tok_b', 'tok_c');

/**
 * Random histories of everything the risk read models listen to, over a few customers, orders, devices, IPs,
 * cards and places, in any order (payments for orders not yet placed, holds without assessments included):
 * valid events, not necessarily a plausible story, which is what a rebuild must cope with.
 */
export const riskHistory: fc.Arbitrary<HistoryStep[]> = fc.array(
  fc.oneof(
    fc.tuple(customer, hour).map(([c, at]) => registered(c, at)),
    fc.tuple(customer, token, hour).map(([c, t, at]) => cardSaved(c, t, at)),
    fc
      .record({
        orderId: order,
        customerId: customer,
        at: hour,
        total: fc.integer({ min: 100, max: 400_000 }),
        place: fc.constantFrom(HANGZHOU, CHENGDU),
        device: fc.option(fc.constantFrom('device-1', 'device-2'), { nil: undefined }),
        ip: fc.option(fc.constantFrom('ab'.repeat(32), 'cd'.repeat(32)), { nil: undefined }),
      })
      .map(({ device, ip, ...spec }) =>
        placed({ ...spec, client: { channel: 'web', ...(device === undefined ? {} : { deviceId: device }), ...(ip === undefined ? {} : { ipHash: ip }) } }),
      ),
    fc.tuple(order, fc.constantFrom('at-1', 'at-2'), hour, fc.option(token, { nil: undefined })).map(([o, a, at, t]) => attemptStarted(o, a, at, t)),
    fc.tuple(order, fc.constantFrom('at-1', 'at-2'), hour).map(([o, a, at]) => declined(o, a, at)),
    fc.tuple(order, customer, hour).map(([o, c, at]) => receiptConfirmed(o, c, at)),
    fc.tuple(fc.constantFrom('case-1', 'case-2'), order, customer, hour).map(([k, o, c, at]) => returnRequested(k, o, c, at)),
    fc.tuple(fc.constantFrom('case-1', 'case-2'), order, customer, hour).map(([k, o, c, at]) => refundIssued(k, o, c, at)),
    fc.tuple(fc.constantFrom('SPRING', 'AUTUMN'), order, customer, hour).map(([k, o, c, at]) => couponRedeemed(k, o, c, at)),
    fc.tuple(fc.constantFrom('SPRING', 'AUTUMN'), order, customer, hour).map(([k, o, c, at]) => couponReleased(k, o, c, at)),
    fc.tuple(order, customer, hour, fc.constantFrom('approve' as const, 'hold' as const, 'reject' as const)).map(([o, c, at, d]) => assessed(o, c, at, d)),
    fc.tuple(order, hour).map(([o, at]) => held(o, at)),
    fc.tuple(order, hour).map(([o, at]) => released(o, at)),
    fc.tuple(order, hour).map(([o, at]) => rejected(o, at)),
    fc.tuple(order, customer, hour).map(([o, c, at]) => cancelled(o, c, at)),
  ),
  { maxLength: 30 },
);
