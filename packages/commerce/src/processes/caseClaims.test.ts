import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterSalesStream, caseClaimsStream, heldPerLine, orderMoney } from '../afterSales/index.js';
import type { CaseKind, RequestAfterSales } from '../afterSales/index.js';
import { caseClaimsHandler, openCase } from './caseClaims.js';
import { ORDER, OTHER_ORDER, caseId, deliveredOrder, jitteredStore, requestFor } from './testing/claims.js';
import { CUSTOMER, DAY, MINUTE } from './testing/harness.js';
import type { ProcessHarness } from './testing/harness.js';

const open = async (h: ProcessHarness, request: RequestAfterSales, known: readonly string[] = []) => openCase(h, h.processes.claims, request, async () => known);

const must = <L, R>(result: E.Either<L, R>): R => {
  if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
  return result.right;
};

describe('opening cases through the order’s claim ledger', () => {
  it('opens the case with exactly what its claim decided, and refuses a second case the units are gone for', async () => {
    const h = await deliveredOrder();
    const first = must(await open(h, await requestFor(h, caseId(1), 'return', [{ lineId: 'line-1', quantity: 2 }])));
    expect(first.state).toMatchObject({ status: 'requested', refundable: { amount: 10_000 } });
    const second = await open(h, await requestFor(h, caseId(2), 'exchange', [{ lineId: 'line-1', quantity: 1 }]));
    expect(second).toEqual(E.left({ _tag: 'QuantityExceedsClaimable', lineId: 'line-1', requested: 1, claimable: 0 }));
    // Refused: nothing of it on the ledger, no case stream.
    const { state } = await h.processes.claims.current(caseClaimsStream(ORDER));
    expect(Object.keys(state.claims)).toEqual([caseId(1)]);
    expect(await h.read.afterSalesCase(caseId(2))).toBeNull();
  });

  it('a retried open with the same case id answers CaseAlreadyOpened and claims nothing more', async () => {
    const h = await deliveredOrder();
    const request = await requestFor(h, caseId(1), 'return', [{ lineId: 'line-2', quantity: 1 }]);
    must(await open(h, request));
    expect(await open(h, request)).toEqual(E.left({ _tag: 'CaseAlreadyOpened', caseId: caseId(1) }));
    expect(await h.eventsOfType('CaseClaimed')).toHaveLength(1);
  });

  it('gives the claim back when the case id is already another order’s case', async () => {
    const h = await deliveredOrder();
    await deliveredOrder(OTHER_ORDER, h);
    must(await open(h, await requestFor(h, caseId(1), 'return', [{ lineId: 'line-2', quantity: 1 }], OTHER_ORDER)));
    expect(await open(h, await requestFor(h, caseId(1), 'return', [{ lineId: 'line-2', quantity: 1 }]))).toEqual(E.left({ _tag: 'CaseAlreadyOpened', caseId: caseId(1) }));
    const { state } = await h.processes.claims.current(caseClaimsStream(ORDER));
    expect(state.claims[caseId(1)]?.standing).toBe('released');
    must(await open(h, await requestFor(h, caseId(2), 'return', [{ lineId: 'line-2', quantity: 1 }])));
  });

  it('finishes an open that stopped after its claim, once its grace has passed', async () => {
    const h = await deliveredOrder();
    const request = await requestFor(h, caseId(1), 'return', [{ lineId: 'line-2', quantity: 1 }]);
    // The host recorded the claim, then died before it appended the case.
    must(await h.processes.claims(caseClaimsStream(ORDER), { type: 'ClaimCase', request, money: orderMoney(await h.order(ORDER)), carriedOver: [] }));
    await h.settle();
    expect(await h.read.afterSalesCase(caseId(1))).toBeNull();
    h.clock.advance(MINUTE + 1);
    await h.settle();
    expect(await h.read.afterSalesCase(caseId(1))).toMatchObject({ status: 'requested', orderId: ORDER, refundable: { amount: 3_000 } });
    const [requested] = await h.eventsOfType('AfterSalesRequested');
    expect(requested?.metadata.actor).toEqual({ kind: 'system', id: 'process:case-claims' });
  });

  it('gives back the claim of a stopped open the case no longer accepts', async () => {
    const h = await deliveredOrder();
    const request = await requestFor(h, caseId(1), 'return', [{ lineId: 'line-2', quantity: 1 }]);
    must(await h.processes.claims(caseClaimsStream(ORDER), { type: 'ClaimCase', request, money: orderMoney(await h.order(ORDER)), carriedOver: [] }));
    await h.settle();
    // The no-reason window closed before the check ran.
    h.clock.advance(8 * DAY);
    await h.settle();
    expect(await h.read.afterSalesCase(caseId(1))).toBeNull();
    expect((await h.processes.claims.current(caseClaimsStream(ORDER))).state.claims[caseId(1)]?.standing).toBe('released');
    expect(h.processes.runtime.status().filter((r) => r.state !== 'running')).toEqual([]);
  });

  it('frees a withdrawn case’s units, and keeps a refunded return’s units with only what it paid', async () => {
    const h = await deliveredOrder();
    const withdrawn = must(await open(h, await requestFor(h, caseId(1), 'return', [{ lineId: 'line-1', quantity: 2 }])));
    must(await h.handlers.afterSales(afterSalesStream(caseId(1)), { type: 'CancelCase', caseId: withdrawn.state.caseId, customerId: CUSTOMER, reason: '' }));
    await h.settle();
    const returned = must(await open(h, await requestFor(h, caseId(2), 'return', [{ lineId: 'line-1', quantity: 1 }])));
    const stream = afterSalesStream(caseId(2));
    must(await h.handlers.afterSales(stream, { type: 'ApproveCase', caseId: returned.state.caseId, approvedBy: 'staff', note: '' }));
    must(await h.handlers.afterSales(stream, { type: 'ReceiveItem', caseId: returned.state.caseId, receivedBy: 'staff', condition: 'as_described', note: '' }));
    await h.settle();
    const ledger = (await h.processes.claims.current(caseClaimsStream(ORDER))).state;
    expect(ledger.claims[caseId(1)]?.standing).toBe('released');
    expect(ledger.claims[caseId(2)]).toMatchObject({ standing: 'settled', lines: [{ lineId: 'line-1', units: 1, money: { amount: 5_000 } }] });
    // Redelivered, the settlement changes nothing.
    const [issued] = await h.eventsOfType('RefundIssued');
    if (!issued) throw new Error('no RefundIssued');
    await h.redeliver('case-claims', issued);
    expect(await h.eventsOfType('CaseClaimSettled')).toHaveLength(1);
  });

  it('carries over the cases an order had before its ledger, from their own streams', async () => {
    const h = await deliveredOrder();
    // Opened the old way, straight on the case stream, with no claim.
    must(await h.handlers.afterSales(afterSalesStream(caseId(1)), await requestFor(h, caseId(1), 'return', [{ lineId: 'line-1', quantity: 2 }])));
    expect(await open(h, await requestFor(h, caseId(2), 'return', [{ lineId: 'line-1', quantity: 1 }]), [caseId(1)])).toEqual(
      E.left({ _tag: 'QuantityExceedsClaimable', lineId: 'line-1', requested: 1, claimable: 0 }),
    );
    must(await open(h, await requestFor(h, caseId(3), 'return', [{ lineId: 'line-2', quantity: 1 }]), [caseId(1)]));
    const ledger = (await h.processes.claims.current(caseClaimsStream(ORDER))).state;
    expect(ledger.claims[caseId(1)]).toMatchObject({ standing: 'held', request: null, lines: [{ lineId: 'line-1', units: 2, money: { amount: 10_000 } }] });
  });

  const anOpen = fc.record({
    kind: fc.constantFrom<CaseKind>('return', 'exchange', 'complaint'),
    tea: fc.integer({ min: 0, max: 2 }),
    cup: fc.integer({ min: 0, max: 1 }),
  });

  it('never claims more units than were delivered nor promises more money than was kept, however concurrent opens interleave (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anOpen, { minLength: 2, maxLength: 6 }), fc.array(fc.nat(3), { minLength: 1, maxLength: 20 }), async (opens, delays) => {
        const h = await deliveredOrder();
        const requests = await Promise.all(
          opens.map((o, i) =>
            requestFor(h, caseId(i + 1), o.kind, [...(o.tea > 0 ? [{ lineId: 'line-1', quantity: o.tea }] : []), ...(o.cup > 0 ? [{ lineId: 'line-2', quantity: o.cup }] : [])]),
          ),
        );
        // Every read and append of the ledger waits a drawn few milliseconds: the opens interleave in every way the draws give.
        const jittered = jitteredStore(h.eventStore, delays);
        // Each open with a handler of its own, as in a host of several processes: only the store decides between them.
        const outcomes = await Promise.all(requests.map((r) => openCase(h, caseClaimsHandler({ eventStore: jittered, clock: h.clock, ids: h.ids }), r, async () => [])));
        const cases = (await Promise.all(requests.map((r) => h.read.afterSalesCase(r.caseId)))).filter((c) => c !== null);
        expect(cases.length).toBe(outcomes.filter(E.isRight).length);
        const order = await h.order(ORDER);
        for (const line of order.lines) {
          const units = cases.filter((c) => c.kind !== 'complaint').flatMap((c) => c.lines).filter((l) => l.lineId === line.lineId).reduce((n, l) => n + l.quantity, 0);
          const money = cases.flatMap((c) => c.lines).filter((l) => l.lineId === line.lineId).reduce((n, l) => n + l.refundable.amount, 0);
          expect(units).toBeLessThanOrEqual(line.quantityDelivered);
          expect(money).toBeLessThanOrEqual(line.net.amount);
        }
        const held = heldPerLine(Object.values((await h.processes.claims.current(caseClaimsStream(ORDER))).state.claims));
        // The ledger holds exactly what the opened cases hold: no claim without its case, no case without its claim.
        for (const line of order.lines) {
          const claimed = cases.flatMap((c) => c.lines.map((l) => ({ ...l, units: c.kind === 'complaint' ? 0 : l.quantity }))).filter((l) => l.lineId === line.lineId);
          expect(held.get(line.lineId)?.units ?? 0).toBe(claimed.reduce((n, l) => n + l.units, 0));
          expect(held.get(line.lineId)?.money.amount ?? 0).toBe(claimed.reduce((n, l) => n + l.refundable.amount, 0));
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
