import { describe, expect, it } from 'vitest';
import { afterSalesStream, orderFacts } from '../afterSales/index.js';
import { CUSTOMER, DAY, processHarness } from './testing/harness.js';
import type { ProcessHarness } from './testing/harness.js';

const ORDER = '9a8b7c6d-5e4f-4a3b-8c2d-000000000001';
const CASE = '9a8b7c6d-5e4f-4a3b-8c2d-0000000000c1';

/** Two teas and a cup ordered, not paid yet. */
const placedOrder = async () => {
  const h = await processHarness();
  await h.receiveStock('TEA-1', 10);
  await h.receiveStock('CUP-1', 10);
  await h.placeOrder(ORDER, [
    { sku: 'TEA-1', quantity: 2, unitPrice: 5_000 },
    { sku: 'CUP-1', quantity: 1, unitPrice: 3_000 },
  ]);
  await h.settle();
  return h;
};

const deliveredOrder = async () => {
  const h = await placedOrder();
  await h.pay(ORDER);
  await h.dispatch(ORDER, 'shipment-1');
  await h.carry(3 * DAY);
  return h;
};

/** The customer returns the cup; staff approve and receive it back as described. */
const returnTheCup = async (h: ProcessHarness) => {
  const order = await h.order(ORDER);
  const stream = afterSalesStream(CASE);
  const ok = <T extends { _tag: string }>(result: { _tag: 'Left'; left: T } | { _tag: 'Right'; right: unknown }) => {
    if (result._tag === 'Left') throw new Error(JSON.stringify(result.left));
  };
  ok(
    await h.handlers.afterSales(stream, {
      type: 'RequestAfterSales',
      caseId: CASE,
      customerId: CUSTOMER,
      kind: 'return',
      reason: 'no_reason',
      description: 'changed my mind',
      evidence: [],
      lines: [{ lineId: 'line-2', quantity: 1 }],
      order: orderFacts(order),
    }),
  );
  ok(await h.handlers.afterSales(stream, { type: 'ApproveCase', caseId: CASE, approvedBy: 'staff-1', note: '' }));
  ok(await h.handlers.afterSales(stream, { type: 'ReceiveItem', caseId: CASE, receivedBy: 'staff-2', condition: 'as_described', note: '' }));
};

describe('refunds process', () => {
  it('refunds a returned item once it is received as described, and enters it in the order’s ledger against its line', async () => {
    const h = await deliveredOrder();
    expect((await h.order(ORDER)).status).toBe('delivered');
    await returnTheCup(h);
    await h.settle();
    const [issued] = await h.eventsOfType('RefundIssued');
    expect(issued?.data).toMatchObject({ caseId: CASE, refundId: CASE, amount: { amount: 3_000, currency: 'CNY' } });
    // WeChat Pay accepts the refund now and settles it by notification.
    expect(await h.eventsOfType('PaymentRefunded')).toEqual([]);
    await h.deliverNotifications();
    await h.settle();
    const order = await h.order(ORDER);
    expect(order.ledger).toMatchObject({ paid: { amount: 13_000 }, refunded: { amount: 3_000 }, balance: { amount: 10_000 } });
    expect(order.lines.find((l) => l.lineId === 'line-2')?.refunded).toEqual({ amount: 3_000, currency: 'CNY' });
    expect(order.refunds).toEqual([{ refundId: CASE, amount: { amount: 3_000, currency: 'CNY' }, lineId: 'line-2' }]);
    const [recorded] = await h.eventsOfType('OrderRefundRecorded');
    const [refunded] = await h.eventsOfType('PaymentRefunded');
    expect(recorded?.metadata).toMatchObject({ causationId: refunded?.id, actor: { id: 'process:refunds' } });
    expect(h.wechat.control.transaction(order.payment?.paymentId ?? '')).toMatchObject({ refunded: 3_000 });
  });

  it('does not refund an item that came back other than described', async () => {
    const h = await deliveredOrder();
    await returnTheCup(h);
    await h.settle();
    const stream = afterSalesStream('9a8b7c6d-5e4f-4a3b-8c2d-0000000000c2');
    const order = await h.order(ORDER);
    await h.handlers.afterSales(stream, {
      type: 'RequestAfterSales',
      caseId: '9a8b7c6d-5e4f-4a3b-8c2d-0000000000c2',
      customerId: CUSTOMER,
      kind: 'return',
      reason: 'no_reason',
      description: 'one tin too many',
      evidence: [],
      lines: [{ lineId: 'line-1', quantity: 1 }],
      order: {
        orderId: ORDER,
        customerId: CUSTOMER,
        placedAt: order.placedAt,
        deliveredAt: h.clock.now().toISOString(),
        lines: order.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, deliveredQuantity: l.quantityDelivered, paid: l.net, refunded: l.refunded })),
      },
    });
    await h.handlers.afterSales(stream, { type: 'ApproveCase', caseId: '9a8b7c6d-5e4f-4a3b-8c2d-0000000000c2', approvedBy: 'staff-1', note: '' });
    await h.handlers.afterSales(stream, { type: 'ReceiveItem', caseId: '9a8b7c6d-5e4f-4a3b-8c2d-0000000000c2', receivedBy: 'staff-2', condition: 'not_matching_claim', note: 'opened and used' });
    await h.settle();
    expect((await h.eventsOfType('RefundIssued')).map((e) => (e.data as { caseId: string }).caseId)).toEqual([CASE]);
  });

  it('refunds once however often the events are delivered, and across a restart mid-refund', async () => {
    const h = await deliveredOrder();
    await returnTheCup(h);
    await h.settle();
    // Down while the provider settles the refund.
    await h.processes.stop();
    await h.deliverNotifications();
    await h.restart();
    await h.settle();
    for (const type of ['ItemReceived', 'RefundIssued', 'PaymentRefunded']) {
      const [event] = await h.eventsOfType(type);
      if (!event) throw new Error(`no ${type}`);
      await h.redeliver('refunds', event);
    }
    await h.deliverNotifications();
    await h.settle();
    expect((await h.eventsOfType('RefundIssued')).length).toBe(1);
    expect((await h.eventsOfType('PaymentRefundRequested')).length).toBe(1);
    expect((await h.eventsOfType('PaymentRefunded')).length).toBe(1);
    expect((await h.eventsOfType('OrderRefundRecorded')).length).toBe(1);
    const order = await h.order(ORDER);
    expect(order.ledger.refunded).toEqual({ amount: 3_000, currency: 'CNY' });
    expect(h.wechat.control.transaction(order.payment?.paymentId ?? '')).toMatchObject({ refunded: 3_000 });
  });

  it('records a return’s refund the payment no longer holds on the case, once, for staff', async () => {
    const h = await deliveredOrder();
    // Before the return's refund runs, the order's whole payment is given back another way.
    await h.processes.stop();
    await returnTheCup(h);
    const order = await h.order(ORDER);
    await h.processes.payments.refund({ orderId: ORDER, refundId: 'goodwill-1', amount: { amount: 13_000, currency: 'CNY' }, reason: 'goodwill' }, {});
    await h.deliverNotifications();
    await h.restart();
    await h.settle();
    expect(h.wechat.control.transaction(order.payment?.paymentId ?? '')).toMatchObject({ refunded: 13_000 });
    const refused = await h.eventsOfType('CasePayoutRefused');
    expect(refused.map((e) => e.data)).toMatchObject([{ caseId: CASE, refundId: CASE, amount: { amount: 3_000 }, reason: 'exceeds_refundable', refundable: { amount: 0 } }]);
    const [issued] = await h.eventsOfType('RefundIssued');
    if (!issued) throw new Error('no RefundIssued');
    await h.redeliver('refunds', issued);
    await h.settle();
    expect(await h.eventsOfType('CasePayoutRefused')).toHaveLength(1);
    expect(h.processes.runtime.status().filter((r) => r.state !== 'running')).toEqual([]);
  });

  it('leaves a complaint payout the order never took money for to staff, and keeps refunding everything else', async () => {
    const h = await placedOrder();
    // A complaint opened on the unpaid order by a client that still promised the line's whole net.
    const complaint = '9a8b7c6d-5e4f-4a3b-8c2d-0000000000c3';
    const stream = afterSalesStream(complaint);
    const order = await h.order(ORDER);
    await h.handlers.afterSales(stream, {
      type: 'RequestAfterSales',
      caseId: complaint,
      customerId: CUSTOMER,
      kind: 'complaint',
      reason: 'other',
      description: 'rude on the phone',
      evidence: [],
      lines: [{ lineId: 'line-2', quantity: 1 }],
      order: {
        orderId: ORDER,
        customerId: CUSTOMER,
        placedAt: order.placedAt,
        deliveredAt: null,
        lines: order.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, deliveredQuantity: 0, paid: l.net, refunded: l.refunded })),
      },
    });
    await h.handlers.afterSales(stream, { type: 'ApproveCase', caseId: complaint, approvedBy: 'staff-1', note: '' });
    await h.handlers.afterSales(stream, { type: 'ResolveComplaint', caseId: complaint, resolution: 'sorry', compensation: { refundId: 'comp-1', amount: { amount: 500, currency: 'CNY' } } });
    await h.settle();
    expect(await h.eventsOfType('ComplaintResolved')).toHaveLength(1);
    expect(await h.eventsOfType('PaymentRefundRequested')).toEqual([]);
    expect(h.processes.runtime.status().filter((r) => r.state !== 'running')).toEqual([]);
    // Not silently: the case says which payout could not be paid and why, for staff to settle by hand.
    const refused = await h.eventsOfType('CasePayoutRefused');
    expect(refused.map((e) => e.data)).toEqual([
      { caseId: complaint, orderId: ORDER, refundId: 'comp-1', amount: { amount: 500, currency: 'CNY' }, reason: 'order_not_paid', refundable: { amount: 0, currency: 'CNY' }, at: h.clock.now().toISOString() },
    ]);
    expect(await h.read.afterSalesCase(complaint)).toMatchObject({ status: 'complaint_resolved', payoutRefused: { refundId: 'comp-1', reason: 'order_not_paid' } });
    // Delivered again, it is recorded once.
    const [resolved] = await h.eventsOfType('ComplaintResolved');
    if (!resolved) throw new Error('no ComplaintResolved');
    await h.redeliver('refunds', resolved);
    await h.settle();
    expect(await h.eventsOfType('CasePayoutRefused')).toHaveLength(1);

    // The shop goes on: the order is paid, delivered, and a return of the cup is refunded.
    await h.pay(ORDER);
    await h.dispatch(ORDER, 'shipment-1');
    await h.carry(3 * DAY);
    await returnTheCup(h);
    await h.settle();
    expect((await h.eventsOfType('PaymentRefundRequested')).map((e) => (e.data as { refundId: string }).refundId)).toEqual([CASE]);
    expect(h.processes.runtime.status().filter((r) => r.state !== 'running')).toEqual([]);
  });
});
