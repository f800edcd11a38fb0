import fc from 'fast-check';
import { ORDER_STATUSES, canTransition } from '@shopstream/commerce/ordering';
import { describe, expect, it } from 'vitest';
import type { Shop } from '../shop.js';
import type { ShopError } from '../errors.js';
import { address, cny, left, right, testShop } from '../../shop/testing.js';
import { holdRefusal } from './insightsFacade.js';

const staff = { kind: 'staff', staffId: 'staff-zhao' } as const;

/** An order of `customerId`'s for one unit of a new SKU, placed and awaiting payment. */
const placed = async (shop: Shop, customerId: string, sku: string): Promise<string> => {
  const product = right(await shop.catalog.createProduct({ title: { zh: sku, en: sku }, skus: [{ sku, price: cny(2_000) }], publish: true }));
  right(await shop.inventory.receiveStock({ sku, quantity: 5 }));
  right(await shop.cart.addItem(customerId, { productId: product.productId, sku, quantity: 1 }));
  const order = right(await shop.checkout.placeOrder(customerId, { shipTo: { address } }));
  await shop.settle();
  return order.orderId;
};

const pay = async (shop: Shop, orderId: string, customerId: string): Promise<void> => {
  const started = right(await shop.payments.start(orderId, { method: 'alipay' }, { customerId }));
  await shop.sandbox?.payments.complete(started.providerReference);
  await shop.settle();
};

const revisionOf = async (shop: Shop, orderId: string): Promise<number> => (await shop.orders.get(orderId))?.revision ?? -1;

describe('putting an order on risk hold by hand', () => {
  it('holds a paid order, trims the reason and answers the order at its new revision; a blank reason records nothing', async () => {
    const { shop } = await testShop();
    const orderId = await placed(shop, 'buyer-1', 'HOLD-1');
    await pay(shop, orderId, 'buyer-1');
    const before = await revisionOf(shop, orderId);

    expect(left(await shop.risk.hold(orderId, { reason: '  \n ', decidedBy: staff }))).toEqual({ _tag: 'RiskHoldReasonRequired', orderId });
    expect(await revisionOf(shop, orderId)).toBe(before);

    const held = right(await shop.risk.hold(orderId, { reason: '  card shared with 4 accounts ', decidedBy: staff }));
    expect(held).toMatchObject({ status: 'on_risk_hold', riskHold: { reason: 'card shared with 4 accounts', decidedBy: staff } });
    expect(held.revision).toBe(before + 1);
    expect(held.revision).toBe(await revisionOf(shop, orderId));
    await shop.stop();
  });

  it('tells staff why not: not paid yet, held already, past holding, no such order', async () => {
    const { shop } = await testShop();
    const orderId = await placed(shop, 'buyer-2', 'HOLD-2');
    expect(left(await shop.risk.hold(orderId, { reason: 'velocity', decidedBy: staff }))).toEqual({ _tag: 'OrderNotPaid', orderId, orderStatus: 'awaiting_payment' });

    await pay(shop, orderId, 'buyer-2');
    const held = right(await shop.risk.hold(orderId, { reason: 'velocity', decidedBy: staff }));
    expect(left(await shop.risk.hold(orderId, { reason: 'velocity again', decidedBy: staff }))).toEqual({ _tag: 'OrderAlreadyOnRiskHold', orderId });

    const rejected = right(await shop.risk.decide(orderId, { decision: 'reject', staffId: 'staff-wang', reason: 'stolen card' }));
    // The rejection's own revision: the refund the process records afterwards moves the order on again.
    expect(rejected).toMatchObject({ status: 'cancelled', revision: held.revision + 1 });
    await shop.settle();
    expect(left(await shop.risk.hold(orderId, { reason: 'too late', decidedBy: staff }))).toEqual({ _tag: 'OrderNotHoldable', orderId, orderStatus: 'cancelled' });

    expect(left(await shop.risk.hold('no-such-order', { reason: 'velocity', decidedBy: staff }))).toMatchObject({ _tag: 'OrderNotFound' });
    await shop.stop();
  });

  it('is decided on the revision the caller pins, and refused with a conflict when the order moved on', async () => {
    const { shop } = await testShop();
    const orderId = await placed(shop, 'buyer-3', 'HOLD-3');
    const unpaid = await revisionOf(shop, orderId);
    await pay(shop, orderId, 'buyer-3');
    const paid = await revisionOf(shop, orderId);
    expect(left(await shop.risk.hold(orderId, { reason: 'velocity', decidedBy: staff }, { expectedRevision: unpaid }))).toMatchObject({ _tag: 'ConcurrencyConflict', expected: unpaid, actual: paid });
    const held = right(await shop.risk.hold(orderId, { reason: 'velocity', decidedBy: staff }, { expectedRevision: paid }));
    expect(left(await shop.risk.decide(orderId, { decision: 'release', staffId: 'staff-wang' }, { expectedRevision: paid }))).toMatchObject({ _tag: 'ConcurrencyConflict' });
    expect(right(await shop.risk.decide(orderId, { decision: 'release', staffId: 'staff-wang' }, { expectedRevision: held.revision }))).toMatchObject({ status: 'paid', revision: held.revision + 1 });
    await shop.stop();
  });
});

describe('holdRefusal', () => {
  it('turns every status the order machine does not let go on hold into a refusal of its own, and leaves every other error as it is', () => {
    const status = fc.constantFrom(...ORDER_STATUSES);
    const orderId = fc.string({ minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(status, orderId, (from, id) => {
        if (canTransition(from, 'on_risk_hold')) return;
        const refusal = holdRefusal(id, { _tag: 'InvalidOrderTransition', orderId: id, from, to: 'on_risk_hold' });
        const expected = from === 'on_risk_hold' ? 'OrderAlreadyOnRiskHold' : from === 'awaiting_payment' ? 'OrderNotPaid' : 'OrderNotHoldable';
        expect(refusal).toMatchObject({ _tag: expected, orderId: id });
      }),
    );
    const other: fc.Arbitrary<ShopError> = fc.oneof(
      fc.record({ _tag: fc.constant('OrderNotFound' as const), orderId }),
      fc.record({ _tag: fc.constant('InvalidOrderTransition' as const), orderId, from: status, to: fc.constantFrom(...ORDER_STATUSES.filter((s) => s !== 'on_risk_hold')) }),
    );
    fc.assert(
      fc.property(other, orderId, (error, id) => {
        expect(holdRefusal(id, error)).toBe(error);
      }),
    );
  });
});
