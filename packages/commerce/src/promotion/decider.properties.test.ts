import { fold } from '@shopstream/kernel';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import type { PromotionCommand } from './commands.js';
import { couponDecider } from './decider.js';
import type { CouponState } from './decider.js';
import { discountFor, evaluate } from './evaluate.js';
import { promotionEvents } from './events.js';
import type { PromotionEvent } from './events.js';
import type { CouponDiscount, CouponTerms } from './values.js';

const code = 'PROP10';
const orders = [1, 2, 3, 4, 5, 6].map((n) => `00000000-0000-4000-8000-00000000000${n}`);
const users = ['u1', 'u2', 'u3'];
const now = new Date('2026-06-01T00:00:00.000Z');
const schemaOf = new Map(promotionEvents.map((d) => [d.type as string, d.schema]));

const arbDiscount: fc.Arbitrary<CouponDiscount> = fc.oneof(
  fc.integer({ min: 1, max: 1_000_000 }).map((amount) => ({ kind: 'fixed' as const, amount: money(amount) })),
  fc
    .record({ basisPoints: fc.integer({ min: 1, max: 10_000 }), cap: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }) })
    .map(({ basisPoints, cap }) => ({ kind: 'percent' as const, basisPoints, cap: cap === null ? null : money(cap) })),
);
const arbTerms: fc.Arbitrary<CouponTerms> = fc.record({
  currency: fc.constant('CNY'),
  discount: arbDiscount,
  minimumSpend: fc.nat({ max: 5000 }).map((amount) => money(amount)),
  validFrom: fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'),
  validUntil: fc.constantFrom('2026-05-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'),
  totalLimit: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
  perUserLimit: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }),
});
const arbSubtotal = fc.nat({ max: 2_000_000 }).map((amount) => money(amount));

const arbCommand: fc.Arbitrary<PromotionCommand> = fc.oneof(
  fc.record({ orderId: fc.constantFrom(...orders), userId: fc.constantFrom(...users), subtotal: arbSubtotal }).map((c) => ({ type: 'RedeemCoupon' as const, code, ...c })),
  fc.constantFrom(...orders).map((orderId) => ({ type: 'ReleaseCouponRedemption' as const, code, orderId, reason: 'cancelled' })),
  fc.constantFrom<PromotionCommand>({ type: 'DisableCoupon', code, reason: 'paused' }, { type: 'EnableCoupon', code }),
);

/** Events as a store hands them back: plain JSON, whatever objects the generators built. */
const asStored = <T>(events: T[]): T[] => JSON.parse(JSON.stringify(events)) as T[];

describe('coupon properties', () => {
  it('a discount is never negative and never more than the subtotal', () => {
    fc.assert(
      fc.property(arbTerms, arbSubtotal, fc.constantFrom(...users), (terms, subtotal, userId) => {
        const discount = discountFor(terms, subtotal);
        expect(discount.amount).toBeGreaterThanOrEqual(0);
        expect(discount.amount).toBeLessThanOrEqual(subtotal.amount);
        const evaluated = evaluate({ status: 'enabled', code, terms, redemptions: {} }, { subtotal, userId, now });
        if (E.isRight(evaluated)) expect(evaluated.right).toEqual(discount);
      }),
      { numRuns: 500 },
    );
  });

  it('redemptions never pass the total or per-user limit, and each grants what the terms give', () => {
    fc.assert(
      fc.property(arbTerms, fc.array(arbCommand, { minLength: 5, maxLength: 40 }), (terms, commands) => {
        let state = couponDecider.initialState();
        for (const command of [{ type: 'CreateCoupon' as const, code, terms }, ...commands]) {
          const decision = couponDecider.decide(command, state, { now });
          if (E.isLeft(decision)) continue;
          for (const event of decision.right) {
            expect(schemaOf.get(event.type)?.safeParse(event.data).success).toBe(true);
            if (event.type === 'CouponRedeemed') expect(event.data.discount).toEqual(discountFor(terms, event.data.subtotal));
            state = couponDecider.evolve(state, event);
          }
          if (state.status === 'none') continue;
          const active = Object.values(state.redemptions).filter((r) => !r.released);
          if (terms.totalLimit !== null) expect(active.length).toBeLessThanOrEqual(terms.totalLimit);
          const { perUserLimit } = terms;
          if (perUserLimit !== null) for (const user of users) expect(active.filter((r) => r.userId === user).length).toBeLessThanOrEqual(perUserLimit);
        }
      }),
      { numRuns: 200 },
    );
  });

  const arbEvent: fc.Arbitrary<PromotionEvent> = fc.oneof(
    fc.record({ code: fc.constantFrom(code, 'OTHER1'), terms: arbTerms }).map((data) => ({ type: 'CouponCreated' as const, data })),
    fc.constant({ type: 'CouponDisabled' as const, data: { code, reason: 'x' } }),
    fc.constant({ type: 'CouponEnabled' as const, data: { code } }),
    fc
      .record({ code: fc.constant(code), orderId: fc.constantFrom(...orders), userId: fc.constantFrom(...users), subtotal: arbSubtotal, discount: arbSubtotal })
      .map((data) => ({ type: 'CouponRedeemed' as const, data })),
    fc
      .record({ code: fc.constant(code), orderId: fc.constantFrom(...orders), userId: fc.constantFrom(...users), reason: fc.constant('x') })
      .map((data) => ({ type: 'CouponRedemptionReleased' as const, data })),
  );

  it('evolve takes any sequence of valid events, and the same history folds to the same state, snapshot or not', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 40 }).map(asStored), fc.nat(), (events, cut) => {
        for (const event of events) expect(schemaOf.get(event.type)?.safeParse(event.data).success).toBe(true);
        const once = fold(couponDecider, events);
        expect(fold(couponDecider, events)).toStrictEqual(once);
        const at = cut % (events.length + 1);
        const snapshot = JSON.parse(JSON.stringify(fold(couponDecider, events.slice(0, at)))) as CouponState;
        expect(fold(couponDecider, events.slice(at), snapshot)).toStrictEqual(once);
      }),
      { numRuns: 200 },
    );
  });
});
