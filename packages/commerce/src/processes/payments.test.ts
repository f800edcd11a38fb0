import { describe, expect, it } from 'vitest';
import { isOpen } from '../payment/index.js';
import { money } from '../shared/money.js';
import { PaymentProviderUnavailable } from './payments.js';
import { processHarness } from './testing/harness.js';
import type { ProcessHarness } from './testing/harness.js';

const ORDER = '9a8b7c6d-5e4f-4a3b-8c2d-0000000004b1';

const paidOrder = async (): Promise<ProcessHarness> => {
  const h = await processHarness();
  await h.receiveStock('TEA-1', 10);
  await h.placeOrder(ORDER, [{ sku: 'TEA-1', quantity: 1, unitPrice: 8_000 }]);
  await h.settle();
  await h.pay(ORDER);
  return h;
};

const refundsOf = async (h: ProcessHarness) => {
  const payment = await h.read.payment(ORDER);
  return isOpen(payment) ? payment.refunds.map((r) => [r.refundId, r.status, r.amount.amount]) : [];
};

// The processes' gateway is the payment service's refund and void, with what a reaction cannot act on thrown.
describe('the processes’ payment gateway', () => {
  it('throws PaymentProviderUnavailable when the provider does not answer a refund, and the retry with the same id is the same refund', async () => {
    const h = await paidOrder();
    h.wechat.control.failNext('refund', { kind: 'unavailable' });
    await expect(h.processes.payments.refund({ orderId: ORDER, refundId: 'r-1', amount: money(3_000), reason: 'cancelled' })).rejects.toBeInstanceOf(PaymentProviderUnavailable);
    // Recorded as asked, its money reserved, until the provider answers.
    expect(await refundsOf(h)).toEqual([['r-1', 'requested', 3_000]]);
    // A redelivered reaction asks the first refund again, whatever it now computes.
    expect(await h.processes.payments.refund({ orderId: ORDER, refundId: 'r-1', amount: money(2_000), reason: 'cancelled' })).toBe('pending');
    await h.deliverNotifications();
    await h.settle();
    expect(await refundsOf(h)).toEqual([['r-1', 'succeeded', 3_000]]);
    expect(await h.processes.payments.refund({ orderId: ORDER, refundId: 'r-1', amount: money(3_000), reason: 'cancelled' })).toBe('succeeded');
    expect(await h.eventsOfType('PaymentRefundRequested')).toHaveLength(1);
  });

  it('records a refund the provider refuses as failed, once', async () => {
    const h = await paidOrder();
    h.wechat.control.failNext('refund', { kind: 'rejected', code: 'NOTENOUGH', message: 'merchant balance too low' });
    expect(await h.processes.payments.refund({ orderId: ORDER, refundId: 'r-1', amount: money(3_000), reason: 'cancelled' }, {})).toBe('failed');
    expect(await h.processes.payments.refund({ orderId: ORDER, refundId: 'r-1', amount: money(3_000), reason: 'cancelled' }, {})).toBe('failed');
    expect((await h.eventsOfType('PaymentRefundFailed')).map((e) => e.data)).toMatchObject([{ refundId: 'r-1', reason: 'NOTENOUGH: merchant balance too low' }]);
  });

  it('records a void the provider refuses (a late payment is then given back), and throws when it does not answer', async () => {
    const h = await processHarness();
    await h.receiveStock('TEA-1', 10);
    await h.placeOrder(ORDER, [{ sku: 'TEA-1', quantity: 1, unitPrice: 8_000 }]);
    await h.settle();
    const started = await h.startPayment(ORDER);
    h.wechat.control.failNext('void', { kind: 'unavailable' });
    await expect(h.processes.payments.voidAttempt(ORDER, started.attemptId, 'order cancelled')).rejects.toBeInstanceOf(PaymentProviderUnavailable);
    expect(await h.eventsOfType('PaymentAttemptVoided')).toEqual([]);
    h.wechat.control.failNext('void', { kind: 'rejected', code: 'ORDERPAID' });
    expect(await h.processes.payments.voidAttempt(ORDER, started.attemptId, 'order cancelled')).toBe(true);
    expect(await h.eventsOfType('PaymentAttemptVoided')).toHaveLength(1);
    // Voided already: nothing left to void.
    expect(await h.processes.payments.voidAttempt(ORDER, started.attemptId, 'order cancelled')).toBe(false);
  });
});
