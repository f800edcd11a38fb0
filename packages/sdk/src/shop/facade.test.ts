import type { RecordedEvent } from '@shopstream/kernel';
import { describe, expect, it, vi } from 'vitest';
import type { Shop } from '../facade/shop.js';
import { address, cny, left, MINUTE, right, signedUp, testShop } from './testing.js';

const publish = async (shop: Shop, sku: string, price = 1_000) =>
  right(await shop.catalog.createProduct({ title: { zh: sku, en: sku }, skus: [{ sku, price: cny(price) }], publish: true }), 'createProduct');

/** A product in the cart of `customerId` and an order placed for it. */
const ordered = async (shop: Shop, customerId: string, sku: string) => {
  const product = await publish(shop, sku);
  right(await shop.inventory.receiveStock({ sku, quantity: 5 }));
  right(await shop.cart.addItem(customerId, { productId: product.productId, sku, quantity: 1 }));
  const order = right(await shop.checkout.placeOrder(customerId, { shipTo: { address } }));
  await shop.settle();
  return { product, order };
};

describe('the facade refuses with values', () => {
  it('a cart takes only published, priced SKUs, and known coupons', async () => {
    const { shop } = await testShop();
    const draft = right(await shop.catalog.createProduct({ title: { zh: '草稿', en: '' }, skus: [{ sku: 'DRAFT-1', price: cny(100) }] }));
    expect(left(await shop.cart.addItem('c-1', { productId: draft.productId, sku: 'DRAFT-1', quantity: 1 }))).toMatchObject({ _tag: 'ProductUnavailable', reason: 'not_published' });
    const live = await publish(shop, 'LIVE-1');
    expect(left(await shop.cart.addItem('c-1', { productId: live.productId, sku: 'NOPE', quantity: 1 }))).toMatchObject({ _tag: 'ProductUnavailable', reason: 'unknown_sku' });
    expect(left(await shop.cart.applyCoupon('c-1', 'NO-SUCH'))).toMatchObject({ _tag: 'CartEmpty' });
    right(await shop.cart.addItem('c-1', { productId: live.productId, sku: 'LIVE-1', quantity: 1 }));
    expect(left(await shop.cart.applyCoupon('c-1', 'NO-SUCH'))).toEqual({ _tag: 'CouponNotFound', code: 'NO-SUCH' });
    expect(left(await shop.catalog.createProduct({ title: { zh: 'x', en: '' }, skus: [{ sku: 'bad sku!' }] }))).toMatchObject({ _tag: 'InvalidRequest' });
    await shop.stop();
  });

  it("someone else's order is not found, whatever the customer tries", async () => {
    const { shop } = await testShop();
    const { order } = await ordered(shop, 'owner-1', 'OWN-1');
    expect(await shop.orders.get(order.orderId, { customerId: 'intruder' })).toBeNull();
    expect(await shop.payments.get(order.orderId, { customerId: 'intruder' })).toBeNull();
    expect(left(await shop.payments.start(order.orderId, { method: 'alipay' }, { customerId: 'intruder' }))).toEqual({ _tag: 'NotFound', entity: 'order', id: order.orderId });
    expect(left(await shop.orders.cancel(order.orderId, { kind: 'customer', customerId: 'intruder' }))).toMatchObject({ _tag: 'NotFound' });
    expect(right(await shop.orders.listMine('intruder')).items).toEqual([]);
    await shop.stop();
  });
});

describe('the processes behind the facade', () => {
  it('an order never paid is cancelled at its deadline and its stock comes back', async () => {
    const { shop, clock } = await testShop();
    const { order } = await ordered(shop, 'late-1', 'LATE-1');
    expect(await shop.inventory.stock('LATE-1')).toEqual({ onHand: 5, reserved: 1, available: 4 });
    right(await shop.payments.start(order.orderId, { method: 'alipay' }, { customerId: 'late-1' }));
    clock.advance(31 * MINUTE);
    await shop.settle();
    expect((await shop.orders.get(order.orderId))?.status).toBe('cancelled');
    expect(await shop.inventory.stock('LATE-1')).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(left(await shop.payments.start(order.orderId, { method: 'alipay' }, { customerId: 'late-1' }))).toMatchObject({ _tag: 'OrderNotPayable', status: 'cancelled' });
    await shop.stop();
  });

  it('a declined payment leaves the order waiting for another', async () => {
    const { shop } = await testShop();
    const { order } = await ordered(shop, 'decl-1', 'DECL-1');
    const started = right(await shop.payments.start(order.orderId, { method: 'unionpay' }, { customerId: 'decl-1' }));
    await shop.sandbox?.payments.decline(started.providerReference, 'INSUFFICIENT_FUNDS');
    expect((await shop.orders.get(order.orderId))?.status).toBe('awaiting_payment');
    const again = right(await shop.payments.start(order.orderId, { method: 'alipay' }, { customerId: 'decl-1' }));
    await shop.sandbox?.payments.complete(again.providerReference);
    expect((await shop.orders.get(order.orderId))?.status).toBe('paid');
    await shop.stop();
  });
});

describe("an account's standing", () => {
  it('says whether the account is open and which roles it holds, as its stream says, unknown users included', async () => {
    const { shop } = await testShop();
    expect(await shop.identity.standing('nobody')).toEqual({ status: 'unregistered', roles: ['customer'] });
    const { userId } = right(await shop.identity.register({ contact: 'standing@example.com', password: 'a long passphrase' }));
    expect(await shop.identity.standing(userId)).toEqual({ status: 'active', roles: ['customer'] });
    right(await shop.identity.grantRole(userId, 'auditor', 'admin-1'));
    expect(await shop.identity.standing(userId)).toEqual({ status: 'active', roles: await shop.identity.roles(userId) });
    expect((await shop.identity.standing(userId)).roles).toContain('auditor');
    right(await shop.identity.closeAccount(userId, { by: 'customer' }));
    expect((await shop.identity.standing(userId)).status).toBe('closed');
    await shop.stop();
  });
});

describe("what a customer sees of the risk team's work on their order", () => {
  it('that it is held and since when, never why, by whom or with what score; staff see it all', async () => {
    const { shop } = await testShop();
    const { order } = await ordered(shop, 'held-1', 'HELD-1');
    const started = right(await shop.payments.start(order.orderId, { method: 'alipay' }, { customerId: 'held-1' }));
    await shop.sandbox?.payments.complete(started.providerReference);
    // The risk process has scored the payment (and let it through) before staff hold the order by hand.
    await shop.settle();
    const live: RecordedEvent[] = [];
    const off = shop.orders.watch('held-1', (event) => live.push(event));
    await new Promise((resolve) => setTimeout(resolve, 20));
    right(await shop.risk.hold(order.orderId, { reason: 'card shared with 4 accounts', decidedBy: { kind: 'staff', staffId: 'staff-zhao' } }));
    const mine = await shop.orders.get(order.orderId, { customerId: 'held-1' });
    expect(mine?.status).toBe('on_risk_hold');
    expect(mine?.riskHold).toEqual({ heldAt: expect.any(String) as unknown });
    expect((await shop.orders.get(order.orderId))?.riskHold).toMatchObject({ reason: 'card shared with 4 accounts', decidedBy: { staffId: 'staff-zhao' } });

    right(await shop.risk.decide(order.orderId, { decision: 'reject', staffId: 'staff-wang', reason: 'stolen card confirmed by the issuer' }));
    const timeline = JSON.stringify(await shop.orders.timeline(order.orderId, { customerId: 'held-1' }));
    for (const secret of ['card shared', 'staff-zhao', 'staff-wang', 'stolen card']) expect(timeline).not.toContain(secret);
    expect(timeline).toContain('OrderRejectedForRisk');
    // Her live feed (the API's /me/order-events) shows the same as her timeline.
    await vi.waitFor(() => expect(live.map((e) => e.type)).toEqual(expect.arrayContaining(['OrderPutOnRiskHold', 'OrderRejectedForRisk'])));
    off();
    for (const secret of ['card shared', 'staff-zhao', 'staff-wang', 'stolen card']) expect(JSON.stringify(live)).not.toContain(secret);
    const staffTimeline = JSON.stringify(await shop.orders.timeline(order.orderId));
    for (const secret of ['card shared', 'staff-zhao', 'staff-wang', 'stolen card']) expect(staffTimeline).toContain(secret);
    // Sealed personal data (the address's recipient, phone and lines) reaches staff as envelopes, the customer not at all.
    expect(staffTimeline).toContain('"keyId"');
    expect(timeline).not.toContain('"keyId"');
    expect(timeline).toContain('"district"');
    await shop.stop();
  });
});

describe('what integrators see', () => {
  it("watch streams a customer's own order events live, and no one else's", async () => {
    const { shop } = await testShop();
    const seen: RecordedEvent[] = [];
    const off = shop.orders.watch('watcher-1', (event) => seen.push(event));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const mine = await ordered(shop, 'watcher-1', 'WATCH-1');
    await ordered(shop, 'other-1', 'WATCH-2');
    right(await shop.orders.cancel(mine.order.orderId, { kind: 'customer', customerId: 'watcher-1' }));
    await vi.waitFor(() => expect(seen.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderCancelled']));
    expect(seen.every((e) => (e.data as { orderId: string }).orderId === mine.order.orderId)).toBe(true);
    off();
    // A stream left open ends with the shop.
    shop.orders.watch('watcher-1', () => undefined);
    await shop.stop();
  });

  it('sends signed webhooks for the events an endpoint asks for', async () => {
    const received: { readonly body: string; readonly headers: Headers }[] = [];
    const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      received.push({ body: typeof init?.body === 'string' ? init.body : '', headers: new Headers(init?.headers) });
      return new Response(null, { status: 204 });
    });
    const { shop } = await testShop({
      webhooks: { endpoints: [{ id: 'erp', url: 'https://erp.example.com/hooks', secret: 'a-secret-of-16-chars', events: ['ProductPublished'] }], fetch, intervalMs: 10 },
    });
    const product = await publish(shop, 'HOOKED-1');
    await shop.settle();
    await shop.webhooks?.dispatchDue();
    await vi.waitFor(() => expect(received.length).toBe(1));
    expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({ type: 'ProductPublished', data: { productId: product.productId } });
    await shop.stop();
  });
});

describe('roles', () => {
  it('are customer for everyone, plus staff roles granted as events or given by the configuration', async () => {
    const { shop } = await testShop({ staff: { 'auditor-by-config': ['auditor'] } });
    const { userId } = right(await shop.identity.register({ contact: 'ops@example.com', password: 'a long passphrase' }));
    expect(await shop.identity.roles(userId)).toEqual(['customer']);
    expect(right(await shop.identity.grantRole(userId, 'admin', 'owner'))).toEqual(['customer', 'admin']);
    expect(right(await shop.identity.logIn({ contact: 'ops@example.com', password: 'a long passphrase' })).roles).toEqual(['customer', 'admin']);
    // The only admin keeps the role until there is another.
    expect(await shop.identity.revokeRole(userId, 'admin', 'owner')).toMatchObject({ _tag: 'Left', left: { _tag: 'LastAdministrator', userId } });
    const other = right(await shop.identity.register({ contact: 'owner@example.com', password: 'a long passphrase' }));
    right(await shop.identity.grantRole(other.userId, 'admin', 'owner'));
    expect(right(await shop.identity.revokeRole(userId, 'admin', 'owner'))).toEqual(['customer']);
    expect(await shop.identity.roles('auditor-by-config')).toEqual(['customer', 'auditor']);
    await shop.stop();
  });
});

describe('a customer erased after closing', () => {
  it('is answered AccountIsClosed by every command that would seal their data, never a thrown key-store error', async () => {
    const { shop } = await testShop();
    const userId = await signedUp(shop, 'erased@example.com');
    const product = await publish(shop, 'ERASED-1');
    right(await shop.inventory.receiveStock({ sku: 'ERASED-1', quantity: 5 }));
    right(await shop.cart.addItem(userId, { productId: product.productId, sku: 'ERASED-1', quantity: 1 }));
    right(await shop.identity.closeAccount(userId, { by: 'customer' }));
    right(await shop.identity.erasePersonalData(userId));
    const closed = { _tag: 'AccountIsClosed', closedAt: expect.any(String) as unknown };
    expect(left(await shop.checkout.placeOrder(userId, { shipTo: { address } }))).toEqual(closed);
    expect(left(await shop.accounts.addAddress(userId, address))).toEqual(closed);
    expect(left(await shop.accounts.updateProfile(userId, { name: 'Someone', nickname: null, birthday: null }))).toEqual(closed);
    await shop.stop();
  });
});
