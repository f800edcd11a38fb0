import { describe, expect, it } from 'vitest';
import { riskStream } from '@shopstream/commerce/risk';
import { riskQueries } from './queries.js';
import { riskReviewService } from './review.js';
import { defaultRiskPolicy } from './scoring/policy.js';
import type { RiskPolicy } from './scoring/policy.js';
import { orderIdOf, queued } from './testing/fixtures.js';
import { riskShop } from './testing/shop.js';
import type { RiskShop } from './testing/shop.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CUSTOMER = 'customer-1';
const FIRST = orderIdOf(1);
const SECOND = orderIdOf(2);

/** A second order from one account within a day scores `points`: enough to hold (50) or to reject (90). */
const velocityPolicy = (points: number): RiskPolicy => ({
  ...defaultRiskPolicy,
  policyId: `test-velocity-${points}`,
  velocity: { ...defaultRiskPolicy.velocity, account: { limit: 1, pointsEach: points, maxPoints: points } },
});

/** The customer's first order is approved and paid; the second, placed an hour later, is paid and assessed. */
const secondOrderPaid = async (policy: RiskPolicy): Promise<RiskShop> => {
  const shop = await riskShop(policy);
  await shop.receiveStock('TEA-1', 10);
  await shop.placeOrder(FIRST, CUSTOMER, 'TEA-1', 5_000, { channel: 'app', deviceId: 'device-1' });
  await shop.pay(FIRST);
  shop.clock.advance(HOUR);
  await shop.placeOrder(SECOND, CUSTOMER, 'TEA-1', 5_000, { channel: 'app', deviceId: 'device-1' });
  await shop.pay(SECOND);
  return shop;
};

const noFailures = (shop: RiskShop): void => {
  for (const runtime of [shop.riskRuntime, shop.processes.runtime]) expect(runtime.status().every((s) => s.failure === null)).toBe(true);
};

describe('the risk process, end to end', () => {
  it('approves an ordinary order, which ships as usual', async () => {
    const shop = await riskShop(velocityPolicy(50));
    await shop.receiveStock('TEA-1', 10);
    await shop.placeOrder(FIRST, CUSTOMER, 'TEA-1', 5_000, { channel: 'web' });
    await shop.pay(FIRST);
    const risk = await riskQueries(shop.projections).orderRisk(FIRST);
    expect(risk).toMatchObject({ score: 0, reasons: [], decision: 'approve', status: 'approved', policyId: 'test-velocity-50' });
    await shop.dispatch(FIRST, 'shipment-1');
    await shop.carry(3 * HOUR);
    expect((await shop.order(FIRST)).status).toBe('shipped');
    noFailures(shop);
    await shop.stop();
  });

  it('reads the risk stream once per assessment: the handler that records it goes on from the state it read', async () => {
    const shop = await riskShop(velocityPolicy(50));
    await shop.receiveStock('TEA-1', 10);
    await shop.placeOrder(FIRST, CUSTOMER, 'TEA-1', 5_000, { channel: 'web' });
    await shop.pay(FIRST);
    expect(await riskQueries(shop.projections).orderRisk(FIRST)).toMatchObject({ decision: 'approve' });
    expect(shop.streamReads(riskStream(FIRST))).toBe(1);
    await shop.stop();
  });

  it('holds a risky order, which does not ship until staff release it, then catches up with its parcel', async () => {
    const shop = await secondOrderPaid(velocityPolicy(50));
    const queries = riskQueries(shop.projections);
    expect((await shop.order(SECOND)).status).toBe('on_risk_hold');
    const [assessment] = (await shop.eventsOfType('RiskAssessed')).filter((e) => e.stream === `risk-${SECOND}`);
    expect(assessment?.data).toMatchObject({ orderId: SECOND, score: 50, decision: 'hold', policyId: 'test-velocity-50', reasons: [{ code: 'account_velocity', points: 50 }] });
    expect(assessment?.data).toMatchObject({ signals: { accountOrders: 2, deviceOrders: 2 } });
    const [hold] = await shop.eventsOfType('OrderPutOnRiskHold');
    expect(hold?.data).toMatchObject({ decidedBy: { kind: 'policy', policyId: 'test-velocity-50', score: 50 } });
    expect(hold?.metadata).toMatchObject({ causationId: (await shop.eventsOfType('OrderPaid')).find((e) => e.stream === `order-${SECOND}`)?.id, actor: { id: 'process:risk' } });
    expect(queued(await queries.reviewQueue()).items.map((i) => i.orderId)).toEqual([SECOND]);

    // The warehouse sends it anyway and the carrier scans it: the order stays held, nothing is recorded as shipped.
    await shop.dispatch(SECOND, 'shipment-2');
    await shop.carry(3 * HOUR);
    expect((await shop.order(SECOND)).status).toBe('on_risk_hold');
    expect((await shop.eventsOfType('OrderLinesShipped')).filter((e) => e.stream === `order-${SECOND}`)).toEqual([]);

    const review = riskReviewService({ eventStore: shop.eventStore, clock: shop.clock });
    const released = await review.decideRiskReview({ orderId: SECOND, decision: 'release', staffId: 'staff-7', note: 'called the customer: a gift' });
    expect(released._tag).toBe('Right');
    await shop.settle();
    expect((await shop.order(SECOND)).status).toBe('shipped');
    expect(queued(await queries.reviewQueue()).items).toEqual([]);
    expect(await queries.orderRisk(SECOND)).toMatchObject({
      status: 'released',
      steps: [{ action: 'assessed' }, { action: 'held' }, { action: 'released', by: { kind: 'staff', staffId: 'staff-7' }, note: 'called the customer: a gift' }],
    });

    // A redelivered payment does not hold the order again: the policy's hold was made and staff released it.
    const paid = (await shop.eventsOfType('OrderPaid')).find((e) => e.stream === `order-${SECOND}`);
    if (!paid) throw new Error('no payment');
    await (shop.risk.handlers.OrderPaid as (e: typeof paid, c: { now: Date }) => Promise<void>)(paid, { now: shop.clock.now() });
    await shop.settle();
    expect((await shop.eventsOfType('OrderPutOnRiskHold')).length).toBe(1);
    expect((await shop.eventsOfType('RiskAssessed')).length).toBe(2);

    await shop.carry(7 * DAY);
    expect((await shop.order(SECOND)).status).toBe('delivered');
    noFailures(shop);
    await shop.stop();
  });

  it('rejects an order past the reject threshold: held, rejected by the policy, stock back and the payment refunded', async () => {
    const shop = await secondOrderPaid(velocityPolicy(90));
    const order = await shop.order(SECOND);
    expect(order.status).toBe('cancelled');
    const [rejection] = await shop.eventsOfType('OrderRejectedForRisk');
    expect(rejection?.data).toMatchObject({ orderId: SECOND, decidedBy: { kind: 'policy', policyId: 'test-velocity-90', score: 90 }, refundDue: { amount: 5_000 } });
    await shop.deliverNotifications();
    expect((await shop.eventsOfType('PaymentRefunded')).map((e) => e.stream)).toEqual([`payment-${SECOND}`]);
    expect((await shop.order(SECOND)).ledger).toMatchObject({ paid: { amount: 5_000 }, refunded: { amount: 5_000 }, balance: { amount: 0 } });
    // One unit went to the first order; the rejected order's unit is back on the shelf.
    expect(await shop.stock('TEA-1')).toMatchObject({ onHand: 9 });
    expect(await riskQueries(shop.projections).orderRisk(SECOND)).toMatchObject({ status: 'rejected', steps: [{ action: 'assessed' }, { action: 'held' }, { action: 'rejected' }] });
    noFailures(shop);
    await shop.stop();
  });

  it('lets staff reject a held order, with a note, and it is refunded like a policy rejection', async () => {
    const shop = await secondOrderPaid(velocityPolicy(50));
    const review = riskReviewService({ eventStore: shop.eventStore, clock: shop.clock });
    expect(await review.decideRiskReview({ orderId: SECOND, decision: 'reject', staffId: 'staff-7' })).toEqual({ _tag: 'Left', left: { _tag: 'RejectionNoteRequired', orderId: SECOND } });
    const rejected = await review.decideRiskReview({ orderId: SECOND, decision: 'reject', staffId: 'staff-7', note: 'card reported stolen' });
    expect(rejected._tag).toBe('Right');
    await shop.settle();
    await shop.deliverNotifications();
    expect((await shop.order(SECOND)).status).toBe('cancelled');
    expect((await shop.eventsOfType('OrderRejectedForRisk'))[0]?.data).toMatchObject({ reason: 'card reported stolen', decidedBy: { kind: 'staff', staffId: 'staff-7' } });
    expect((await shop.eventsOfType('PaymentRefunded')).length).toBe(1);
    // A decision about an order that is not held is refused by the order.
    expect(await review.decideRiskReview({ orderId: FIRST, decision: 'release', staffId: 'staff-7' })).toMatchObject({ _tag: 'Left', left: { _tag: 'OrderNotOnRiskHold' } });
    noFailures(shop);
    await shop.stop();
  });
});
