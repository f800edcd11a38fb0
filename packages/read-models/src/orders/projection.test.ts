import { afterEach, describe, expect, it } from 'vitest';
import { readModelHarness } from '../testing/harness.js';
import type { ReadModelHarness } from '../testing/harness.js';
import type { CaseDocument, OrderDocument, PaymentDocument } from './documents.js';
import { ordersProjections } from './index.js';
import { orderLife } from './testing/flow.js';
import { at, cny, customer, staff, step, system } from './testing/events.js';

let harness: ReadModelHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

const project = async (steps = orderLife) => {
  harness = await readModelHarness(ordersProjections);
  for (const s of steps) await harness.append(s);
  const h = harness;
  return {
    order: (id: string) => h.runtime.collection<OrderDocument>('orders', 'orders').get(id),
    payment: (id: string) => h.runtime.collection<PaymentDocument>('orders', 'payments').get(id),
    kase: (id: string) => h.runtime.collection<CaseDocument>('orders', 'cases').get(id),
  };
};

describe('orders projection', () => {
  it('follows an order through payment, a risk hold, delivery and a partial refund', async () => {
    const { order } = await project();
    const o1 = await order('o-1');
    expect(o1).toMatchObject({
      customerId: 'c-1',
      status: 'delivered',
      placedAt: at(0),
      riskState: 'released',
      riskScore: 82,
      riskReason: 'new device, large basket',
      riskDecision: 'hold',
    });
    expect(o1?.details).toMatchObject({ paid: cny(5498), refunded: cny(500), paidAt: at(1), deliveryRegion: { province: '浙江省', city: '杭州市', district: '西湖区' } });
    expect(o1?.details?.lines.map((l) => [l.lineId, l.quantityShipped, l.quantityDelivered, l.refunded.amount])).toEqual([
      ['line-1', 2, 2, 0],
      ['line-2', 1, 1, 500],
    ]);
    expect(o1?.shipmentIds).toEqual(['s-1']);
    expect(o1?.caseIds).toEqual(['k-1']);
  });

  it('builds the full timeline: what, when and by whom, including case events that do not name the order', async () => {
    const { order } = await project();
    const timeline = (await order('o-1'))?.timeline ?? [];
    expect(timeline.map((e) => e.type)).toEqual([
      'OrderPlaced',
      'PaymentAttemptStarted',
      'PaymentCaptured',
      'OrderPaid',
      'RiskAssessed',
      'OrderPutOnRiskHold',
      'OrderRiskHoldReleased',
      'ShipmentCreated',
      'WaybillAssigned',
      'OrderLinesShipped',
      'ShipmentDelivered',
      'OrderLinesDelivered',
      'AfterSalesRequested',
      'CaseApproved',
      'ReturnParcelDispatched',
      'ItemReceived',
      'RefundIssued',
      'OrderRefundRecorded',
      'PaymentRefundRequested',
      'PaymentRefunded',
    ]);
    expect(timeline[0]).toMatchObject({ at: at(0), actor: { kind: 'customer', id: 'c-1' }, details: { total: cny(5498), lineCount: 2, placedAt: at(0) } });
    expect(timeline.find((e) => e.type === 'OrderRiskHoldReleased')).toMatchObject({ at: at(30), actor: { kind: 'staff', id: 'staff-7' } });
    expect(timeline.find((e) => e.type === 'ItemReceived')).toMatchObject({ details: { caseId: 'k-1', condition: 'as_described' } });
    const positions = timeline.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('keeps payment tokens and sealed personal data out of timelines and payment records', async () => {
    const { order, payment } = await project();
    const stored = JSON.stringify([await order('o-1'), await payment('o-1:a-1')]);
    expect(stored).not.toContain('tok_visa_secret');
    expect(stored).not.toContain('"iv"');
    expect(await payment('o-1:a-1')).toMatchObject({
      customerId: 'c-1',
      method: 'card',
      card: { brand: 'visa', last4: '4242' },
      status: 'captured',
      refunds: [{ refundId: 'r-1', amount: cny(500), status: 'refunded', reason: 'return' }],
    });
  });

  it('moves a case along the after-sales workflow', async () => {
    const { kase } = await project();
    expect(await kase('k-1')).toMatchObject({
      orderId: 'o-1',
      customerId: 'c-1',
      status: 'refunded',
      decision: { outcome: 'approved', by: 'staff-3' },
      returnParcel: { waybillNumber: 'RW-1' },
      itemReceived: { condition: 'as_described' },
      refund: { refundId: 'r-1', amount: cny(500) },
    });
  });

  it('flags a case whose payout the payment refused for staff, until they close it', async () => {
    const refused = step(
      'aftersales-k-1',
      [{ type: 'CasePayoutRefused', data: { caseId: 'k-1', orderId: 'o-1', refundId: 'r-1', amount: cny(500), reason: 'exceeds_refundable', refundable: cny(0), at: at(60 * 62) } }],
      at(60 * 62),
      system,
    );
    const { kase } = await project([...orderLife, refused]);
    expect(await kase('k-1')).toMatchObject({
      status: 'refunded',
      needsAttention: true,
      payoutRefused: { refundId: 'r-1', amount: cny(500), reason: 'exceeds_refundable', refundable: cny(0), at: at(60 * 62) },
    });
    const cases = harness?.runtime.collection<CaseDocument>('orders', 'cases');
    expect((await cases?.find({ needsAttention: true }))?.map((c) => c.caseId)).toEqual(['k-1']);
    await harness?.append(step('aftersales-k-1', [{ type: 'CaseClosed', data: { caseId: 'k-1', orderId: 'o-1', at: at(60 * 70) } }], at(60 * 70), staff('staff-3')));
    expect(await kase('k-1')).toMatchObject({ status: 'closed', needsAttention: false, payoutRefused: { refundId: 'r-1' } });
  });

  it('cancels an order rejected for risk and records the score', async () => {
    const { order } = await project();
    expect(await order('o-2')).toMatchObject({
      status: 'cancelled',
      riskState: 'rejected',
      riskScore: 97,
      details: { cancellation: { reason: 'risk_rejected', note: 'stolen card pattern', at: at(7) }, closedAt: at(7) },
    });
  });

  it('gives a payment heard of before its order to the customer once the order is placed', async () => {
    const [placed, ...rest] = orderLife;
    if (placed === undefined) throw new Error('the flow starts with a placed order');
    const early = step('payment-o-1', [{ type: 'PaymentAttemptTimedOut', data: { orderId: 'o-1', attemptId: 'a-0', timedOutAt: at(0) } }], at(0), customer('c-1'));
    const { order, payment } = await project([early, placed, ...rest.slice(0, 1)]);
    expect(await payment('o-1:a-0')).toMatchObject({ customerId: 'c-1', status: 'timed_out' });
    expect((await order('o-1'))?.timeline.map((e) => e.type)).toEqual(['PaymentAttemptTimedOut', 'OrderPlaced', 'PaymentAttemptStarted', 'PaymentCaptured']);
  });
});
