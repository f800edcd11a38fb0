import { ManualClock, sequentialIds } from '@shopstream/kernel';
import type { Actor, HandleOptions, RecordedEvent } from '@shopstream/kernel';
import { alipaySandbox, notificationQueue, wechatPaySandbox } from '@shopstream/commerce/payment';
import type { SignedNotification } from '@shopstream/commerce/payment';
import { sandboxCarrier } from '@shopstream/commerce/shipping';
import type { Either } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { CallOptions } from '../facade/call.js';
import { createShop } from './createShop.js';
import type { Shop } from '../facade/shop.js';
import { DAY, MINUTE, START, address, cheapPasswords, cny, right, signedUp, testShop } from './testing.js';

type Metadata = NonNullable<HandleOptions['metadata']>;

/**
 * "Every change is auditable": each facade command is called with metadata of its own (a request's correlation
 * id, the command's id as causation, an actor, a trace), and everything appended from just before the call until
 * the shop has settled after it is checked. The call's own events carry its metadata; the events processes
 * recorded in reaction carry the same correlation and trace, a causation id naming the event they reacted to
 * (itself one of the call's chain), and the process as actor. Nothing is appended outside a chain.
 */
const check = (label: string, metadata: Metadata, events: readonly RecordedEvent[], actor: Actor): void => {
  expect(events.length, `${label} recorded nothing`).toBeGreaterThan(0);
  const chain = new Map<string, RecordedEvent>();
  for (const event of events) {
    const where = `${label}: ${event.type} in ${event.stream}`;
    expect(event.metadata.correlationId, where).toBe(metadata.correlationId);
    expect(event.metadata.traceparent, where).toBe(metadata.traceparent);
    if (event.metadata.causationId === metadata.causationId) {
      expect(event.metadata.actor, where).toEqual(actor);
    } else {
      const cause = chain.get(event.metadata.causationId ?? '');
      expect(cause, `${where} is caused by ${event.metadata.causationId}, not by the call or an event of its chain`).toBeDefined();
      expect(event.metadata.actor?.kind, where).toBe('system');
    }
    chain.set(event.id, event);
  }
};

const staff: Actor = { kind: 'staff', id: 'staff-li' };

const setup = async () => {
  const clock = new ManualClock(START);
  // The shop's own providers and carrier: their notifications wait in a queue for the test to hand over as webhook calls.
  const queue = notificationQueue();
  const sandbox = { clock, deliver: queue.sink, ids: sequentialIds(3), secret: 'provider-secret' };
  const alipay = alipaySandbox(sandbox);
  const carrier = sandboxCarrier({ secret: 'carrier-secret-0123456789', clock });
  const shop = await createShop({
    storage: { kind: 'memory' },
    clock,
    ids: sequentialIds(5),
    passwordHasher: cheapPasswords(),
    providers: { alipay, wechat_pay: wechatPaySandbox(sandbox) },
    carrier,
    staff: { 'staff-li': ['admin'] },
  });
  await shop.start();

  let calls = 0;
  /** Runs one facade command with metadata of its own, settles the shop, and checks every event appended meanwhile. */
  const call = async <T>(label: string, actor: Actor, work: (options: CallOptions) => Promise<Either<{ readonly _tag: string }, T>>, recordedAs: Actor = actor): Promise<T> => {
    calls += 1;
    const metadata: Metadata = {
      correlationId: `request-${calls}`,
      causationId: `command-${calls}`,
      actor,
      traceparent: `00-${calls.toString(16).padStart(32, '0')}-${'c'.repeat(16)}-01`,
    };
    await shop.settle();
    const before = await shop.eventStore.headPosition();
    const result = right(await work({ metadata }), label);
    await shop.settle();
    check(label, metadata, await shop.eventStore.readAll({ after: before }), recordedAs);
    return result;
  };

  /** Moves time on and checks what it set off: each fired timeout continues the chain that scheduled it, and so do the reactions. */
  const timePasses = async (ms: number): Promise<RecordedEvent[]> => {
    await shop.settle();
    const before = await shop.eventStore.headPosition();
    clock.advance(ms);
    await shop.settle();
    const events = await shop.eventStore.readAll({ after: before });
    for (const event of events) {
      const [cause] = event.metadata.causationId === null ? [] : (await shop.eventStore.readAll()).filter((e) => e.id === event.metadata.causationId);
      expect(cause, `${event.type} in ${event.stream} names no cause`).toBeDefined();
      expect(event.metadata.correlationId, `${event.type} in ${event.stream}`).toBe(cause?.metadata.correlationId);
      expect(event.metadata.traceparent, `${event.type} in ${event.stream}`).toBe(cause?.metadata.traceparent);
      expect(event.metadata.actor?.kind).toBe('system');
    }
    return events;
  };

  /** The provider's notifications, each handed over as a webhook request of its own. */
  const webhooks = async (label: string) => {
    const queued: SignedNotification[] = queue.take();
    for (const n of queued) await call(label, { kind: 'integration', id: 'webhook' }, (options) => shop.payments.handleNotification(n.method, n.rawBody, n.headers, options), { kind: 'integration', id: `payment-provider:${n.method}` });
    return queued.length;
  };

  /** The carrier's tracking pushes due after `ms`, each handed over as a webhook request of its own. */
  const carried = async (ms: number) => {
    for (const push of carrier.advance(ms)) {
      await call('carrier push', { kind: 'integration', id: 'webhook' }, (options) => shop.shipping.handleNotification(push, options), { kind: 'integration', id: `carrier:${carrier.code}` });
    }
  };

  return { shop, clock, alipay, call, timePasses, webhooks, carried };
};

const customerOf = (id: string): Actor => ({ kind: 'customer', id });

const signUp = async ({ shop, clock, call }: Pick<Awaited<ReturnType<typeof setup>>, 'shop' | 'clock' | 'call'>, contact: string): Promise<string> => {
  const { userId } = await call('register', { kind: 'customer', id: 'anonymous' }, (o) => shop.identity.register({ contact, password: 'a long passphrase' }, o));
  clock.advance(MINUTE);
  await call('sendVerificationCode', customerOf(userId), (o) => shop.identity.sendVerificationCode(userId, o));
  const code = shop.sandbox?.outbox.codeSentTo(contact) ?? '';
  await call('verifyContact', customerOf(userId), (o) => shop.identity.verifyContact(userId, code, o));
  return userId;
};

describe('every event a command records says who asked and in answer to what', () => {
  it('across the whole facade, and through the processes and timeouts it sets off', async () => {
    const test = await setup();
    const { shop, alipay, call, timePasses, webhooks, carried } = test;

    // The merchant's catalog, stock and coupons.
    const category = await call('defineCategory', staff, (o) => shop.catalog.defineCategory({ name: { zh: '茶', en: 'Tea' } }, o));
    const brand = await call('defineBrand', staff, (o) => shop.catalog.defineBrand({ name: { zh: '西湖', en: 'West Lake' } }, o));
    const tea = await call('createProduct', staff, (o) =>
      shop.catalog.createProduct({ title: { zh: '龙井', en: 'Longjing' }, brandId: brand.brandId, categoryIds: [category.categoryId], skus: [{ sku: 'TEA', price: cny(5_000) }], publish: true }, o),
    );
    await call('updateProduct', staff, (o) => shop.catalog.updateProduct(tea.productId, { description: { zh: '明前', en: 'Before Qingming' }, addSkus: [{ sku: 'TEA-XL', price: cny(9_000) }] }, o));
    await call('unpublishProduct', staff, (o) => shop.catalog.unpublishProduct(tea.productId, o));
    await call('publishProduct', staff, (o) => shop.catalog.publishProduct(tea.productId, o));
    await call('receiveStock', staff, (o) => shop.inventory.receiveStock({ sku: 'TEA', quantity: 20, reference: 'PO-1' }, o));
    await call('adjustStock', staff, (o) => shop.inventory.adjustStock({ sku: 'TEA', counted: 19, reason: 'one broken in the count' }, o));
    const terms = { currency: 'CNY', discount: { kind: 'fixed' as const, amount: cny(500) }, minimumSpend: cny(0), validFrom: START, validUntil: '2027-01-01T00:00:00.000Z', totalLimit: null, perUserLimit: 5 };
    await call('createCoupon', staff, (o) => shop.promotion.createCoupon({ code: 'SPRING', terms }, o));
    await call('disableCoupon', staff, (o) => shop.promotion.disableCoupon('SPRING', 'paused', o));
    await call('enableCoupon', staff, (o) => shop.promotion.enableCoupon('SPRING', o));

    // A customer: identity, profile, address book, saved cards, preferences, consents; a second one to vote.
    const alice = await signUp(test, 'alice@example.com');
    const asAlice = customerOf(alice);
    await call('logIn', asAlice, (o) => shop.identity.logIn({ contact: 'alice@example.com', password: 'a long passphrase' }, o));
    await call('changePassword', asAlice, (o) => shop.identity.changePassword(alice, { currentPassword: 'a long passphrase', newPassword: 'an even longer passphrase' }, o));
    await call('requestPasswordReset', asAlice, (o) => shop.identity.requestPasswordReset({ contact: 'alice@example.com' }, o));
    const resetCode = shop.sandbox?.outbox.codeSentTo('alice@example.com') ?? '';
    await call('resetPassword', asAlice, (o) => shop.identity.resetPassword({ contact: 'alice@example.com', code: resetCode, newPassword: 'a new long passphrase' }, o));
    await call('updateProfile', asAlice, (o) => shop.accounts.updateProfile(alice, { name: '王小明', nickname: 'xm', birthday: null }, o));
    const { addressId } = await call('addAddress', asAlice, (o) => shop.accounts.addAddress(alice, { ...address, makeDefault: true }, o));
    await call('updateAddress', asAlice, (o) => shop.accounts.updateAddress(alice, addressId, { ...address, lines: '世纪大道 200 号' }, o));
    const { addressId: office } = await call('addAddress', asAlice, (o) => shop.accounts.addAddress(alice, address, o));
    await call('setDefaultAddress', asAlice, (o) => shop.accounts.setDefaultAddress(alice, office, o));
    await call('removeAddress', asAlice, (o) => shop.accounts.removeAddress(alice, office, o));
    const card = await call('addPaymentMethod', asAlice, (o) => shop.accounts.addPaymentMethod(alice, { provider: 'card', providerToken: 'tok_1', brand: 'visa', last4: '4242' }, o));
    await call('removePaymentMethod', asAlice, (o) => shop.accounts.removePaymentMethod(alice, card.paymentMethodId, o));
    await call('setPreferences', asAlice, (o) => shop.accounts.setPreferences(alice, { language: 'zh', currency: 'CNY' }, o));
    await call('setConsent', asAlice, (o) => shop.accounts.setConsent(alice, 'marketing', true, o));
    const bob = await signUp(test, 'bob@example.com');

    // What she looks at and keeps.
    const subject = { kind: 'customer' as const, id: alice };
    await call('recordProductView', asAlice, (o) => shop.behaviour.recordProductView({ subject, productId: tea.productId }, o));
    await call('recordSearch', asAlice, (o) => shop.behaviour.recordSearch({ subject, query: '龙井', resultCount: 1 }, o));
    await call('identifySession', asAlice, (o) => shop.behaviour.identifySession({ sessionId: 'session-1', customerId: alice }, o));
    await call('favourite', asAlice, (o) => shop.behaviour.favourite({ subject, productId: tea.productId }, o));
    await call('unfavourite', asAlice, (o) => shop.behaviour.unfavourite({ subject, productId: tea.productId }, o));

    // Her cart and checkout: the checkout process reserves stock and schedules the payment's deadline in her request's chain.
    await call('addItem', asAlice, (o) => shop.cart.addItem(alice, { productId: tea.productId, sku: 'TEA', quantity: 3 }, o));
    await call('addItem', asAlice, (o) => shop.cart.addItem(alice, { productId: tea.productId, sku: 'TEA-XL', quantity: 1 }, o));
    await call('removeItem', asAlice, (o) => shop.cart.removeItem(alice, 'TEA-XL', o));
    await call('updateItem', asAlice, (o) => shop.cart.updateItem(alice, 'TEA', 2, o));
    await call('applyCoupon', asAlice, (o) => shop.cart.applyCoupon(alice, 'SPRING', o));
    await call('removeCoupon', asAlice, (o) => shop.cart.removeCoupon(alice, o));
    await call('change price', staff, (o) => shop.catalog.updateProduct(tea.productId, { prices: [{ sku: 'TEA', price: cny(4_800) }] }, o));
    await call('refreshPrices', asAlice, (o) => shop.cart.refreshPrices(alice, o));
    const order = await call('placeOrder', asAlice, (o) => shop.checkout.placeOrder(alice, { shipTo: { addressId } }, o));

    // She pays; the provider's notification (a webhook request) pays the order, and the processes act on it.
    const started = await call('startPayment', asAlice, (o) => shop.payments.start(order.orderId, { method: 'alipay' }, { customerId: alice }, o));
    alipay.control.act(started.providerReference);
    expect(await webhooks('payment notification')).toBe(1);

    // Staff hold it for risk and release it, then ship it; the carrier's pushes deliver it.
    await call('risk hold', staff, (o) => shop.risk.hold(order.orderId, { reason: 'address check', decidedBy: { kind: 'staff', staffId: 'staff-li' } }, o));
    await call('risk release', staff, (o) => shop.risk.decide(order.orderId, { decision: 'release', staffId: 'staff-li' }, o));
    await call('shipOrder', staff, (o) => shop.shipping.shipOrder(order.orderId, {}, o));
    await carried(5 * DAY);
    await call('confirmReceipt', asAlice, (o) => shop.orders.confirmReceipt(alice, order.orderId, o));

    // Her review, the merchant's reply, moderation and a vote.
    const lineId = order.lines[0]?.lineId ?? '';
    const review = await call('post review', asAlice, (o) => shop.reviews.post(alice, { orderId: order.orderId, lineId, rating: 5, text: '清香，回甘。' }, o));
    await call('addFollowUp', asAlice, (o) => shop.reviews.addFollowUp(alice, review.reviewId, { text: '第二泡更好。' }, o));
    await call('reply', staff, (o) => shop.reviews.reply(review.reviewId, { merchantId: 'staff-li', text: '谢谢！' }, o));
    await call('voteHelpful', customerOf(bob), (o) => shop.reviews.voteHelpful(review.reviewId, bob, true, o));
    await call('moderate', staff, (o) => shop.reviews.moderate(review.reviewId, { moderatorId: 'staff-li', action: 'hide', reason: 'checking' }, o));

    // She returns one tea; the refunds process pays it back in the chain of the staff's receipt of the parcel.
    const opened = await call('open case', asAlice, (o) =>
      shop.afterSales.open(alice, { orderId: order.orderId, kind: 'return', reason: 'no_reason', lines: [{ lineId, quantity: 1 }] }, o),
    );
    await call('decide case', staff, (o) => shop.afterSales.decide(opened.caseId, { decision: 'approve', staffId: 'staff-li' }, o));
    await call('recordReturnParcel', asAlice, (o) => shop.afterSales.recordReturnParcel(alice, opened.caseId, { carrier: 'sf', waybillNumber: 'SF1' }, o));
    const received = await call('receiveItem', staff, (o) => shop.afterSales.receiveItem(opened.caseId, { staffId: 'staff-li', condition: 'as_described' }, o));
    expect(received.status).not.toBe('requested');
    // A complaint settled with compensation, and a goodwill refund by staff.
    const complaint = await call('open complaint', asAlice, (o) =>
      shop.afterSales.open(alice, { orderId: order.orderId, kind: 'complaint', reason: 'late_delivery', description: '太苦', lines: [{ lineId, quantity: 1 }] }, o),
    );
    await call('approve complaint', staff, (o) => shop.afterSales.decide(complaint.caseId, { decision: 'approve', staffId: 'staff-li' }, o));
    await call('resolve complaint', staff, (o) => shop.afterSales.resolve(complaint.caseId, { kind: 'resolve_complaint', resolution: 'sorry', compensation: cny(100) }, o));
    await call('goodwill refund', staff, (o) => shop.payments.refund({ orderId: order.orderId, amount: cny(200), reason: 'goodwill' }, o));
    // One the provider refuses is owed: staff find it in the money-owed list and retry it, in their own request's chain.
    alipay.control.failNext('refund', { kind: 'rejected', code: 'SYSTEM_BUSY' });
    const refused = await call('goodwill refund refused', staff, (o) => shop.payments.refund({ orderId: order.orderId, amount: cny(150), reason: 'sorry again' }, o));
    expect(refused.status).toBe('failed');
    const debt = right(await shop.payments.owed(), 'owed').items.find((d) => d.refundId === refused.refundId);
    expect(debt).toMatchObject({ kind: 'refund_failed', customerId: alice, amount: cny(150), failures: 1 });
    const retried = await call('retry money owed', staff, (o) => shop.payments.retryOwed(debt?.debtId ?? '', o));
    expect(retried).toMatchObject({ refundId: `${refused.refundId}-retry-2`, status: 'succeeded' });
    expect(right(await shop.payments.owed(), 'owed')).toEqual({ items: [], nextCursor: null, totals: [] });
    // Her inbox told her of the order's progress; she reads it.
    const [newest] = right(await shop.accounts.notifications(alice), 'notifications').items;
    expect(newest).toBeDefined();
    await call('markNotificationsRead', asAlice, (o) => shop.accounts.markNotificationsRead(alice, { upTo: newest?.notificationId ?? '' }, o));

    // An order she cancels, and one she never pays: its deadline fires and the checkout process cancels it.
    await call('addItem', asAlice, (o) => shop.cart.addItem(alice, { productId: tea.productId, sku: 'TEA', quantity: 1 }, o));
    const cancelled = await call('placeOrder', asAlice, (o) => shop.checkout.placeOrder(alice, { shipTo: { addressId } }, o));
    await call('cancel order', asAlice, (o) => shop.orders.cancel(cancelled.orderId, { kind: 'customer', customerId: alice }, o));
    await call('addItem', asAlice, (o) => shop.cart.addItem(alice, { productId: tea.productId, sku: 'TEA', quantity: 1 }, o));
    const abandoned = await call('placeOrder', asAlice, (o) => shop.checkout.placeOrder(alice, { shipTo: { addressId } }, o));
    const fired = await timePasses(31 * MINUTE);
    expect(fired.map((e) => e.type)).toContain('TimeoutFired');
    expect((await shop.orders.get(abandoned.orderId))?.status).toBe('cancelled');
    // The abandoned order's whole stream, its cancellation by the deadline too, is in the chain of the request that placed it.
    const abandonedEvents = await shop.eventStore.readStream(`order-${abandoned.orderId}`);
    const placedIn = abandonedEvents[0]?.metadata.correlationId;
    expect(abandonedEvents.map((e) => [e.type, e.metadata.correlationId])).toContainEqual(['OrderCancelled', placedIn]);
    expect(abandonedEvents.every((e) => e.metadata.correlationId === placedIn)).toBe(true);
    expect(fired.some((e) => e.type === 'TimeoutFired' && e.metadata.correlationId === placedIn)).toBe(true);

    // Roles, and a customer who leaves: closing, then erasing her personal data.
    await call('grantRole', staff, (o) => shop.identity.grantRole(bob, 'auditor', 'staff-li', o));
    await call('revokeRole', staff, (o) => shop.identity.revokeRole(bob, 'auditor', 'staff-li', o));
    await call('closeAccount', customerOf(bob), (o) => shop.identity.closeAccount(bob, { by: 'customer' }, o));
    await call('erasePersonalData', staff, (o) => shop.identity.erasePersonalData(bob, o));

    await shop.stop();
  });
});

describe("the sandbox's deliveries say whose request they answer", () => {
  const visit = (step: number, actor: Actor): Metadata => ({
    correlationId: 'visit-1',
    causationId: `visit-1:${step}`,
    actor,
    traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
  });

  /** A shop with its own sandbox providers and carrier, a product in stock and a customer with an order placed in `visit-1`. */
  const ordered = async () => {
    const { shop, clock } = await testShop({ staff: { 'staff-li': ['admin'] } });
    const tea = right(await shop.catalog.createProduct({ title: { zh: '龙井', en: 'Longjing' }, skus: [{ sku: 'TEA', price: cny(5_000) }], publish: true }), 'createProduct');
    right(await shop.inventory.receiveStock({ sku: 'TEA', quantity: 5, reference: 'PO-1' }), 'receiveStock');
    const alice = await signedUp(shop, 'alice@example.com');
    const { addressId } = right(await shop.accounts.addAddress(alice, { ...address, makeDefault: true }), 'addAddress');
    right(await shop.cart.addItem(alice, { productId: tea.productId, sku: 'TEA', quantity: 1 }), 'addItem');
    const order = right(await shop.checkout.placeOrder(alice, { shipTo: { addressId } }, { metadata: visit(1, customerOf(alice)) }), 'placeOrder');
    await shop.settle();
    return { shop, clock, alice, orderId: order.orderId };
  };

  const appendedDuring = async (shop: Shop, work: () => Promise<unknown>): Promise<RecordedEvent[]> => {
    await shop.settle();
    const before = await shop.eventStore.headPosition();
    await work();
    await shop.settle();
    return shop.eventStore.readAll({ after: before });
  };

  it("a payment the customer completes and a parcel the carrier moves are in the chain of the request that played them, by the provider and the carrier", async () => {
    const { shop, alice, orderId } = await ordered();
    const sandbox = shop.sandbox;
    if (sandbox === undefined) throw new Error('the shop runs the sandbox');
    const started = right(await shop.payments.start(orderId, { method: 'alipay' }, { customerId: alice }, { metadata: visit(2, customerOf(alice)) }), 'startPayment');

    // The customer pays on the provider's page, in her visit's request: the provider's word is recorded in that chain.
    const paid = visit(3, customerOf(alice));
    const payment = await appendedDuring(shop, () => sandbox.payments.complete(started.providerReference, { metadata: paid }));
    check('sandbox complete', paid, payment, { kind: 'integration', id: 'payment-provider:alipay' });
    expect(payment.map((event) => event.type)).toEqual(expect.arrayContaining(['PaymentCaptured', 'OrderPaid']));

    // The carrier's pushes of a run the host asked for, by the carrier.
    right(await shop.shipping.shipOrder(orderId, {}, { metadata: { correlationId: 'ship-1', causationId: 'ship-1:1', actor: staff } }), 'shipOrder');
    const run: Metadata = { correlationId: 'carrier-run-1', causationId: 'carrier-run-1:1', actor: { kind: 'integration', id: 'host' }, traceparent: `00-${'c'.repeat(32)}-${'d'.repeat(16)}-01` };
    const tracking = await appendedDuring(shop, () => sandbox.carrier.advance(5 * DAY, { metadata: run }));
    check('carrier run', run, tracking, { kind: 'integration', id: `carrier:${sandbox.carrier.control.code}` });
    expect(tracking.map((event) => event.type)).toEqual(expect.arrayContaining(['TrackingCheckpointRecorded', 'OrderLinesDelivered']));
    await shop.stop();
  });

  it("a notification no request played continues the chain of the attempt or refund it answers, caused by the event that asked", async () => {
    const { shop, alice, orderId } = await ordered();
    const sandbox = shop.sandbox;
    if (sandbox === undefined) throw new Error('the shop runs the sandbox');
    const started = right(await shop.payments.start(orderId, { method: 'wechat_pay' }, { customerId: alice }, { metadata: visit(2, customerOf(alice)) }), 'startPayment');
    const payment = await appendedDuring(shop, () => sandbox.payments.complete(started.providerReference));
    const attempt = (await shop.eventStore.readStream(`payment-${orderId}`)).find((event) => event.type === 'PaymentAttemptStarted');
    const captured = payment.find((event) => event.type === 'PaymentCaptured');
    expect(captured?.metadata).toEqual({ ...visit(2, customerOf(alice)), causationId: attempt?.id, actor: { kind: 'integration', id: 'payment-provider:wechat_pay' }, tracestate: null });

    // WeChat Pay settles a refund later, by a notification of its own: in the chain of the staff's refund request.
    const goodwill: Metadata = { correlationId: 'refund-1', causationId: 'refund-1:1', actor: staff, traceparent: null };
    const refund = await appendedDuring(shop, async () => right(await shop.payments.refund({ orderId, amount: cny(500), reason: 'goodwill' }, { metadata: goodwill }), 'refund'));
    const requested = refund.find((event) => event.type === 'PaymentRefundRequested');
    const refunded = refund.find((event) => event.type === 'PaymentRefunded');
    expect(requested?.metadata.actor).toEqual(staff);
    expect(refunded?.metadata).toEqual({ correlationId: 'refund-1', causationId: requested?.id, actor: { kind: 'integration', id: 'payment-provider:wechat_pay' }, traceparent: null, tracestate: null });
    for (const event of refund) expect(event.metadata.correlationId, event.type).toBe('refund-1');
    await shop.stop();
  });
});
