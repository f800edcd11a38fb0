import { eventRegistry } from '@shopstream/kernel';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import type { OrderingCommand } from './commands.js';
import { orderDecider } from './decider.js';
import type { OrderingEvent } from './events.js';
import { orderingEvents } from './events.js';
import { isPlaced } from './state.js';
import type { OrderState } from './state.js';
import { ORDER_TRANSITIONS, canTransition } from './status.js';
import { addressFixture } from './testing.js';

const orderId = 'order-1';
const customerId = 'customer-1';
const registry = eventRegistry(orderingEvents);
const START = Date.parse('2026-01-01T00:00:00.000Z');

const lineIds = ['line-1', 'line-2', 'line-3'] as const;
const lineId = fc.constantFrom(...lineIds, 'line-9');
const lineQuantities = fc.uniqueArray(fc.record({ lineId, quantity: fc.integer({ min: 1, max: 3 }) }), {
  minLength: 1,
  maxLength: 3,
  selector: (l) => l.lineId,
});
const decidedBy = fc.constantFrom({ kind: 'staff' as const, staffId: 'staff-1' }, { kind: 'policy' as const, policyId: 'velocity' });

const placeOrder: fc.Arbitrary<OrderingCommand> = fc
  .record({
    lines: fc.uniqueArray(
      fc.record({
        lineId: fc.constantFrom(...lineIds),
        unitPrice: fc.integer({ min: 0, max: 5000 }),
        quantity: fc.integer({ min: 1, max: 3 }),
        discountBp: fc.integer({ min: 0, max: 10_000 }),
      }),
      { minLength: 1, maxLength: 3, selector: (l) => l.lineId },
    ),
    couponBp: fc.integer({ min: 0, max: 10_000 }),
    shippingFee: fc.integer({ min: 0, max: 2000 }),
  })
  .map(({ lines, couponBp, shippingFee }) => {
    const priced = lines.map((l) => ({
      lineId: l.lineId,
      productId: `product-${l.lineId}`,
      sku: `SKU-${l.lineId}`,
      title: l.lineId,
      unitPrice: money(l.unitPrice),
      quantity: l.quantity,
      discount: money(Math.floor((l.unitPrice * l.quantity * l.discountBp) / 10_000)),
    }));
    const items = priced.reduce((s, l) => s + l.unitPrice.amount * l.quantity - l.discount.amount, 0);
    return {
      type: 'PlaceOrder' as const,
      data: {
        orderId,
        customerId,
        currency: 'CNY',
        lines: priced,
        discounts: [{ promotionId: 'coupon', amount: money(Math.floor((items * couponBp) / 10_000)) }],
        shippingFee: money(shippingFee),
        address: addressFixture(customerId),
        paymentDueAt: new Date(START + 30 * 60_000).toISOString(),
        autoConfirmReceiptAfterDays: 10,
      },
    };
  });

/** Commands that act on an order, aimed at the generated order often enough to move it along its whole life. */
const anyCommand = (state: OrderState): fc.Arbitrary<OrderingCommand> => {
  const total = isPlaced(state) ? state.total.amount : 0;
  // What a well-behaved shipping context would report next, so runs get as far as delivered and completed.
  const remaining = isPlaced(state)
    ? state.lines.filter((l) => l.quantityShipped < l.quantity).map((l) => ({ lineId: l.lineId, quantity: l.quantity - l.quantityShipped }))
    : [];
  const shipments = isPlaced(state) ? state.shipments : [];
  const onHold = state.status === 'on_risk_hold';
  const shipRest: fc.Arbitrary<OrderingCommand> = fc
    .constantFrom('s1', 's2', 's3')
    .map((shipmentId) => ({ type: 'RecordOrderShipment', data: { orderId, shipmentId, lines: remaining.length > 0 ? remaining : [{ lineId: 'line-1', quantity: 1 }] } }));
  const deliverShipment: fc.Arbitrary<OrderingCommand> =
    shipments.length === 0
      ? shipRest
      : fc.constantFrom(...shipments).map((s) => ({ type: 'RecordOrderDelivery', data: { orderId, shipmentId: s.shipmentId, lines: [...s.lines] } }));
  return fc.oneof(
    { weight: 3, arbitrary: shipRest },
    { weight: 3, arbitrary: deliverShipment },
    { weight: 1, arbitrary: placeOrder },
    { weight: 3, arbitrary: fc.record({
      paymentId: fc.constantFrom('pay-1', 'pay-2'),
      amount: fc.oneof(fc.constant(total), fc.integer({ min: 0, max: 20_000 })),
    }).map(({ paymentId, amount }): OrderingCommand => ({ type: 'RecordOrderPayment', data: { orderId, paymentId, amount: money(amount) } })) },
    { weight: 2, arbitrary: decidedBy.map((d): OrderingCommand => ({ type: 'PutOrderOnRiskHold', data: { orderId, reason: 'score', decidedBy: d } })) },
    { weight: onHold ? 6 : 1, arbitrary: decidedBy.map((d): OrderingCommand => ({ type: 'ReleaseOrderRiskHold', data: { orderId, decidedBy: d } })) },
    { weight: onHold ? 3 : 1, arbitrary: decidedBy.map((d): OrderingCommand => ({ type: 'RejectOrderForRisk', data: { orderId, reason: 'fraud', decidedBy: d } })) },
    fc
      .constantFrom(
        { reason: 'customer_request' as const, cancelledBy: { kind: 'customer' as const, customerId } },
        { reason: 'customer_request' as const, cancelledBy: { kind: 'customer' as const, customerId: 'someone-else' } },
        { reason: 'payment_timeout' as const, cancelledBy: { kind: 'system' as const } },
        { reason: 'out_of_stock' as const, cancelledBy: { kind: 'staff' as const, staffId: 'staff-1' } },
      )
      .map((c): OrderingCommand => ({ type: 'CancelOrder', data: { orderId, ...c } })),
    {
      weight: 4,
      arbitrary: fc
        .record({ shipmentId: fc.constantFrom('s1', 's2', 's3'), lines: lineQuantities })
        .map((s): OrderingCommand => ({ type: 'RecordOrderShipment', data: { orderId, ...s } })),
    },
    {
      weight: 4,
      arbitrary: fc
        .record({ shipmentId: fc.constantFrom('s1', 's2', 's3'), lines: lineQuantities })
        .map((s): OrderingCommand => ({ type: 'RecordOrderDelivery', data: { orderId, ...s } })),
    },
    fc
      .constantFrom({ kind: 'customer' as const, customerId }, { kind: 'automatic' as const })
      .map((confirmedBy): OrderingCommand => ({ type: 'ConfirmOrderReceipt', data: { orderId, confirmedBy } })),
    {
      weight: 2,
      arbitrary: fc
      .record({
        refundId: fc.constantFrom('r1', 'r2', 'r3', 'r4'),
        amount: fc.integer({ min: 0, max: Math.max(1, total) }),
        lineId: fc.option(lineId, { nil: undefined }),
      })
      .map(({ refundId, amount, lineId: refundLine }): OrderingCommand => ({
        type: 'RecordOrderRefund',
        data: { orderId, refundId, amount: money(amount), reason: 'after-sales', ...(refundLine === undefined ? {} : { lineId: refundLine }) },
      })),
    },
  );
};

interface Step {
  readonly command: OrderingCommand;
  readonly before: OrderState;
  readonly after: OrderState;
  readonly decision: E.Either<unknown, readonly OrderingEvent[]>;
  readonly events: readonly OrderingEvent[];
}

/** A random life of an order: each command drawn knowing the current state, time moving forward by up to 12 days. */
const orderLife = fc.integer({ min: 1, max: 30 }).chain((length) =>
  fc.infiniteStream(
    fc.tuple(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      // Mostly minutes apart, sometimes days, so both the payment deadline and the receipt window come into play.
      fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 10 * 60_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 12 * 86_400_000 }) }),
    ),
  ).map((stream) => {
    const steps: Step[] = [];
    let state = orderDecider.initialState();
    let now = START;
    const source = stream[Symbol.iterator]();
    for (let i = 0; i < length; i++) {
      const next = source.next();
      if (next.done) break;
      const [seed, advance] = next.value;
      // The first step always places the order so that most runs explore a placed order.
      const command = i === 0 ? fc.sample(placeOrder, { seed, numRuns: 1 })[0] : fc.sample(anyCommand(state), { seed, numRuns: 1 })[0];
      if (!command) break;
      if (i > 0) now += advance;
      const decision = orderDecider.decide(command, state, { now: new Date(now) });
      const events = E.isRight(decision) ? decision.right : [];
      const after = events.reduce(orderDecider.evolve, state);
      steps.push({ command, before: state, after, decision, events });
      state = after;
    }
    return steps;
  }),
);

const numRuns = 150;

describe('the order state machine', () => {
  it('only ever takes transitions in the table', () => {
    fc.assert(
      fc.property(orderLife, (steps) => {
        for (const { before, after, decision } of steps) {
          if (before.status !== after.status && after.status !== 'initial') {
            expect(canTransition(before.status, after.status), `${before.status} -> ${after.status}`).toBe(true);
          }
          // A refusal in the table's name names the real status and a move the table forbids.
          if (E.isLeft(decision)) {
            const error = decision.left as { _tag: string; from?: string; to?: string };
            if (error._tag === 'InvalidOrderTransition') {
              expect(error.from).toBe(before.status);
              expect(ORDER_TRANSITIONS[before.status].includes(error.to as never)).toBe(false);
            }
          }
        }
      }),
      { numRuns },
    );
  });

  it('reaches no status from a terminal one', () => {
    fc.assert(
      fc.property(orderLife, (steps) => {
        for (const { before, after } of steps) {
          if (before.status === 'completed' || before.status === 'cancelled') expect(after.status).toBe(before.status);
        }
      }),
      { numRuns },
    );
  });
});

describe('the order ledger and lines', () => {
  it('keeps balance = paid - refunded, refunds within what was paid and within each line', () => {
    fc.assert(
      fc.property(orderLife, (steps) => {
        for (const { after } of steps) {
          if (!isPlaced(after)) continue;
          const { paid, refunded, balance } = after.ledger;
          expect(balance.amount).toBe(paid.amount - refunded.amount);
          expect(refunded.amount).toBeGreaterThanOrEqual(0);
          expect(refunded.amount).toBeLessThanOrEqual(paid.amount);
          expect(after.refunds.reduce((s, r) => s + r.amount.amount, 0)).toBe(refunded.amount);
          for (const line of after.lines) expect(line.refunded.amount).toBeLessThanOrEqual(line.net.amount);
        }
      }),
      { numRuns },
    );
  });

  it('never ships more than was ordered nor delivers more than was shipped; delivered means every unit arrived', () => {
    fc.assert(
      fc.property(orderLife, (steps) => {
        for (const { after } of steps) {
          if (!isPlaced(after)) continue;
          for (const line of after.lines) {
            expect(line.quantityShipped).toBeLessThanOrEqual(line.quantity);
            expect(line.quantityDelivered).toBeLessThanOrEqual(line.quantityShipped);
            expect(line.delivered).toBe(line.quantityDelivered >= line.quantity);
          }
        }
      }),
      { numRuns },
    );
  });
});

describe('the order decider', () => {
  it('only produces events its schemas accept', () => {
    fc.assert(
      fc.property(orderLife, (steps) => {
        for (const event of steps.flatMap((s) => s.events)) {
          const outcome = registry.validate(event.type, event.data);
          expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
        }
      }),
      { numRuns },
    );
  });

  it('folds any sequence of its events without throwing, whatever the order', () => {
    const shuffledEvents = orderLife.chain((steps) => fc.shuffledSubarray(steps.flatMap((s) => s.events)));
    fc.assert(
      fc.property(shuffledEvents, (events) => {
        expect(() => events.reduce(orderDecider.evolve, orderDecider.initialState())).not.toThrow();
      }),
      { numRuns },
    );
  });

  it('folds the same history to the same plain-JSON state', () => {
    fc.assert(
      fc.property(orderLife, (steps) => {
        const events = steps.flatMap((s) => s.events);
        const once = events.reduce(orderDecider.evolve, orderDecider.initialState());
        const again = events.reduce(orderDecider.evolve, orderDecider.initialState());
        expect(again).toEqual(once);
        expect(JSON.parse(JSON.stringify(once))).toEqual(once);
      }),
      { numRuns },
    );
  });

  it('gives the same answer when a command that was accepted is repeated: nothing new, or a refusal', () => {
    fc.assert(
      fc.property(orderLife, (steps) => {
        for (const { command, after, events } of steps) {
          if (events.length === 0 || command.type === 'PlaceOrder') continue;
          const repeat = orderDecider.decide(command, after, { now: new Date(START + 400 * 86_400_000) });
          // Idempotent commands (payments, shipments, deliveries, refunds, confirmations) repeat as no-ops.
          if (['RecordOrderPayment', 'RecordOrderShipment', 'RecordOrderDelivery', 'RecordOrderRefund', 'ConfirmOrderReceipt'].includes(command.type)) {
            expect(repeat).toEqual(E.right([]));
          }
        }
      }),
      { numRuns },
    );
  });
});
