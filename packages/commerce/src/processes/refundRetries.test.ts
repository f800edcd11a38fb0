import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderStream } from '../ordering/index.js';
import { isOpen } from '../payment/index.js';
import { cancellationRefundId } from './ids.js';
import { MINUTE, processHarness } from './testing/harness.js';
import type { ProcessHarness } from './testing/harness.js';

const ORDER = '9a8b7c6d-5e4f-4a3b-8c2d-0000000003a1';
const HOUR = 60 * MINUTE;
const DELAYS = [10 * MINUTE, HOUR, 6 * HOUR];

/** A paid order of 130.00 that staff cancel: the refunds process gives the money back. */
const paidOrder = async (): Promise<ProcessHarness> => {
  const h = await processHarness();
  await h.receiveStock('TEA-1', 10);
  await h.placeOrder(ORDER, [{ sku: 'TEA-1', quantity: 2, unitPrice: 6_500 }]);
  await h.settle();
  await h.pay(ORDER);
  return h;
};

const cancel = async (h: ProcessHarness) => {
  await h.handlers.orders(orderStream(ORDER), { type: 'CancelOrder', data: { orderId: ORDER, reason: 'staff_decision', cancelledBy: { kind: 'staff', staffId: 'staff-1' } } });
  await h.settle();
  await h.deliverNotifications();
  await h.settle();
};

const refundsAsked = async (h: ProcessHarness) => (await h.eventsOfType('PaymentRefundRequested')).map((e) => (e.data as { refundId: string }).refundId);

describe('refund retries', () => {
  it('asks again after 10 minutes, 1 hour and 6 hours, never before, under the next id each time, then leaves the debt to staff (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5 }), async (refusals) => {
        const h = await paidOrder();
        const first = cancellationRefundId(ORDER);
        const ids = [first, `${first}-retry-2`, `${first}-retry-3`, `${first}-retry-4`];
        let refused = 0;
        // The provider refuses the next `refusals` refunds it is asked for.
        const refuseNext = () => {
          if (refused < refusals) h.wechat.control.failNextRefund('merchant balance too low');
          refused += 1;
        };
        refuseNext();
        await cancel(h);
        for (const [i, delay] of DELAYS.entries()) {
          const before = await refundsAsked(h);
          if (i < refusals) refuseNext();
          h.clock.advance(delay - 1);
          await h.settle();
          expect(await refundsAsked(h)).toEqual(before);
          h.clock.advance(1);
          await h.settle();
          await h.deliverNotifications();
          await h.settle();
        }
        h.clock.advance(30 * 24 * HOUR);
        await h.settle();

        const tries = Math.min(refusals, DELAYS.length) + 1;
        expect(await refundsAsked(h)).toEqual(ids.slice(0, tries));
        const payment = await h.read.payment(ORDER);
        const statuses = isOpen(payment) ? payment.refunds.map((r) => r.status) : [];
        const paid = refusals <= DELAYS.length;
        expect(statuses).toEqual([...Array.from({ length: tries - (paid ? 1 : 0) }, () => 'failed'), ...(paid ? ['succeeded'] : [])]);
        expect((await h.order(ORDER)).ledger.refunded.amount).toBe(paid ? 13_000 : 0);
        // Every retry is asked by the retries process, caused by its timeout, in the chain of the refusal that scheduled it.
        const fired = new Map((await h.eventsOfType('TimeoutFired')).map((e) => [e.id, e]));
        for (const event of (await h.eventsOfType('PaymentRefundRequested')).slice(1)) {
          expect(event.metadata.actor).toEqual({ kind: 'system', id: 'process:refund-retries' });
          const timeout = fired.get(event.metadata.causationId ?? '');
          expect(timeout?.data).toMatchObject({ kind: 'refund-retry' });
          expect(event.metadata.correlationId).toBe(timeout?.metadata.correlationId);
        }
        expect(h.processes.runtime.status().filter((r) => r.state !== 'running')).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });

  it('retries a refused reversal of a double payment under the reversal’s next id', async () => {
    const h = await processHarness();
    await h.receiveStock('TEA-1', 10);
    await h.placeOrder(ORDER, [{ sku: 'TEA-1', quantity: 1, unitPrice: 5_000 }]);
    await h.settle();
    const first = await h.startPayment(ORDER);
    const second = await h.startPayment(ORDER);
    h.wechat.control.act(first.providerReference);
    h.wechat.control.failNextRefund('merchant balance too low');
    h.wechat.control.act(second.providerReference);
    for (let i = 0; i < 2; i++) {
      await h.deliverNotifications();
      await h.settle();
    }
    h.clock.advance(DELAYS[0] ?? 0);
    await h.settle();
    await h.deliverNotifications();
    await h.settle();
    expect(await refundsAsked(h)).toEqual([`reversal-${second.attemptId}`, `reversal-${second.attemptId}-2`]);
    expect(h.wechat.control.transaction(second.providerReference)).toMatchObject({ refunded: 5_000 });
    expect(h.wechat.control.transaction(first.providerReference)).toMatchObject({ refunded: 0 });
  });

  it('asks nothing when staff retried first, and nothing when configured not to retry', async () => {
    const h = await paidOrder();
    h.wechat.control.failNextRefund('merchant balance too low');
    await cancel(h);
    const first = cancellationRefundId(ORDER);
    // Staff ask the second try themselves before the timeout is due; it is paid.
    await h.processes.payments.refund({ orderId: ORDER, refundId: `${first}-retry-2`, amount: { amount: 13_000, currency: 'CNY' }, reason: 'by staff' });
    await h.deliverNotifications();
    await h.settle();
    h.clock.advance(DELAYS[0] ?? 0);
    await h.settle();
    expect(await refundsAsked(h)).toEqual([first, `${first}-retry-2`]);

    const never = await processHarness({ refundRetry: { delaysMs: [] } });
    await never.receiveStock('TEA-1', 10);
    await never.placeOrder(ORDER, [{ sku: 'TEA-1', quantity: 2, unitPrice: 6_500 }]);
    await never.settle();
    await never.pay(ORDER);
    never.wechat.control.failNextRefund('merchant balance too low');
    await cancel(never);
    never.clock.advance(7 * HOUR);
    await never.settle();
    expect(await refundsAsked(never)).toEqual([first]);
  });
});
