import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelHarness } from '../testing/harness.js';
import type { ReadModelHarness } from '../testing/harness.js';
import { ordersProjections, ordersQueries } from './index.js';
import type { OrdersQueries } from './index.js';
import { at, customer, orderPlaced, step } from './testing/events.js';
import { orderLife } from './testing/flow.js';

let harness: ReadModelHarness;
let queries: OrdersQueries;

beforeAll(async () => {
  harness = await readModelHarness(ordersProjections);
  for (const s of orderLife) await harness.append(s);
  // Five more orders of c-1, a minute apart, for the pages.
  for (let i = 0; i < 5; i++) await harness.append(step(`order-p-${i}`, [orderPlaced(`p-${i}`, 'c-1', at(100 + i))], at(100 + i), customer('c-1')));
  queries = ordersQueries(harness.runtime);
});
afterAll(() => harness.stop());

const right = <L, R>(either: E.Either<L, R>): R => {
  if (E.isLeft(either)) throw new Error(`expected a right, got ${JSON.stringify(either.left)}`);
  return either.right;
};

describe('orders queries, for a customer', () => {
  it('shows customers their own order with its timeline', async () => {
    const order = await queries.order('o-1', { customerId: 'c-1' });
    expect(order).toMatchObject({ orderId: 'o-1', customerId: 'c-1', status: 'delivered', itemCount: 3, total: { amount: 5498, currency: 'CNY' } });
    expect(order?.timeline[0]?.type).toBe('OrderPlaced');
    expect(order).not.toHaveProperty('risk');
  });

  it('shows a customer that their order was reviewed, never the rules, reasons or score', async () => {
    const timeline = (await queries.order('o-1', { customerId: 'c-1' }))?.timeline ?? [];
    expect(timeline.map((e) => e.type)).not.toContain('RiskAssessed');
    expect(timeline.find((e) => e.type === 'OrderPutOnRiskHold')).toMatchObject({ at: at(2), details: {} });
    expect(JSON.stringify(timeline)).not.toMatch(/new device|new_device|"score"/);
    const staffTimeline = (await queries.admin.order('o-1'))?.timeline ?? [];
    expect(staffTimeline.find((e) => e.type === 'RiskAssessed')).toMatchObject({ details: { score: 82, decision: 'hold' } });
    expect(staffTimeline.find((e) => e.type === 'OrderPutOnRiskHold')?.details).toMatchObject({ reason: 'new device, large basket' });
  });

  it('customer B cannot read customer A’s order, payments or case', async () => {
    expect(await queries.order('o-1', { customerId: 'c-2' })).toBeNull();
    expect(await queries.paymentsOfOrder('o-1', { customerId: 'c-2' })).toEqual([]);
    expect(await queries.case('k-1', { customerId: 'c-2' })).toBeNull();
    expect(right(await queries.paymentsOf('c-2')).items).toEqual([]);
    expect(right(await queries.casesOf('c-2')).items).toEqual([]);
    expect(right(await queries.ordersOf('c-2')).items.map((o) => o.orderId)).toEqual(['o-2']);
    // ...while A reads them all.
    expect((await queries.paymentsOfOrder('o-1', { customerId: 'c-1' })).map((p) => p.attemptId)).toEqual(['a-1']);
    expect(await queries.case('k-1', { customerId: 'c-1' })).toMatchObject({ status: 'refunded' });
  });

  it('returns null for an order that does not exist', async () => {
    expect(await queries.order('nope', { customerId: 'c-1' })).toBeNull();
    expect(await queries.admin.order('nope')).toBeNull();
  });

  it('pages the customer’s orders newest first with an opaque cursor, each order once', async () => {
    const first = right(await queries.ordersOf('c-1', { limit: 4 }));
    expect(first.items.map((o) => o.orderId)).toEqual(['p-4', 'p-3', 'p-2', 'p-1']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = right(await queries.ordersOf('c-1', { limit: 4, after: first.nextCursor }));
    expect(second.items.map((o) => o.orderId)).toEqual(['p-0', 'o-1']);
    expect(second.nextCursor).toBeNull();
  });

  it('narrows the customer’s orders by status', async () => {
    expect(right(await queries.ordersOf('c-1', { status: 'awaiting_payment', limit: 2 })).items.map((o) => o.orderId)).toEqual(['p-4', 'p-3']);
    expect(right(await queries.ordersOf('c-1', { status: ['delivered', 'completed'] })).items.map((o) => o.orderId)).toEqual(['o-1']);
    expect(right(await queries.ordersOf('c-2', { status: 'delivered' })).items).toEqual([]);
  });

  it('refuses a cursor it did not make, as a value', async () => {
    expect(await queries.ordersOf('c-1', { after: 'not-a-cursor' })).toEqual(E.left({ _tag: 'InvalidCursor' }));
    const cases = right(await queries.casesOf('c-1', { limit: 1 }));
    expect(cases.items.map((c) => c.caseId)).toEqual(['k-1']);
  });
});

describe('orders queries, for staff', () => {
  const ids = async (filter: Parameters<OrdersQueries['admin']['orders']>[0]) => right(await queries.admin.orders(filter, { limit: 100 })).items.map((o) => o.orderId);

  it('lists every placed order newest first, with its risk state', async () => {
    const all = right(await queries.admin.orders());
    expect(all.items.map((o) => o.orderId)).toEqual(['p-4', 'p-3', 'p-2', 'p-1', 'p-0', 'o-2', 'o-1']);
    expect(all.items.find((o) => o.orderId === 'o-2')?.risk).toEqual({ state: 'rejected', score: 97, reason: 'stolen card pattern', decision: null });
    expect(all.items.find((o) => o.orderId === 'o-1')?.risk).toMatchObject({ state: 'released', decision: 'hold' });
  });

  it('filters by status, customer, date range and risk', async () => {
    expect(await ids({ status: 'cancelled' })).toEqual(['o-2']);
    expect(await ids({ status: ['delivered', 'cancelled'] })).toEqual(['o-2', 'o-1']);
    expect(await ids({ customerId: 'c-2' })).toEqual(['o-2']);
    expect(await ids({ placedFrom: at(5), placedBefore: at(102) })).toEqual(['p-1', 'p-0', 'o-2']);
    expect(await ids({ risk: 'released' })).toEqual(['o-1']);
    expect(await ids({ risk: 'none', customerId: 'c-1', status: 'awaiting_payment' })).toEqual(['p-4', 'p-3', 'p-2', 'p-1', 'p-0']);
  });

  it('finds an order held for risk', async () => {
    await harness.append(step('order-p-0', [{ type: 'OrderPaid', data: { orderId: 'p-0', paymentId: 'a-5', amount: { amount: 5498, currency: 'CNY' }, paidAt: at(200) } }], at(200)));
    await harness.append(
      step('order-p-0', [{ type: 'OrderPutOnRiskHold', data: { orderId: 'p-0', reason: 'velocity', decidedBy: { kind: 'policy', policyId: 'risk-v1', score: 71 }, heldAt: at(201) } }], at(201)),
    );
    expect(await ids({ risk: 'held' })).toEqual(['p-0']);
    expect(await queries.admin.order('p-0')).toMatchObject({ status: 'on_risk_hold', risk: { state: 'held', score: 71, reason: 'velocity', decision: null } });
  });

  it('refuses a malformed filter as a value', async () => {
    const result = await queries.admin.orders({ placedFrom: 'yesterday' });
    expect(E.isLeft(result) && result.left._tag).toBe('InvalidFilter');
  });

  it('reads any order, its payments and its cases', async () => {
    expect(await queries.admin.order('o-1')).toMatchObject({ customerId: 'c-1', risk: { state: 'released', score: 82 } });
    expect((await queries.admin.paymentsOfOrder('o-1')).map((p) => p.card)).toEqual([{ brand: 'visa', last4: '4242' }]);
    expect((await queries.admin.casesOfOrder('o-1')).map((c) => c.caseId)).toEqual(['k-1']);
    expect(await queries.admin.case('k-1')).toMatchObject({ customerId: 'c-1' });
  });
});
