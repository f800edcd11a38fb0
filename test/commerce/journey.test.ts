import { ManualClock, commandHandler, fold, memoryEventStore, memoryReadStore, sequentialIds, toEvent } from '@shopstream/kernel';
import type { EventStore, RecordedEvent } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { commerceEventRegistry } from '@shopstream/commerce';
import { afterSales, afterSalesStream } from '@shopstream/commerce/afterSales';
import { cartDecider, cartStream } from '@shopstream/commerce/cart';
import { productDecider, productStream } from '@shopstream/commerce/catalog';
import { identityHarness } from '../../packages/commerce/src/identity/testing/harness.js';
import { inventoryDecider, inventoryStream, stockLevels } from '@shopstream/commerce/inventory';
import type { InventoryEvent } from '@shopstream/commerce/inventory';
import { orderDecider, orderStream } from '@shopstream/commerce/ordering';
import type { OrderingEvent, PlacedOrderState } from '@shopstream/commerce/ordering';
import { addressFixture, sealedFixture } from '../../packages/commerce/src/ordering/testing.js';
import { notificationQueue, paymentService, wechatPaySandbox } from '@shopstream/commerce/payment';
import { commerceProcesses } from '@shopstream/commerce/processes';
import { couponDecider, couponStream, evaluate } from '@shopstream/commerce/promotion';
import type { PromotionEvent } from '@shopstream/commerce/promotion';
import { reviewStream, reviews, sealContent } from '@shopstream/commerce/reviews';
import type { ReviewEvent } from '@shopstream/commerce/reviews';
import { sandboxCarrier, shippingService } from '@shopstream/commerce/shipping';

const MINUTE = 60_000;
const DAY = 86_400_000;
const cny = (amount: number) => ({ amount, currency: 'CNY' });

const right = <L, R>(result: E.Either<L, R>, what: string): R => {
  if (E.isLeft(result)) throw new Error(`${what}: ${JSON.stringify(result.left)}`);
  return result.right;
};

const stock = async (store: EventStore, sku: string) =>
  stockLevels(fold(inventoryDecider, (await store.readStream(inventoryStream(sku))).map((e) => toEvent<InventoryEvent>(e))));

const orderOf = async (store: EventStore, orderId: string): Promise<PlacedOrderState> => {
  const state = fold(orderDecider, (await store.readStream(orderStream(orderId))).map((e) => toEvent<OrderingEvent>(e)));
  if (state.status === 'initial') throw new Error(`order ${orderId} was never placed`);
  return state;
};

const typesIn = (events: readonly RecordedEvent[]) => events.map((e) => e.type);

describe('a shop, end to end in process', () => {
  it('sells, ships, reviews, takes a return and refunds it; and puts back the stock of an order never paid', async () => {
    const clock = new ManualClock('2026-05-04T08:00:00.000Z');
    const ids = sequentialIds(42);
    const eventStore = memoryEventStore({ registry: commerceEventRegistry(), now: () => clock.now(), newId: () => ids.next() });
    const readStore = memoryReadStore();
    const webhooks = notificationQueue();
    const wechat = wechatPaySandbox({ secret: 'journey-wechat-secret', clock, deliver: webhooks.sink, ids: sequentialIds(7) });
    const payments = paymentService({ store: eventStore, providers: { wechat_pay: wechat }, clock, ids });
    const carrier = sandboxCarrier({ secret: 'journey-carrier-secret', clock });
    const shipping = shippingService({ store: eventStore, carrier, clock, ids });
    const processes = commerceProcesses({ eventStore, readStore, clock, ids, providers: { wechat_pay: wechat } });
    await processes.start({ poll: false });
    const identity = identityHarness({ store: eventStore, clock, ids });
    const products = commandHandler({ store: eventStore, decider: productDecider, clock, ids });
    const stockRoom = commandHandler({ store: eventStore, decider: inventoryDecider, clock, ids });
    const coupons = commandHandler({ store: eventStore, decider: couponDecider, clock, ids });
    const carts = commandHandler({ store: eventStore, decider: cartDecider, clock, ids });
    const cases = commandHandler({ store: eventStore, decider: afterSales, clock, ids });
    const reviewing = commandHandler({ store: eventStore, decider: reviews, clock, ids });
    const webhook = async () => webhooks.drain(async (n) => right(await payments.handleNotification(n.method, n.rawBody, n.headers), 'payment webhook'));

    // The merchant: two products with stock, and a coupon.
    const tea = { productId: ids.next(), sku: 'TEA-LONGJING-250G', price: cny(5_000) };
    const cup = { productId: ids.next(), sku: 'CUP-CELADON', price: cny(3_000) };
    for (const [item, title] of [[tea, '西湖龙井'], [cup, '青瓷杯']] as const) {
      const stream = productStream(item.productId);
      right(await products(stream, { type: 'CreateProduct', productId: item.productId, title: { zh: title, en: '' }, description: { zh: '', en: '' }, brandId: null, categoryIds: [], attributes: {}, currency: 'CNY' }), 'CreateProduct');
      right(await products(stream, { type: 'AddProductSku', productId: item.productId, sku: item.sku, attributes: {}, price: item.price }), 'AddProductSku');
      right(await products(stream, { type: 'PublishProduct', productId: item.productId }), 'PublishProduct');
    }
    right(await stockRoom(inventoryStream(tea.sku), { type: 'ReceiveStock', sku: tea.sku, quantity: 10, reference: 'PO-1' }), 'ReceiveStock');
    right(await stockRoom(inventoryStream(cup.sku), { type: 'ReceiveStock', sku: cup.sku, quantity: 4, reference: 'PO-2' }), 'ReceiveStock');
    right(
      await coupons(couponStream('MAY1000'), {
        type: 'CreateCoupon',
        code: 'MAY1000',
        terms: { currency: 'CNY', discount: { kind: 'fixed', amount: cny(1_000) }, minimumSpend: cny(10_000), validFrom: '2026-05-01T00:00:00.000Z', validUntil: '2026-06-01T00:00:00.000Z', totalLimit: 100, perUserLimit: 1 },
      }),
      'CreateCoupon',
    );

    // A customer registers and verifies her email.
    const { userId: alice } = right(await identity.service.register({ contact: 'alice@example.com', password: 'a long passphrase' }), 'register');
    right(await identity.service.verifyContact(alice, identity.codeSentTo('alice@example.com')), 'verify');

    // Nothing in a cart yet; she fills one and applies the coupon at the price the catalog shows.
    const cartId = ids.next();
    right(await carts(cartStream(cartId), { type: 'AddCartItem', cartId, userId: alice, sku: tea.sku, productId: tea.productId, quantity: 2, unitPrice: tea.price, limit: 5 }), 'AddCartItem');
    right(await carts(cartStream(cartId), { type: 'AddCartItem', cartId, userId: alice, sku: cup.sku, productId: cup.productId, quantity: 1, unitPrice: cup.price, limit: 5 }), 'AddCartItem');
    const coupon = fold(couponDecider, (await eventStore.readStream(couponStream('MAY1000'))).map((e) => toEvent<PromotionEvent>(e)));
    if (coupon.status === 'none') throw new Error('no coupon');
    const discount = right(evaluate(coupon, { subtotal: cny(13_000), userId: alice, now: clock.now() }), 'evaluate');
    right(await carts(cartStream(cartId), { type: 'ApplyCartCoupon', cartId, code: 'MAY1000', discount }), 'ApplyCartCoupon');

    // Checkout: the order is placed, its stock reserved and its coupon redeemed.
    const orderId = ids.next();
    right(await processes.checkout.placeOrder({ cartId, orderId, customerId: alice, address: addressFixture(alice), shippingFee: cny(0) }), 'placeOrder');
    await processes.settle();
    expect((await orderOf(eventStore, orderId)).total).toEqual(cny(12_000));
    expect(await stock(eventStore, tea.sku)).toEqual({ onHand: 10, reserved: 2, available: 8 });
    expect(await stock(eventStore, cup.sku)).toEqual({ onHand: 4, reserved: 1, available: 3 });

    // She pays with WeChat Pay: a QR code, scanned in the sandbox; the provider's notification arrives twice.
    const started = right(await payments.startPayment({ orderId, method: 'wechat_pay', amount: cny(12_000), description: 'order' }), 'startPayment');
    expect(started.nextAction.kind).toBe('qr_code');
    wechat.control.resolve(started.providerReference, { kind: 'succeed', duplicates: 1 });
    await webhook();
    await processes.settle();
    const paid = await orderOf(eventStore, orderId);
    expect(paid.status).toBe('paid');
    expect(paid.ledger).toEqual({ paid: cny(12_000), refunded: cny(0), balance: cny(12_000) });
    expect(await stock(eventStore, tea.sku)).toEqual({ onHand: 8, reserved: 0, available: 8 });
    expect(await stock(eventStore, cup.sku)).toEqual({ onHand: 3, reserved: 0, available: 3 });

    // The warehouse ships it; the carrier picks it up and, days later, delivers.
    const shipmentId = ids.next();
    right(
      await shipping.dispatch({
        shipmentId,
        orderId,
        lines: paid.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity })),
        origin: { city: '杭州', province: '浙江' },
        destination: { city: '上海', province: '上海' },
        recipient: sealedFixture(alice, 'recipient'),
      }),
      'dispatch',
    );
    for (const push of carrier.advance(5 * DAY)) right(await shipping.handleNotification(push), 'carrier webhook');
    await processes.settle();
    const delivered = await orderOf(eventStore, orderId);
    expect(delivered.status).toBe('delivered');

    // She reviews the tea.
    const teaLine = delivered.lines.find((l) => l.sku === tea.sku);
    const cupLine = delivered.lines.find((l) => l.sku === cup.sku);
    if (!teaLine || !cupLine) throw new Error('lines missing');
    const [deliveredEvent] = await eventStore.readAll({ filter: { eventTypes: ['OrderLinesDelivered'] } });
    const deliveredAt = (deliveredEvent?.data as { deliveredAt: string }).deliveredAt;
    right(
      await reviewing(reviewStream(orderId, teaLine.lineId), {
        type: 'WriteReview',
        reviewId: ids.next(),
        orderId,
        lineId: teaLine.lineId,
        productId: tea.productId,
        authorId: alice,
        anonymous: false,
        rating: 5,
        content: await sealContent(identity.vault, alice, { text: '清香，回甘。', images: [] }),
        purchase: { buyerId: alice, deliveredAt },
      }),
      'WriteReview',
    );
    const review = fold(reviews, (await eventStore.readStream(reviewStream(orderId, teaLine.lineId))).map((e) => toEvent<ReviewEvent>(e)));
    expect(review).toMatchObject({ status: 'published', rating: 5, authorId: alice });

    // She returns the cup; it comes back as described and is refunded automatically.
    const caseId = ids.next();
    right(
      await cases(afterSalesStream(caseId), {
        type: 'RequestAfterSales',
        caseId,
        customerId: alice,
        kind: 'return',
        reason: 'no_reason',
        description: '颜色不喜欢',
        evidence: [],
        lines: [{ lineId: cupLine.lineId, quantity: 1 }],
        order: {
          orderId,
          customerId: alice,
          placedAt: delivered.placedAt,
          deliveredAt,
          lines: delivered.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, deliveredQuantity: l.quantityDelivered, paid: l.net, refunded: l.refunded })),
        },
      }),
      'RequestAfterSales',
    );
    right(await cases(afterSalesStream(caseId), { type: 'ApproveCase', caseId, approvedBy: 'staff-li', note: '' }), 'ApproveCase');
    right(await cases(afterSalesStream(caseId), { type: 'RecordReturnParcel', caseId, customerId: alice, carrier: 'sandbox', waybillNumber: 'RT0001' }), 'RecordReturnParcel');
    clock.advance(2 * DAY);
    right(await cases(afterSalesStream(caseId), { type: 'ReceiveItem', caseId, receivedBy: 'staff-wang', condition: 'as_described', note: '' }), 'ReceiveItem');
    await processes.settle();
    await webhook(); // WeChat Pay settles refunds by notification
    await processes.settle();
    const refunded = await orderOf(eventStore, orderId);
    expect(cupLine.net).toEqual(cny(2_770));
    expect(refunded.ledger).toEqual({ paid: cny(12_000), refunded: cny(2_770), balance: cny(9_230) });
    expect(refunded.lines.find((l) => l.lineId === cupLine.lineId)?.refunded).toEqual(cny(2_770));
    expect((await eventStore.readAll({ filter: { eventTypes: ['PaymentRefunded'] } })).map((e) => e.data)).toMatchObject([{ orderId, amount: cny(2_770) }]);
    expect(wechat.control.transaction(started.providerReference)).toMatchObject({ captured: 12_000, refunded: 2_770 });

    // A second customer checks out the last units of the cup, opens the payment and never pays.
    const { userId: bob } = right(await identity.service.register({ contact: 'bob@example.com', password: 'another passphrase' }), 'register');
    right(await identity.service.verifyContact(bob, identity.codeSentTo('bob@example.com')), 'verify');
    const bobCart = ids.next();
    right(await carts(cartStream(bobCart), { type: 'AddCartItem', cartId: bobCart, userId: bob, sku: cup.sku, productId: cup.productId, quantity: 3, unitPrice: cup.price, limit: 5 }), 'AddCartItem');
    const bobOrder = ids.next();
    right(await processes.checkout.placeOrder({ cartId: bobCart, orderId: bobOrder, customerId: bob, address: addressFixture(bob), shippingFee: cny(800) }), 'placeOrder');
    await processes.settle();
    expect(await stock(eventStore, cup.sku)).toEqual({ onHand: 3, reserved: 3, available: 0 });
    const bobPayment = right(await payments.startPayment({ orderId: bobOrder, method: 'wechat_pay', amount: cny(9_800), description: 'order' }), 'startPayment');
    clock.advance(30 * MINUTE);
    await processes.settle();
    const lapsed = await orderOf(eventStore, bobOrder);
    expect(lapsed.status).toBe('cancelled');
    expect(await stock(eventStore, cup.sku)).toEqual({ onHand: 3, reserved: 0, available: 3 });
    expect(wechat.control.transaction(bobPayment.providerReference)?.status).toBe('voided');
    const bobStream = await eventStore.readStream(orderStream(bobOrder));
    expect(typesIn(bobStream)).toEqual(['OrderPlaced', 'OrderCancelled']);
    expect(bobStream[1]?.data).toMatchObject({ reason: 'payment_timeout', refundDue: cny(0) });

    // What the coupon knows: one redemption, by Alice, still counted.
    const used = fold(couponDecider, (await eventStore.readStream(couponStream('MAY1000'))).map((e) => toEvent<PromotionEvent>(e)));
    expect(used.status !== 'none' && used.redemptions).toEqual({ [orderId]: { userId: alice, discount: cny(1_000), released: false } });

    // Much later, her receipt is confirmed for her, and nothing is left pending or failed.
    clock.advance(10 * DAY);
    await processes.settle();
    expect((await orderOf(eventStore, orderId)).status).toBe('completed');
    expect(await processes.timeouts.collection('timeouts', 'pending').count({})).toBe(0);
    const reactors = processes.runtime.status();
    expect(reactors.map((s) => s.name)).toEqual(expect.arrayContaining(['refunds', 'case-claims']));
    expect(reactors.filter((s) => s.failure !== null)).toEqual([]);
    await processes.stop();
  });
});
