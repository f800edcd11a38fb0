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
