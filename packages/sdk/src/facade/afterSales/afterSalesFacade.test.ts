import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Shop } from '../shop.js';
import { address, cny, DAY, left, right, signedUp, testShop } from '../../shop/testing.js';

/** A customer's order of two teas (8 800 in all), paid and delivered unless told otherwise. */
const teaOrder = async (shop: Shop, { pay = true, deliver = true } = {}) => {
  const tea = right(await shop.catalog.createProduct({ title: { zh: '西湖龙井', en: 'Longjing tea' }, skus: [{ sku: 'TEA-250G', price: cny(4_400) }], publish: true }));
  right(await shop.inventory.receiveStock({ sku: 'TEA-250G', quantity: 10, reference: 'PO-1' }));
  const alice = await signedUp(shop, 'alice@example.com');
  right(await shop.cart.addItem(alice, { productId: tea.productId, sku: 'TEA-250G', quantity: 2 }));
  const { addressId } = right(await shop.accounts.addAddress(alice, { ...address, makeDefault: true }));
  const order = right(await shop.checkout.placeOrder(alice, { shipTo: { addressId } }));
  await shop.settle();
  if (pay) {
    const started = right(await shop.payments.start(order.orderId, { method: 'wechat_pay' }, { customerId: alice }));
    await shop.sandbox?.payments.complete(started.providerReference);
  }
  if (pay && deliver) {
    right(await shop.shipping.shipOrder(order.orderId));
    await shop.sandbox?.carrier.advance(5 * DAY);
  }
  const placed = await shop.orders.get(order.orderId);
  const lineId = placed?.lines[0]?.lineId;
  if (lineId === undefined) throw new Error('the order has no line');
  return { alice, orderId: order.orderId, lineId };
};

const complaint = (orderId: string, lineId: string, quantity: number) =>
  ({ orderId, kind: 'complaint', reason: 'other', description: '茶叶罐漏气', lines: [{ lineId, quantity }] }) as const;

describe('after-sales money', () => {
  it('promises no money on a complaint about an unpaid order, refuses compensating it, and the refunds keep running', async () => {
    const { shop } = await testShop();
    const { alice, orderId, lineId } = await teaOrder(shop, { pay: false });
    const opened = right(await shop.afterSales.open(alice, complaint(orderId, lineId, 1)));
    expect(opened.refundable).toEqual(cny(0));
    right(await shop.afterSales.decide(opened.caseId, { decision: 'approve', staffId: 'staff-li' }));
    expect(left(await shop.afterSales.resolve(opened.caseId, { kind: 'resolve_complaint', resolution: '致歉', compensation: cny(500) }))).toMatchObject({
      _tag: 'RefundExceedsPaid',
      refundable: cny(0),
    });
    // Heard, with no money: it resolves with an apology.
    expect(right(await shop.afterSales.resolve(opened.caseId, { kind: 'resolve_complaint', resolution: '致歉' })).refunded).toEqual(cny(0));
    await shop.settle();
    expect((await shop.health()).status).toBe('ok');
    await shop.stop();
  });

  it('promises nothing more on an order cancelled and refunded', async () => {
    const { shop } = await testShop();
    const { alice, orderId, lineId } = await teaOrder(shop, { deliver: false });
    right(await shop.orders.cancel(orderId, { kind: 'customer', customerId: alice }));
    await shop.settle();
    expect((await shop.orders.get(orderId))?.ledger.balance).toEqual(cny(0));
    expect(right(await shop.afterSales.open(alice, complaint(orderId, lineId, 2))).refundable).toEqual(cny(0));
    await shop.stop();
  });

  it('lets a complaint take no units back, and keeps complaints within what was paid', async () => {
    const { shop } = await testShop();
    const { alice, orderId, lineId } = await teaOrder(shop);
    const first = right(await shop.afterSales.open(alice, complaint(orderId, lineId, 1)));
    expect(first.refundable).toEqual(cny(4_400));
    // The complained-about unit can still come back.
    const returned = right(await shop.afterSales.open(alice, { orderId, kind: 'return', reason: 'no_reason', description: '不喜欢', lines: [{ lineId, quantity: 2 }] }));
    expect(returned.refundable).toEqual(cny(4_400));
    right(await shop.afterSales.cancel(alice, returned.caseId));
    // A second complaint is promised only what the first does not hold.
    expect(right(await shop.afterSales.open(alice, complaint(orderId, lineId, 1))).refundable).toEqual(cny(4_400));
    expect(right(await shop.afterSales.open(alice, complaint(orderId, lineId, 1))).refundable).toEqual(cny(0));
    await shop.stop();
  });

  it('decides opens at the same instant one after the other: only one of two returns of every unit gets them', async () => {
    const { shop } = await testShop();
    const { alice, orderId, lineId } = await teaOrder(shop);
    const returnAll = { orderId, kind: 'return', reason: 'no_reason', description: '不要了', lines: [{ lineId, quantity: 2 }] } as const;
    const outcomes = await Promise.all([shop.afterSales.open(alice, returnAll), shop.afterSales.open(alice, returnAll), shop.afterSales.open(alice, complaint(orderId, lineId, 2))]);
    const [first, second, heard] = outcomes;
    expect([first, second].filter((o) => o?._tag === 'Right')).toHaveLength(1);
    expect([first, second].find((o) => o?._tag === 'Left')).toMatchObject({ left: { _tag: 'QuantityExceedsClaimable', claimable: 0 } });
    // The complaint takes no units and is heard; between them the two open cases are promised no more than was paid.
    expect(heard?._tag).toBe('Right');
    const promised = outcomes.reduce((total, o) => total + (o._tag === 'Right' ? o.right.refundable.amount : 0), 0);
    expect(promised).toBe(8_800);
    await shop.stop();
  });

  it('gives a goodwill refund only money no open case holds, naming what is free, so the case still pays out', async () => {
    const { shop } = await testShop();
    const { alice, orderId, lineId } = await teaOrder(shop);
    const heard = right(await shop.afterSales.open(alice, complaint(orderId, lineId, 1)));
    expect(left(await shop.payments.refund({ orderId, amount: cny(8_800), reason: '整单退款' }))).toEqual({
      _tag: 'RefundExceedsUnclaimed',
      orderId,
      requested: cny(8_800),
      available: cny(4_400),
    });
    expect(left(await shop.payments.refund({ orderId: 'no-such-order', amount: cny(100), reason: '补偿' }))).toEqual({ _tag: 'NotFound', entity: 'order', id: 'no-such-order' });
    right(await shop.payments.refund({ orderId, refundId: 'goodwill-1', amount: cny(4_400), reason: '补偿' }));
    await shop.settle();
    // Once the refund is made, a new case is promised only what is left: nothing.
    expect(right(await shop.afterSales.open(alice, complaint(orderId, lineId, 1))).refundable).toEqual(cny(0));
    right(await shop.afterSales.decide(heard.caseId, { decision: 'approve', staffId: 'staff-li' }));
    right(await shop.afterSales.resolve(heard.caseId, { kind: 'resolve_complaint', resolution: '补偿', compensation: cny(4_400) }));
    await shop.settle();
    expect((await shop.orders.get(orderId))?.ledger.refunded).toEqual(cny(8_800));
    expect(right(await shop.afterSales.list({ needsAttention: true })).items).toEqual([]);
    await shop.stop();
  });

  it('shows staff a case whose payout the payment refused, until they settle it by hand and close it', async () => {
    const { shop } = await testShop();
    const { alice, orderId, lineId } = await teaOrder(shop, { deliver: false });
    const heard = right(await shop.afterSales.open(alice, complaint(orderId, lineId, 1)));
    right(await shop.afterSales.decide(heard.caseId, { decision: 'approve', staffId: 'staff-li' }));
    // The order is cancelled before the complaint is settled: all it was paid goes back, whatever the case was promised.
    right(await shop.orders.cancel(orderId, { kind: 'customer', customerId: alice }));
    await shop.settle();
    right(await shop.afterSales.resolve(heard.caseId, { kind: 'resolve_complaint', resolution: '补偿', compensation: cny(500) }));
    await shop.settle();
    const waiting = right(await shop.afterSales.list({ needsAttention: true }));
    expect(waiting.items.map((c) => c.caseId)).toEqual([heard.caseId]);
    expect(waiting.items[0]?.payoutRefused).toMatchObject({ amount: cny(500), reason: 'exceeds_refundable', refundable: cny(0) });
    expect((await shop.afterSales.get(heard.caseId))?.payoutRefused).toMatchObject({ reason: 'exceeds_refundable' });
    right(await shop.afterSales.resolve(heard.caseId, { kind: 'close' }));
    await shop.settle();
    expect(right(await shop.afterSales.list({ needsAttention: true })).items).toEqual([]);
    expect((await shop.health()).status).toBe('ok');
    await shop.stop();
  });

  /** A case: opened, then (once every case is open) approved or not, withdrawn or not, and settled. */
  const aCase = fc.record({
    kind: fc.constantFrom('complaint' as const, 'return' as const),
    quantity: fc.integer({ min: 1, max: 2 }),
    approve: fc.boolean(),
    cancel: fc.boolean(),
    compensation: fc.oneof(fc.constantFrom(4_400, 8_800), fc.integer({ min: 1, max: 9_000 })),
  });

  it('never refunds an order more than it was paid, whatever cases are opened and settled (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(aCase, { maxLength: 4 }), async (pay, planned) => {
        const { shop } = await testShop();
        const { alice, orderId, lineId } = await teaOrder(shop, { pay });
        const paid = pay ? 8_800 : 0;
        const cases: { caseId: string; plan: (typeof planned)[number] }[] = [];
        for (const plan of planned) {
          const input = plan.kind === 'complaint' ? complaint(orderId, lineId, plan.quantity) : ({ orderId, kind: 'return', reason: 'no_reason', description: '不喜欢', lines: [{ lineId, quantity: plan.quantity }] } as const);
          const opened = await shop.afterSales.open(alice, input);
          if (opened._tag === 'Right') cases.push({ caseId: opened.right.caseId, plan });
        }
        // Refusals are fine here: the property is about the money that moves.
        for (const { caseId, plan } of cases) {
          if (plan.approve) await shop.afterSales.decide(caseId, { decision: 'approve', staffId: 'staff-li' });
          if (plan.cancel) await shop.afterSales.cancel(alice, caseId);
          await (plan.kind === 'return'
            ? shop.afterSales.receiveItem(caseId, { staffId: 'staff-wang', condition: 'as_described' })
            : shop.afterSales.resolve(caseId, { kind: 'resolve_complaint', resolution: '补偿', compensation: cny(plan.compensation) }));
          await shop.settle();
        }
        await shop.settle();
        const ledger = (await shop.orders.get(orderId))?.ledger;
        const promisedOut = (await Promise.all(cases.map((c) => shop.afterSales.get(c.caseId)))).reduce((total, c) => total + (c?.refunded.amount ?? 0), 0);
        expect(ledger?.paid).toEqual(cny(paid));
        expect(ledger?.refunded.amount ?? 0).toBeLessThanOrEqual(paid);
        expect(promisedOut).toBeLessThanOrEqual(paid);
        expect(ledger?.refunded.amount).toBe(promisedOut);
        expect((await shop.health()).status).toBe('ok');
        await shop.stop();
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
