import { describe, expect, it } from 'vitest';
import { paymentExpiryTimeoutId, reservationIdFor, reversalRefundId } from './ids.js';
import { DAY, MINUTE, processHarness } from './testing/harness.js';
import type { ProcessHarness } from './testing/harness.js';
import { orderStream } from '../ordering/index.js';
import { isOpen } from '../payment/index.js';

const ORDER = '0b7a4c6e-1d2f-4a3b-9c8d-000000000001';
const OTHER = '0b7a4c6e-1d2f-4a3b-9c8d-000000000002';

const count = async (h: ProcessHarness, type: string) => (await h.eventsOfType(type)).length;

const setUp = async () => {
  const h = await processHarness();
  await h.receiveStock('TEA-1', 10);
  await h.receiveStock('CUP-1', 5);
  await h.createCoupon('SPRING10', 1_000, 1);
  return h;
};

const placeTeaOrder = (h: ProcessHarness, orderId = ORDER, coupon = true) =>
  h.placeOrder(
    orderId,
    [
      { sku: 'TEA-1', quantity: 2, unitPrice: 5_000 },
      { sku: 'CUP-1', quantity: 1, unitPrice: 3_000 },
    ],
    coupon ? { code: 'SPRING10', amount: 1_000 } : undefined,
  );

describe('checkout process', () => {
  it('reserves stock, redeems the coupon and sets the payment deadline when an order is placed; payment commits the stock', async () => {
    const h = await setUp();
    await placeTeaOrder(h);
    await h.settle();
    expect(await h.stock('TEA-1')).toEqual({ onHand: 10, reserved: 2, available: 8 });
    expect(await h.stock('CUP-1')).toEqual({ onHand: 5, reserved: 1, available: 4 });
    const coupon = await h.coupon('SPRING10');
    expect(coupon.status !== 'none' && coupon.redemptions[ORDER]).toMatchObject({ userId: 'customer-1', discount: { amount: 1_000 }, released: false });
    const [scheduled] = await h.eventsOfType('TimeoutScheduled');
    expect(scheduled?.data).toMatchObject({ timeoutId: paymentExpiryTimeoutId(ORDER), kind: 'payment-expiry', due: '2026-03-02T09:30:00.000Z' });
    // Caused by the order placed, in its correlation.
    const [placed] = await h.eventsOfType('OrderPlaced');
    expect(scheduled?.metadata).toMatchObject({ causationId: placed?.id, correlationId: placed?.metadata.correlationId, actor: { kind: 'system', id: 'process:checkout' } });

    await h.pay(ORDER);
    const order = await h.order(ORDER);
    expect(order.status).toBe('paid');
    expect(order.ledger.paid).toEqual({ amount: 12_000, currency: 'CNY' });
    expect(await h.stock('TEA-1')).toEqual({ onHand: 8, reserved: 0, available: 8 });
    expect(await h.stock('CUP-1')).toEqual({ onHand: 4, reserved: 0, available: 4 });
    expect(await count(h, 'TimeoutCancelled')).toBe(1);

    // Long after, the deadline has nothing to fire.
    h.clock.advance(DAY);
    await h.settle();
    expect(await count(h, 'TimeoutFired')).toBe(0);
    expect((await h.order(ORDER)).status).toBe('paid');
  });

  it('cancels an order not paid in 30 minutes and gives its stock and coupon back', async () => {
    const h = await setUp();
    await placeTeaOrder(h);
    await h.settle();
    h.clock.advance(29 * MINUTE);
    await h.settle();
    expect((await h.order(ORDER)).status).toBe('awaiting_payment');

    h.clock.advance(MINUTE);
    await h.settle();
    const order = await h.order(ORDER);
    expect(order.status).toBe('cancelled');
    const [cancelled] = await h.eventsOfType('OrderCancelled');
    expect(cancelled?.data).toMatchObject({ reason: 'payment_timeout', cancelledBy: { kind: 'system' } });
    expect(await h.stock('TEA-1')).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(await h.stock('CUP-1')).toEqual({ onHand: 5, reserved: 0, available: 5 });
    const coupon = await h.coupon('SPRING10');
    expect(coupon.status !== 'none' && coupon.redemptions[ORDER]?.released).toBe(true);

    // The coupon's single use is free again for someone else.
    await placeTeaOrder(h, OTHER);
    await h.settle();
    expect((await h.order(OTHER)).status).toBe('awaiting_payment');
    const again = await h.coupon('SPRING10');
    expect(again.status !== 'none' && again.redemptions[OTHER]?.released).toBe(false);
  });

  it('voids the open payment at the deadline, and refunds in full a payment the customer completes anyway', async () => {
    const h = await setUp();
    await placeTeaOrder(h);
    await h.settle();
    const started = await h.startPayment(ORDER);
    h.clock.advance(30 * MINUTE);
    await h.settle();
    expect((await h.order(ORDER)).status).toBe('cancelled');
    const voided = await h.eventsOfType('PaymentAttemptVoided');
    expect(voided.map((e) => e.data)).toMatchObject([{ attemptId: started.attemptId }]);

    // The customer had the QR code open and pays after all.
    h.wechat.control.resolve(started.providerReference, { kind: 'succeed' });
    await h.deliverNotifications();
    await h.settle();
    await h.deliverNotifications(); // WeChat Pay settles refunds by notification
    await h.settle();
    const refunded = await h.eventsOfType('PaymentRefunded');
    expect(refunded.map((e) => e.data)).toMatchObject([{ attemptId: started.attemptId, refundId: reversalRefundId(started.attemptId), amount: { amount: 12_000 } }]);
    expect(h.wechat.control.transaction(started.providerReference)).toMatchObject({ captured: 12_000, refunded: 12_000 });
    // The order never took the money, so its ledger stays empty.
    expect((await h.order(ORDER)).ledger).toEqual({ paid: { amount: 0, currency: 'CNY' }, refunded: { amount: 0, currency: 'CNY' }, balance: { amount: 0, currency: 'CNY' } });
  });

  it('refunds a capture recorded after the order was cancelled but before its attempt was voided', async () => {
    const h = await setUp();
    await placeTeaOrder(h);
    await h.settle();
    const started = await h.startPayment(ORDER);
    await h.processes.stop();
    h.clock.advance(31 * MINUTE);
    // The cancellation lands; the processes are down, so nothing has voided the attempt when the capture arrives.
    await h.handlers.orders(orderStream(ORDER), { type: 'CancelOrder', data: { orderId: ORDER, reason: 'payment_timeout', cancelledBy: { kind: 'system' } } });
    h.wechat.control.act(started.providerReference);
    await h.deliverNotifications();
    await h.restart();
    await h.settle();
    await h.deliverNotifications();
    await h.settle();
    const refunded = await h.eventsOfType('PaymentRefunded');
    expect(refunded.map((e) => e.data)).toMatchObject([{ refundId: reversalRefundId(started.attemptId), amount: { amount: 12_000 } }]);
    expect(await h.stock('TEA-1')).toMatchObject({ onHand: 10, reserved: 0 });
  });

  it('cancels an order whose stock ran out, releasing what it had reserved', async () => {
    const h = await setUp();
    await h.placeOrder(ORDER, [
      { sku: 'TEA-1', quantity: 3, unitPrice: 5_000 },
      { sku: 'CUP-1', quantity: 6, unitPrice: 3_000 },
    ]);
    await h.settle();
    const [cancelled] = await h.eventsOfType('OrderCancelled');
    expect(cancelled?.data).toMatchObject({ reason: 'out_of_stock', note: 'CUP-1: 6 requested, 5 available' });
    expect(await h.stock('TEA-1')).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(await h.stock('CUP-1')).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await count(h, 'TimeoutCancelled')).toBe(1);
  });

  it('cancels an order whose coupon was used up since the cart', async () => {
    const h = await setUp();
    await placeTeaOrder(h);
    await placeTeaOrder(h, OTHER);
    await h.settle();
    expect((await h.order(ORDER)).status).toBe('awaiting_payment');
    const other = await h.order(OTHER);
    expect(other.status).toBe('cancelled');
    const cancellation = (await h.eventsOfType('OrderCancelled')).find((e) => (e.data as { orderId: string }).orderId === OTHER);
    expect(cancellation?.data).toMatchObject({ note: 'coupon SPRING10 no longer applies: TotalLimitReached' });
    expect(await h.stock('TEA-1')).toMatchObject({ reserved: 2 });
  });

  it('puts the stock of a paid order cancelled before shipping back once, and refunds what was paid', async () => {
    const h = await setUp();
    await placeTeaOrder(h, ORDER, false);
    await h.settle();
    await h.pay(ORDER);
    expect(await h.stock('TEA-1')).toMatchObject({ onHand: 8 });
    await h.handlers.orders(orderStream(ORDER), { type: 'CancelOrder', data: { orderId: ORDER, reason: 'staff_decision', cancelledBy: { kind: 'staff', staffId: 'staff-1' } } });
    await h.settle();
    await h.deliverNotifications();
    await h.settle();
    expect(await h.stock('TEA-1')).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(await h.stock('CUP-1')).toEqual({ onHand: 5, reserved: 0, available: 5 });
    const order = await h.order(ORDER);
    expect(order.ledger).toMatchObject({ paid: { amount: 13_000 }, refunded: { amount: 13_000 }, balance: { amount: 0 } });

    const [cancelled] = await h.eventsOfType('OrderCancelled');
    if (!cancelled) throw new Error('no cancellation');
    await h.redeliver('checkout', cancelled);
    await h.redeliver('refunds', cancelled);
    await h.deliverNotifications();
    await h.settle();
    expect(await h.stock('TEA-1')).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect((await h.order(ORDER)).ledger.refunded).toEqual({ amount: 13_000, currency: 'CNY' });
    expect(await count(h, 'PaymentRefunded')).toBe(1);
  });

  it('gives back the stock and coupon of a paid order rejected after a risk review, and refunds it', async () => {
    const h = await setUp();
    await placeTeaOrder(h);
    await h.settle();
    await h.pay(ORDER);
    const policy = { kind: 'policy' as const, policyId: 'velocity' };
    await h.handlers.orders(orderStream(ORDER), { type: 'PutOrderOnRiskHold', data: { orderId: ORDER, reason: 'new device, large basket', decidedBy: policy } });
    await h.handlers.orders(orderStream(ORDER), { type: 'RejectOrderForRisk', data: { orderId: ORDER, reason: 'card testing pattern', decidedBy: { kind: 'staff', staffId: 'risk-1' } } });
    await h.settle();
    await h.deliverNotifications();
    await h.settle();
    expect(await h.stock('TEA-1')).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(await h.stock('CUP-1')).toEqual({ onHand: 5, reserved: 0, available: 5 });
    const coupon = await h.coupon('SPRING10');
    expect(coupon.status !== 'none' && coupon.redemptions[ORDER]?.released).toBe(true);
    expect((await h.order(ORDER)).ledger).toMatchObject({ paid: { amount: 12_000 }, refunded: { amount: 12_000 }, balance: { amount: 0 } });
  });

  it('is harmless when the same events are delivered twice', async () => {
    const h = await setUp();
    await placeTeaOrder(h);
    await h.settle();
    const [placed] = await h.eventsOfType('OrderPlaced');
    if (!placed) throw new Error('no order placed');
    await h.redeliver('checkout', placed);
    expect(await h.stock('TEA-1')).toEqual({ onHand: 10, reserved: 2, available: 8 });
    expect(await count(h, 'CouponRedeemed')).toBe(1);
    expect(await count(h, 'TimeoutScheduled')).toBe(1);

    h.clock.advance(30 * MINUTE);
    await h.settle();
    const [fired] = await h.eventsOfType('TimeoutFired');
    const [cancelled] = await h.eventsOfType('OrderCancelled');
    if (!fired || !cancelled) throw new Error('the timeout did not cancel the order');
    await h.redeliver('checkout', fired);
    await h.redeliver('checkout', cancelled);
    await h.redeliver('checkout', placed);
    expect(await count(h, 'OrderCancelled')).toBe(1);
    expect(await count(h, 'StockReservationReleased')).toBe(2);
    expect(await count(h, 'CouponRedemptionReleased')).toBe(1);
    expect(await h.stock('TEA-1')).toEqual({ onHand: 10, reserved: 0, available: 10 });
    const state = await h.read.stock('TEA-1');
    expect(state.closed[reservationIdFor(ORDER, 'line-1')]?.outcome).toBe('released');
  });

  it('neither loses nor repeats the payment timeout across restarts', async () => {
    const h = await setUp();
    await placeTeaOrder(h);
    await h.settle();
    // Down over the deadline: the timeout is stored, so the new instance fires it.
    await h.processes.stop();
    h.clock.advance(45 * MINUTE);
    await h.restart();
    await h.settle();
    expect((await h.order(ORDER)).status).toBe('cancelled');

    // Down between the firing and the reaction: the reaction still runs, once.
    await placeTeaOrder(h, OTHER, false);
    await h.settle();
    await h.processes.stop();
    h.clock.advance(30 * MINUTE);
    expect(await h.processes.scheduler.fireDue()).toBe(1);
    await h.restart();
    await h.settle();
    await h.restart();
    await h.settle();
    expect((await h.order(OTHER)).status).toBe('cancelled');
    expect(await count(h, 'TimeoutFired')).toBe(2);
    expect(await count(h, 'OrderCancelled')).toBe(2);
    expect(await h.stock('TEA-1')).toEqual({ onHand: 10, reserved: 0, available: 10 });
    const payment = await h.read.payment(OTHER);
    expect(isOpen(payment)).toBe(false);
  });
});
