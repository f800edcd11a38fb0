import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { caseClaimsStream, orderMoney, unclaimedMoney } from '../afterSales/index.js';
import type { CaseKind } from '../afterSales/index.js';
import { isOpen } from '../payment/index.js';
import { money } from '../shared/money.js';
import { caseClaimsHandler, openCase } from './caseClaims.js';
import type { CaseClaimsHandler } from './caseClaims.js';
import { refundGoodwill } from './goodwillRefunds.js';
import { ORDER, caseId, deliveredOrder, jitteredStore, requestFor } from './testing/claims.js';
import { MINUTE } from './testing/harness.js';
import type { ProcessHarness } from './testing/harness.js';

const must = <L, R>(result: E.Either<L, R>): R => {
  if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
  return result.right;
};

/** Staff refund money of the order outside any case, through the harness's payment service. */
const refund = (h: ProcessHarness, refundId: string, amount: number, claims: CaseClaimsHandler = h.processes.claims) =>
  refundGoodwill(h, claims, { orderId: ORDER, refundId, amount: money(amount), reason: 'sorry for the wait' }, async () => [], (r) => h.payments.refund(r));

const ledger = async (h: ProcessHarness) => (await h.processes.claims.current(caseClaimsStream(ORDER))).state;

const paymentRefund = async (h: ProcessHarness, refundId: string) => {
  const payment = await h.read.payment(ORDER);
  return isOpen(payment) ? payment.refunds.find((r) => r.refundId === refundId) : undefined;
};

// The order: two teas at 50.00 and a cup at 30.00, 130.00 paid and delivered.
describe('goodwill refunds on the order’s claim ledger', () => {
  it('refunds only money no open case holds, names what is free when asked for more, and settles once the provider confirms', async () => {
    const h = await deliveredOrder();
    must(await openCase(h, h.processes.claims, await requestFor(h, caseId(1), 'return', [{ lineId: 'line-1', quantity: 2 }]), async () => []));
    expect(await refund(h, 'r-1', 3_001)).toEqual(E.left({ _tag: 'RefundExceedsUnclaimed', orderId: ORDER, requested: money(3_001), available: money(3_000) }));
    // Refused on the ledger: the payment was never asked.
    expect(await paymentRefund(h, 'r-1')).toBeUndefined();
    expect(must(await refund(h, 'r-1', 3_000))).toMatchObject({ refundId: 'r-1', status: 'pending' });
    expect((await ledger(h)).refunds['r-1']?.standing).toBe('held');
    await h.deliverNotifications();
    await h.settle();
    expect((await ledger(h)).refunds['r-1']?.standing).toBe('settled');
    expect((await h.order(ORDER)).ledger.refunded).toEqual(money(3_000));
    // A retry is the same refund; a complaint opened now is promised nothing: the return and the refund took it all.
    expect(must(await refund(h, 'r-1', 3_000))).toMatchObject({ refundId: 'r-1', status: 'succeeded' });
    expect(await h.eventsOfType('PaymentRefundRequested')).toHaveLength(1);
    const heard = must(await openCase(h, h.processes.claims, await requestFor(h, caseId(2), 'complaint', [{ lineId: 'line-2', quantity: 1 }]), async () => []));
    expect(heard.state.refundable).toEqual(money(0));
  });

  it('gives the claim back when the payment refuses the refund (money left it around the ledger)', async () => {
    const h = await deliveredOrder();
    // Code calling the payment service directly, and the order has not heard of it yet.
    must(await h.payments.refund({ orderId: ORDER, refundId: 'around', amount: money(12_000), reason: 'by hand' }));
    expect(await refund(h, 'r-1', 2_000)).toMatchObject({ _tag: 'Left', left: { _tag: 'RefundExceedsCaptured' } });
    expect((await ledger(h)).refunds['r-1']?.standing).toBe('released');
    expect(await refund(h, 'r-1', 2_000)).toEqual(E.left({ _tag: 'RefundAlreadyGivenUp', refundId: 'r-1' }));
  });

  it('gives the claim back when the provider fails the refund, and the money is free again', async () => {
    const h = await deliveredOrder();
    h.wechat.control.failNextRefund('merchant balance too low');
    must(await refund(h, 'r-1', 13_000));
    await h.deliverNotifications();
    await h.settle();
    expect((await paymentRefund(h, 'r-1'))?.status).toBe('failed');
    expect((await ledger(h)).refunds['r-1']?.standing).toBe('released');
    expect(must(await refund(h, 'r-2', 13_000))).toMatchObject({ status: 'pending' });
  });

  it('finishes a refund that stopped after its claim, once its grace has passed', async () => {
    const h = await deliveredOrder();
    const order = await h.order(ORDER);
    // The host recorded the claim, then died before it asked the payment.
    must(await h.processes.claims(caseClaimsStream(ORDER), { type: 'ClaimGoodwillRefund', orderId: ORDER, refundId: 'r-1', amount: money(2_000), reason: 'sorry', money: orderMoney(order), carriedOver: [] }));
    await h.settle();
    expect(await paymentRefund(h, 'r-1')).toBeUndefined();
    h.clock.advance(MINUTE + 1);
    await h.settle();
    expect(await paymentRefund(h, 'r-1')).toMatchObject({ amount: money(2_000), reason: 'sorry' });
    const [requested] = await h.eventsOfType('PaymentRefundRequested');
    expect(requested?.metadata.actor).toEqual({ kind: 'system', id: 'process:case-claims' });
    await h.deliverNotifications();
    await h.settle();
    expect((await ledger(h)).refunds['r-1']?.standing).toBe('settled');
    expect(h.processes.runtime.status().filter((r) => r.state !== 'running')).toEqual([]);
  });

  it('gives back the claim of a stopped refund the payment can no longer give', async () => {
    const h = await deliveredOrder();
    const order = await h.order(ORDER);
    must(await h.processes.claims(caseClaimsStream(ORDER), { type: 'ClaimGoodwillRefund', orderId: ORDER, refundId: 'r-1', amount: money(2_000), reason: 'sorry', money: orderMoney(order), carriedOver: [] }));
    must(await h.payments.refund({ orderId: ORDER, refundId: 'around', amount: money(13_000), reason: 'by hand' }));
    h.clock.advance(MINUTE + 1);
    await h.settle();
    expect(await paymentRefund(h, 'r-1')).toBeUndefined();
    expect((await ledger(h)).refunds['r-1']?.standing).toBe('released');
    expect(h.processes.runtime.status().filter((r) => r.state !== 'running')).toEqual([]);
  });

  const anAct = fc.oneof(
    fc.record({ do: fc.constant('open' as const), kind: fc.constantFrom<CaseKind>('return', 'complaint'), tea: fc.integer({ min: 0, max: 2 }), cup: fc.integer({ min: 0, max: 1 }) }),
    fc.record({ do: fc.constant('refund' as const), amount: fc.integer({ min: 1, max: 13_000 }) }),
  );

  it('never lets cases and goodwill refunds racing in separate processes take the same money (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anAct, { minLength: 2, maxLength: 6 }), fc.array(fc.nat(3), { minLength: 1, maxLength: 20 }), async (acts, delays) => {
        const h = await deliveredOrder();
        // Every read and append of the ledger waits a drawn few milliseconds: opens and refunds interleave in every way the draws give.
        const jittered = jitteredStore(h.eventStore, delays);
        // Each with a handler of its own, as in a host of several processes: only the store decides between them.
        const own = () => caseClaimsHandler({ eventStore: jittered, clock: h.clock, ids: h.ids });
        const requests = await Promise.all(
          acts.map(async (a, i) =>
            a.do === 'open'
              ? { i, a, request: await requestFor(h, caseId(i + 1), a.kind, [...(a.tea > 0 ? [{ lineId: 'line-1', quantity: a.tea }] : []), ...(a.cup > 0 ? [{ lineId: 'line-2', quantity: a.cup }] : [])]) }
              : { i, a, request: null },
          ),
        );
        const outcomes = await Promise.all(
          requests.map(({ i, a, request }) => (request !== null ? openCase(h, own(), request, async () => []) : a.do === 'refund' ? refund(h, `r-${i}`, a.amount, own()) : Promise.reject(new Error('no act')))),
        );
        await h.deliverNotifications();
        await h.settle();

        const caseIds = requests.flatMap(({ request }) => (request === null ? [] : [request.caseId]));
        const cases = (await Promise.all(caseIds.map((id) => h.read.afterSalesCase(id)))).filter((c) => c !== null);
        const promised = cases.reduce((n, c) => n + c.refundable.amount, 0);
        const refundIds = requests.filter((r) => r.request === null).map((r) => `r-${r.i}`);
        const made = (await Promise.all(refundIds.map((id) => paymentRefund(h, id)))).filter((r) => r !== undefined && r.status !== 'failed');
        const refunded = made.reduce((n, r) => n + (r?.amount.amount ?? 0), 0);
        expect(promised + refunded).toBeLessThanOrEqual(13_000);

        // The ledger holds exactly what moved: a refund the payment made is settled, one it never saw is not held.
        const now = await ledger(h);
        for (const [k, { i, request }] of requests.entries()) {
          if (request !== null) continue;
          const outcome = outcomes[k];
          const atPayment = await paymentRefund(h, `r-${i}`);
          expect(atPayment !== undefined).toBe(outcome?._tag === 'Right');
          expect(now.refunds[`r-${i}`]?.standing ?? 'none').toBe(atPayment === undefined ? (now.refunds[`r-${i}`] === undefined ? 'none' : 'released') : 'settled');
        }
        // And what is left free is exactly what neither took.
        expect(unclaimedMoney(Object.values(now.claims), Object.values(now.refunds), orderMoney(await h.order(ORDER)))).toEqual(money(13_000 - promised - refunded));
      }),
      { numRuns: 25 },
    );
  }, 180_000);
});
