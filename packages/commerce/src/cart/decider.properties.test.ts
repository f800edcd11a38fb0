import { fold } from '@shopstream/kernel';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import type { CartCommand } from './commands.js';
import { cartDecider } from './decider.js';
import { cartEvents } from './events.js';
import type { CartEvent } from './events.js';
import { mergeLines } from './merge.js';
import type { CartState } from './state.js';
import { cartTotals } from './totals.js';
import type { CartLine } from './values.js';

const cartId = '00000000-0000-4000-8000-000000000001';
const guests = ['00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'];
const orderId = '00000000-0000-4000-8000-000000000010';
const productId = '00000000-0000-4000-8000-000000000020';
const now = new Date('2026-01-01T00:00:00.000Z');
const schemaOf = new Map(cartEvents.map((d) => [d.type as string, d.schema]));

const arbSku = fc.constantFrom('TEA', 'CUP', 'POT');
const arbPrice = fc.nat({ max: 50_000 }).map((amount) => money(amount));
const arbLine: fc.Arbitrary<CartLine> = fc.record({
  sku: arbSku,
  productId: fc.constant(productId),
  quantity: fc.integer({ min: 1, max: 6 }),
  unitPrice: arbPrice,
  limit: fc.integer({ min: 1, max: 8 }),
});
const arbPrices = fc.array(fc.record({ sku: arbSku, unitPrice: fc.option(arbPrice, { nil: null, freq: 4 }) }), { maxLength: 3 });

const arbCommand: fc.Arbitrary<CartCommand> = fc.oneof(
  arbLine.map(({ sku, quantity, unitPrice, limit }) => ({ type: 'AddCartItem' as const, cartId, userId: 'u1', sku, productId, quantity, unitPrice, limit })),
  fc.record({ sku: arbSku, quantity: fc.integer({ min: 1, max: 8 }) }).map((c) => ({ type: 'ChangeCartItemQuantity' as const, cartId, ...c })),
  arbSku.map((sku) => ({ type: 'RemoveCartItem' as const, cartId, sku })),
  fc.constant({ type: 'ClearCart' as const, cartId }),
  // Discounts here are arbitrary, larger than any subtotal too: the totals must hold whatever the caller claims.
  fc.nat({ max: 400_000 }).map((amount) => ({ type: 'ApplyCartCoupon' as const, cartId, code: 'ANY10', discount: money(amount) })),
  fc.constant({ type: 'RemoveCartCoupon' as const, cartId }),
  arbPrices.map((prices) => ({ type: 'RefreshCartPrices' as const, cartId, prices })),
  fc.record({ prices: arbPrices, couponDiscount: fc.option(arbPrice, { nil: null }) }).map((c) => ({ type: 'CheckOutCart' as const, cartId, orderId, ...c })),
  fc
    .record({ guestCartId: fc.constantFrom(...guests), lines: fc.array(arbLine, { maxLength: 4 }) })
    .map((c) => ({ type: 'MergeGuestCart' as const, cartId, userId: 'u1', currency: 'CNY', ...c })),
);

/** Events as a store hands them back: plain JSON, whatever objects the generators built. */
const asStored = <T>(events: T[]): T[] => JSON.parse(JSON.stringify(events)) as T[];

describe('cart properties', () => {
  it('the total is the lines less the discount and never negative; lines stay within their limits', () => {
    fc.assert(
      fc.property(fc.array(arbCommand, { minLength: 3, maxLength: 40, size: 'medium' }), (commands) => {
        let state = cartDecider.initialState();
        for (const command of commands) {
          const decision = cartDecider.decide(command, state, { now });
          if (E.isLeft(decision)) continue;
          for (const event of decision.right) {
            expect(schemaOf.get(event.type)?.safeParse(event.data).success).toBe(true);
            state = cartDecider.evolve(state, event);
            if (event.type === 'CartCheckedOut') expect(event.data.total.amount).toBe(event.data.subtotal.amount - event.data.discount.amount);
          }
          if (state.status === 'none') continue;
          const lines = state.lines.reduce((total, l) => total + l.unitPrice.amount * l.quantity, 0);
          const { subtotal, discount, total } = cartTotals(state);
          expect(subtotal.amount).toBe(lines);
          expect(discount.amount).toBe(Math.min(state.coupon?.discount.amount ?? 0, lines));
          expect(total.amount).toBe(lines - discount.amount);
          expect(total.amount).toBeGreaterThanOrEqual(0);
          expect(new Set(state.lines.map((l) => l.sku)).size).toBe(state.lines.length);
          for (const l of state.lines) expect(l.quantity).toBeLessThanOrEqual(l.limit);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a merge sums each SKU, keeps at most the stricter limit, and says where it kept less', () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbLine, { selector: (l) => l.sku }), fc.array(arbLine, { maxLength: 6 }), (own, guest) => {
        const { lines, capped } = mergeLines({ lines: own }, guest);
        for (const sku of new Set(guest.map((l) => l.sku))) {
          const mine = own.find((l) => l.sku === sku);
          const theirs = guest.filter((l) => l.sku === sku);
          const requested = (mine?.quantity ?? 0) + theirs.reduce((s, l) => s + l.quantity, 0);
          const limit = Math.min(mine?.limit ?? Infinity, ...theirs.map((l) => l.limit));
          expect(lines.find((l) => l.sku === sku)?.quantity).toBe(Math.min(requested, limit));
          expect(capped.some((c) => c.sku === sku)).toBe(requested > limit);
        }
      }),
      { numRuns: 200 },
    );
  });

  const arbEvent: fc.Arbitrary<CartEvent> = fc.oneof(
    fc.record({ cartId: fc.constantFrom(cartId, guests[0] ?? cartId), userId: fc.constantFrom(null, 'u1'), currency: fc.constantFrom('CNY', 'USD') }).map((data) => ({ type: 'CartOpened' as const, data })),
    arbLine.map(({ quantity, ...l }) => ({ type: 'CartItemAdded' as const, data: { cartId, ...l, quantity, lineQuantity: quantity } })),
    fc.record({ sku: arbSku, previous: fc.integer({ min: 1, max: 9 }), quantity: fc.integer({ min: 1, max: 9 }) }).map((d) => ({ type: 'CartItemQuantityChanged' as const, data: { cartId, ...d } })),
    arbSku.map((sku) => ({ type: 'CartItemRemoved' as const, data: { cartId, sku } })),
    fc.constant({ type: 'CartCleared' as const, data: { cartId } }),
    arbPrice.map((discount) => ({ type: 'CartCouponApplied' as const, data: { cartId, code: 'ANY10', discount } })),
    fc.constant({ type: 'CartCouponRemoved' as const, data: { cartId, code: 'ANY10' } }),
    fc
      .array(fc.record({ sku: arbSku, previous: arbPrice, current: fc.option(arbPrice, { nil: null }) }), { minLength: 1, maxLength: 3 })
      .map((changes) => ({ type: 'CartPricesRefreshed' as const, data: { cartId, changes } })),
    fc.array(arbLine, { minLength: 1, maxLength: 3 }).map((lines) => ({
      type: 'CartCheckedOut' as const,
      data: { cartId, orderId, lines, coupon: null, subtotal: money(0), discount: money(0), total: money(0) },
    })),
    fc
      .record({ guestCartId: fc.constantFrom(...guests), lines: fc.array(arbLine, { maxLength: 3 }) })
      .map((d) => ({ type: 'CartGuestItemsMerged' as const, data: { cartId, ...d, capped: [] } })),
    fc.constantFrom(...guests).map((intoCartId) => ({ type: 'CartMerged' as const, data: { cartId, intoCartId } })),
  );

  it('evolve takes any sequence of valid events, and the same history folds to the same state, snapshot or not', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 40 }).map(asStored), fc.nat(), (events, cut) => {
        for (const event of events) expect(schemaOf.get(event.type)?.safeParse(event.data).success).toBe(true);
        const once = fold(cartDecider, events);
        expect(fold(cartDecider, events)).toStrictEqual(once);
        const at = cut % (events.length + 1);
        const snapshot = JSON.parse(JSON.stringify(fold(cartDecider, events.slice(0, at)))) as CartState;
        expect(fold(cartDecider, events.slice(at), snapshot)).toStrictEqual(once);
        // Whatever the history, the totals of what it folds to hold together.
        if (once.status !== 'none') expect(cartTotals(once).total.amount).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 150 },
    );
  });
});
