import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { afterSalesStream, caseClaimsStream, unclaimedMoney } from '../afterSales/index.js';
import { originalRefundId } from '../payment/index.js';
import { money } from '../shared/money.js';
import { openCase } from './caseClaims.js';
import { refundGoodwill } from './goodwillRefunds.js';
import { retryDebt } from './repay.js';
import type { OwedDebt } from './repay.js';
import { ORDER, caseId, deliveredOrder, requestFor } from './testing/claims.js';
import { processHarness } from './testing/harness.js';
import type { ProcessHarness } from './testing/harness.js';

const must = <L, R>(result: E.Either<L, R>): R => {
  if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
  return result.right;
};

const STAFF = { metadata: { actor: { kind: 'staff' as const, id: 'staff-7' }, correlationId: 'req-retry-1' } };

const retry = (h: ProcessHarness, debt: OwedDebt) =>
  retryDebt({ read: h.read, claims: h.processes.claims, payments: h.payments, casesOfOrder: async () => [] }, debt, STAFF);

const ledger = async (h: ProcessHarness) => (await h.processes.claims.current(caseClaimsStream(ORDER))).state;

/** The cup comes back as described; the provider refuses its refund. */
const refusedReturn = async (h: ProcessHarness, id: string) => {
  must(await openCase(h, h.processes.claims, await requestFor(h, id, 'return', [{ lineId: 'line-2', quantity: 1 }]), async () => []));
  const stream = afterSalesStream(id);
  must(await h.handlers.afterSales(stream, { type: 'ApproveCase', caseId: id, approvedBy: 'staff-1', note: '' }));
  h.wechat.control.failNextRefund('merchant balance too low');
  must(await h.handlers.afterSales(stream, { type: 'ReceiveItem', caseId: id, receivedBy: 'staff-2', condition: 'as_described', note: '' }));
  await h.settle();
  await h.deliverNotifications();
  await h.settle();
};

describe('retrying money the shop owes', () => {
  it('asks again for a refused return refund under the next id, once however often staff retry, and enters it against the case’s line', async () => {
    const h = await deliveredOrder(ORDER, undefined, { refundRetry: { delaysMs: [] } });
    const CASE = caseId(1);
    await refusedReturn(h, CASE);
    expect((await h.eventsOfType('PaymentRefundFailed')).map((e) => e.data)).toMatchObject([{ refundId: CASE }]);

    expect(must(await retry(h, { kind: 'refund', orderId: ORDER, refundId: CASE }))).toEqual({ refundId: `${CASE}-retry-2`, status: 'pending' });
    // Its answer not heard yet: a second retry asks for the same refund again, not a new one (the provider made it once).
    expect(must(await retry(h, { kind: 'refund', orderId: ORDER, refundId: CASE }))).toEqual({ refundId: `${CASE}-retry-2`, status: 'succeeded' });
    await h.deliverNotifications();
    await h.settle();
    expect((await h.eventsOfType('PaymentRefundRequested')).map((e) => (e.data as { refundId: string }).refundId)).toEqual([CASE, `${CASE}-retry-2`]);
    expect(must(await retry(h, { kind: 'refund', orderId: ORDER, refundId: CASE }))).toEqual({ refundId: `${CASE}-retry-2`, status: 'already_settled' });

    const order = await h.order(ORDER);
    expect(order.refunds).toEqual([{ refundId: `${CASE}-retry-2`, amount: money(3_000), lineId: 'line-2' }]);
    expect(h.wechat.control.transaction(order.payment?.paymentId ?? '')).toMatchObject({ refunded: 3_000 });
    // The case's claim holds what it paid once; the retry does not make the order's free money count it twice.
    const state = await ledger(h);
    expect(unclaimedMoney(Object.values(state.claims), Object.values(state.refunds), { kept: order.ledger.paid, refunded: order.ledger.refunded, refundIds: order.refunds.map((r) => r.refundId) })).toEqual(money(10_000));
    // Every event of the retry names the staff member and the request.
    const [requested] = (await h.eventsOfType('PaymentRefundRequested')).slice(1);
    expect(requested?.metadata).toMatchObject({ actor: { kind: 'staff', id: 'staff-7' }, correlationId: 'req-retry-1' });
  });

  it('retries a refused goodwill refund through the claim ledger again: its claim settles, and only money no case holds now is given', async () => {
    const h = await deliveredOrder(ORDER, undefined, { refundRetry: { delaysMs: [] } });
    h.wechat.control.failNextRefund('merchant balance too low');
    must(await refundGoodwill(h, h.processes.claims, { orderId: ORDER, refundId: 'g-1', amount: money(4_000), reason: 'sorry for the wait' }, async () => [], (r) => h.payments.refund(r)));
    await h.deliverNotifications();
    await h.settle();
    expect((await ledger(h)).refunds['g-1']?.standing).toBe('released');

    // Meanwhile a return claims the teas (100.00 of the 130.00): 30.00 is free, less than the refund.
    must(await openCase(h, h.processes.claims, await requestFor(h, caseId(2), 'return', [{ lineId: 'line-1', quantity: 2 }]), async () => []));
    expect(await retry(h, { kind: 'refund', orderId: ORDER, refundId: 'g-1' })).toEqual(
      E.left({ _tag: 'RefundExceedsUnclaimed', orderId: ORDER, requested: money(4_000), available: money(3_000) }),
    );
    must(await h.handlers.afterSales(afterSalesStream(caseId(2)), { type: 'RejectCase', caseId: caseId(2), rejectedBy: 'staff-1', reason: 'not eligible' }));
    await h.settle();

    expect(must(await retry(h, { kind: 'refund', orderId: ORDER, refundId: 'g-1' }))).toEqual({ refundId: 'g-1-retry-2', status: 'pending' });
    await h.deliverNotifications();
    await h.settle();
    const state = await ledger(h);
    expect(state.refunds['g-1-retry-2']).toMatchObject({ standing: 'settled', amount: money(4_000), reason: 'sorry for the wait' });
    expect((await h.order(ORDER)).ledger.refunded).toEqual(money(4_000));
  });

  it('reverses a double payment whose reversal the provider refused, through the payment service', async () => {
    const h = await processHarness({ refundRetry: { delaysMs: [] } });
    await h.receiveStock('TEA-1', 10);
    await h.placeOrder(ORDER, [{ sku: 'TEA-1', quantity: 1, unitPrice: 5_000 }]);
    await h.settle();
    // The customer pays in two tabs: the payment flags the second, and the provider refuses its reversal.
    const first = await h.startPayment(ORDER);
    const second = await h.startPayment(ORDER);
    h.wechat.control.act(first.providerReference);
    h.wechat.control.failNextRefund('merchant balance too low');
    h.wechat.control.act(second.providerReference);
    await h.deliverNotifications();
    await h.settle();
    await h.deliverNotifications();
    await h.settle();
    expect((await h.eventsOfType('PaymentRefundFailed')).map((e) => e.data)).toMatchObject([{ refundId: `reversal-${second.attemptId}` }]);

    expect(must(await retry(h, { kind: 'reversal', orderId: ORDER, attemptId: second.attemptId }))).toEqual({ refundId: `reversal-${second.attemptId}-2`, status: 'pending' });
    await h.deliverNotifications();
    await h.settle();
    expect(must(await retry(h, { kind: 'reversal', orderId: ORDER, attemptId: second.attemptId }))).toEqual({ refundId: null, status: 'already_settled' });
    expect(h.wechat.control.transaction(second.providerReference)).toMatchObject({ refunded: 5_000 });
  });

  it('never gives a debt back twice, however staff retries, provider refusals and late answers interleave (property)', async () => {
    const CASE = caseId(3);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('retry' as const, 'refuse' as const, 'answer' as const), { minLength: 1, maxLength: 10 }), async (acts) => {
        const h = await deliveredOrder(ORDER, undefined, { refundRetry: { delaysMs: [] } });
        await refusedReturn(h, CASE);
        for (const act of acts) {
          if (act === 'refuse') h.wechat.control.failNextRefund('merchant balance too low');
          else if (act === 'retry') expect(E.isRight(await retry(h, { kind: 'refund', orderId: ORDER, refundId: CASE }))).toBe(true);
          else {
            await h.deliverNotifications();
            await h.settle();
          }
        }
        await h.deliverNotifications();
        await h.settle();
        const ofDebt = (events: readonly { readonly data: unknown }[]) =>
          events.map((e) => (e.data as { refundId: string }).refundId).filter((id) => originalRefundId(id) === CASE);
        const paid = ofDebt(await h.eventsOfType('PaymentRefunded'));
        expect(paid.length).toBeLessThanOrEqual(1);
        const order = await h.order(ORDER);
        expect(h.wechat.control.transaction(order.payment?.paymentId ?? '')).toMatchObject({ refunded: paid.length * 3_000 });
        // The tries are asked one after another under consecutive ids, none twice.
        const asked = ofDebt(await h.eventsOfType('PaymentRefundRequested'));
        expect(asked).toEqual(asked.map((_, i) => (i === 0 ? CASE : `${CASE}-retry-${i + 1}`)));
      }),
      { numRuns: 15 },
    );
  });

  it('refuses to retry a refund the payment never heard of and no case refused', async () => {
    const h = await deliveredOrder(ORDER, undefined, { refundRetry: { delaysMs: [] } });
    expect(await retry(h, { kind: 'refund', orderId: ORDER, refundId: 'nothing' })).toEqual(E.left({ _tag: 'UnknownRefund', orderId: ORDER, refundId: 'nothing' }));
  });
});
