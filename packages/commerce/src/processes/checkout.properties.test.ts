import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameBasedId } from './ids.js';
import { MINUTE, processHarness } from './testing/harness.js';

const ORDER = '51c0ffee-0000-4000-8000-000000000001';

describe('checkout process properties', () => {
  it('name-based ids are UUIDs, the same for the same name and different for different names', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const id = nameBasedId(a);
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(nameBasedId(a)).toBe(id);
        if (a !== b) expect(nameBasedId(b)).not.toBe(id);
      }),
      { numRuns: 200 },
    );
  });

  it('whenever the customer pays (or never), the order ends paid with its stock and coupon used, or cancelled with both given back and any money returned', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
        fc.boolean(),
        fc.boolean(),
        async (payAtMinute, restart, redeliver) => {
          const h = await processHarness();
          await h.receiveStock('TEA-1', 10);
          await h.createCoupon('ONCE', 500, 1);
          await h.placeOrder(ORDER, [{ sku: 'TEA-1', quantity: 2, unitPrice: 5_000 }], { code: 'ONCE', amount: 500 });
          await h.settle();
          const started = payAtMinute === null ? null : await h.startPayment(ORDER);
          h.clock.advance((payAtMinute ?? 45) * MINUTE);
          await h.settle();
          if (restart) await h.restart();
          if (started) {
            h.wechat.control.resolve(started.providerReference, { kind: 'succeed' });
            await h.deliverNotifications();
            await h.settle();
            await h.deliverNotifications();
            await h.settle();
          }
          if (redeliver) {
            for (const type of ['OrderPlaced', 'TimeoutFired', 'OrderPaid', 'OrderCancelled', 'PaymentCaptured']) {
              for (const event of await h.eventsOfType(type)) {
                await h.redeliver('checkout', event);
                if (type === 'OrderCancelled') await h.redeliver('refunds', event);
              }
            }
            await h.deliverNotifications();
            await h.settle();
          }
          h.clock.advance(60 * MINUTE);
          await h.settle();

          const order = await h.order(ORDER);
          const coupon = await h.coupon('ONCE');
          const redemption = coupon.status === 'none' ? undefined : coupon.redemptions[ORDER];
          const level = await h.stock('TEA-1');
          expect(h.processes.runtime.status().every((s) => s.failure === null)).toBe(true);
          expect((await h.eventsOfType('OrderCancelled')).length).toBeLessThanOrEqual(1);
          expect((await h.eventsOfType('TimeoutFired')).length).toBeLessThanOrEqual(1);
          if (order.status === 'paid') {
            expect(payAtMinute).not.toBeNull();
            expect(payAtMinute).toBeLessThan(30);
            expect(level).toEqual({ onHand: 8, reserved: 0, available: 8 });
            expect(redemption?.released).toBe(false);
            expect(order.ledger.balance).toEqual({ amount: 9_500, currency: 'CNY' });
          } else {
            expect(order.status).toBe('cancelled');
            expect(payAtMinute === null || payAtMinute >= 30).toBe(true);
            expect(level).toEqual({ onHand: 10, reserved: 0, available: 10 });
            expect(redemption?.released).toBe(true);
            if (started) {
              const transaction = h.wechat.control.transaction(started.providerReference);
              expect(transaction?.refunded).toBe(transaction?.captured);
              expect((await h.eventsOfType('PaymentRefunded')).length).toBe(transaction?.captured ? 1 : 0);
            }
          }
          await h.processes.stop();
        },
      ),
      { numRuns: 12 },
    );
  });
});
