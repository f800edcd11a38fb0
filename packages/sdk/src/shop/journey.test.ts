import { describe, expect, it } from 'vitest';
import { address, cny, DAY, MINUTE, right, signedUp, testShop } from './testing.js';

describe('a shop through its facade', () => {
  it('sells, ships, reviews, takes a return and refunds it', async () => {
    const { shop, clock } = await testShop();

    // The merchant: two published products with stock, and a coupon.
    const tea = right(
      await shop.catalog.createProduct({ title: { zh: '西湖龙井', en: 'Longjing tea' }, skus: [{ sku: 'TEA-250G', price: cny(5_000) }], publish: true }),
      'createProduct',
    );
    const cup = right(await shop.catalog.createProduct({ title: { zh: '青瓷杯', en: '' }, skus: [{ sku: 'CUP-CELADON', price: cny(3_000) }], publish: true }), 'createProduct');
    right(await shop.inventory.receiveStock({ sku: 'TEA-250G', quantity: 10, reference: 'PO-1' }), 'receiveStock');
    expect(right(await shop.inventory.receiveStock({ sku: 'TEA-250G', quantity: 10, reference: 'PO-1' }))).toEqual({ onHand: 10, reserved: 0, available: 10 });
    right(await shop.inventory.receiveStock({ sku: 'CUP-CELADON', quantity: 4, reference: 'PO-2' }), 'receiveStock');
    right(
      await shop.promotion.createCoupon({
        code: 'MAY1000',
        terms: { currency: 'CNY', discount: { kind: 'fixed', amount: cny(1_000) }, minimumSpend: cny(10_000), validFrom: '2026-05-01T00:00:00.000Z', validUntil: '2026-06-01T00:00:00.000Z', totalLimit: 100, perUserLimit: 1 },
      }),
      'createCoupon',
    );

    // A customer signs up, proves her email and signs in.
    const alice = await signedUp(shop, 'alice@example.com');
    expect(right(await shop.identity.logIn({ contact: 'Alice@Example.com', password: 'a long passphrase' }))).toEqual({ userId: alice, roles: ['customer'] });

    // Her cart: two teas and a cup, with the coupon.
    right(await shop.cart.addItem(alice, { productId: tea.productId, sku: 'TEA-250G', quantity: 2 }), 'addItem');
    right(await shop.cart.addItem(alice, { productId: cup.productId, sku: 'CUP-CELADON', quantity: 1 }), 'addItem');
    const cart = right(await shop.cart.applyCoupon(alice, 'MAY1000'), 'applyCoupon');
    expect(cart.totals).toEqual({ subtotal: cny(13_000), discount: cny(1_000), total: cny(12_000) });
    expect((await shop.cart.get(alice)).lines.map((l) => l.sku)).toEqual(['TEA-250G', 'CUP-CELADON']);

    // Checkout to a saved address: stock is reserved; her orders list shows it at once (read-your-writes).
    const { addressId } = right(await shop.accounts.addAddress(alice, { ...address, makeDefault: true }), 'addAddress');
    const order = right(await shop.checkout.placeOrder(alice, { shipTo: { addressId } }), 'placeOrder');
    expect(order.total).toEqual(cny(12_000));
    expect(right(await shop.orders.listMine(alice)).items.map((o) => o.orderId)).toEqual([order.orderId]);
    await shop.settle();
    expect(await shop.inventory.stock('TEA-250G')).toEqual({ onHand: 10, reserved: 2, available: 8 });
    expect((await shop.cart.get(alice)).lines).toEqual([]);

    // She pays with WeChat Pay in the sandbox.
    const started = right(await shop.payments.start(order.orderId, { method: 'wechat_pay' }, { customerId: alice }), 'startPayment');
    await shop.sandbox?.payments.complete(started.providerReference);
    expect((await shop.orders.get(order.orderId, { customerId: alice }))?.status).toBe('paid');
    expect(await shop.inventory.stock('TEA-250G')).toEqual({ onHand: 8, reserved: 0, available: 8 });

    // The warehouse ships it; days later it is delivered.
    right(await shop.shipping.shipOrder(order.orderId), 'shipOrder');
    await shop.sandbox?.carrier.advance(5 * DAY);
    const delivered = await shop.orders.get(order.orderId);
    expect(delivered?.status).toBe('delivered');
    const tracking = await shop.tracking.forOrder(order.orderId, { customerId: alice });
    expect(tracking?.[0]?.status).toBe('delivered');

    // She reviews the tea; it shows on the product.
    const teaLine = delivered?.lines.find((l) => l.sku === 'TEA-250G');
    const cupLine = delivered?.lines.find((l) => l.sku === 'CUP-CELADON');
    if (!teaLine || !cupLine) throw new Error('lines missing');
    right(await shop.reviews.post(alice, { orderId: order.orderId, lineId: teaLine.lineId, rating: 5, text: '清香，回甘。' }), 'postReview');
    expect(right(await shop.reviews.forProduct(tea.productId)).items).toMatchObject([{ rating: 5, text: '清香，回甘。', authorId: alice }]);
    // Her own reviews, for her data export: hidden or anonymous ones too, and nobody else's.
    right(await shop.reviews.addFollowUp(alice, `${order.orderId}~${teaLine.lineId}`, { text: '第二泡更好。' }), 'addFollowUp');
    right(await shop.reviews.moderate(`${order.orderId}~${teaLine.lineId}`, { moderatorId: 'staff-li', action: 'hide', reason: 'checking' }), 'hide');
    expect(await shop.reviews.writtenBy(alice)).toMatchObject([
      { orderId: order.orderId, lineId: teaLine.lineId, text: '清香，回甘。', followUp: { text: '第二泡更好。' }, status: 'hidden', hiddenReason: 'checking', helpful: 0 },
    ]);
    expect(await shop.reviews.writtenBy('someone-else')).toEqual([]);
    right(await shop.reviews.moderate(`${order.orderId}~${teaLine.lineId}`, { moderatorId: 'staff-li', action: 'restore', reason: 'fine' }), 'restore');

    // She returns the cup; staff approve, receive it as described, and it is refunded.
    const opened = right(
      await shop.afterSales.open(alice, { orderId: order.orderId, kind: 'return', reason: 'no_reason', description: '颜色不喜欢', lines: [{ lineId: cupLine.lineId, quantity: 1 }] }),
      'openCase',
    );
    expect(right(await shop.afterSales.listMine(alice)).items.map((c) => c.caseId)).toEqual([opened.caseId]);
    right(await shop.afterSales.decide(opened.caseId, { decision: 'approve', staffId: 'staff-li' }), 'approve');
    right(await shop.afterSales.recordReturnParcel(alice, opened.caseId, { carrier: 'sandbox', waybillNumber: 'RT0001' }), 'returnParcel');
    clock.advance(2 * DAY);
    right(await shop.afterSales.receiveItem(opened.caseId, { staffId: 'staff-wang', condition: 'as_described' }), 'receiveItem');
    await shop.settle();
    const refunded = await shop.orders.get(order.orderId);
    expect(refunded?.ledger).toEqual({ paid: cny(12_000), refunded: cny(2_770), balance: cny(9_230) });

    // She confirms receipt; the order is complete and its timeline tells the whole story.
    right(await shop.orders.confirmReceipt(alice, order.orderId), 'confirmReceipt');
    expect((await shop.orders.get(order.orderId))?.status).toBe('completed');
    const timeline = (await shop.orders.timeline(order.orderId, { customerId: alice })) ?? [];
    expect(timeline.map((t) => t.type)).toEqual(expect.arrayContaining(['OrderPlaced', 'PaymentCaptured', 'OrderPaid', 'ShipmentCreated', 'OrderLinesDelivered', 'OrderReceiptConfirmed']));

    // Staff views: the risk assessment of the paid order, the day's sales, the staff order list.
    expect((await shop.risk.forOrder(order.orderId))?.orderId).toBe(order.orderId);
    const sales = right(await shop.reports.sales({ from: '2026-05-01', to: '2026-05-31' }), 'sales report');
    expect(sales.rows.length).toBeGreaterThan(0);
    expect(right(await shop.orders.list({ status: 'completed' })).items.map((o) => o.orderId)).toEqual([order.orderId]);

    // Nothing failed along the way.
    const health = await shop.health();
    expect(health.status).toBe('ok');
    void MINUTE;
    await shop.stop();
  });
});
