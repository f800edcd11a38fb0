import { deciderSpecification } from '@shopstream/kernel/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import type { OrderingCommand } from './commands.js';
import { orderDecider } from './decider.js';
import type { OrderingEvent } from './events.js';
import { isPlaced } from './state.js';
import type { PlacedOrderState } from './state.js';
import { placeOrderFixture } from './testing.js';

const T0 = '2026-01-01T00:00:00.000Z';
const at = (iso: string) => ({ now: new Date(iso) });
const spec = deciderSpecification(orderDecider, { now: new Date(T0) });

/** Runs commands through the decider and returns what they recorded; a refusal is a broken test. */
const history = (...steps: (OrderingCommand | readonly [OrderingCommand, string])[]): OrderingEvent[] => {
  let state = orderDecider.initialState();
  const events: OrderingEvent[] = [];
  for (const step of steps) {
    const [command, when] = 'type' in step ? [step, T0] : step;
    const decision = orderDecider.decide(command, state, at(when));
    if (E.isLeft(decision)) throw new Error(`${command.type} refused: ${JSON.stringify(decision.left)}`);
    for (const event of decision.right) {
      state = orderDecider.evolve(state, event);
      events.push(event);
    }
  }
  return events;
};

const stateAfter = (events: readonly OrderingEvent[]): PlacedOrderState => {
  const state = events.reduce(orderDecider.evolve, orderDecider.initialState());
  if (!isPlaced(state)) throw new Error('order not placed');
  return state;
};

const orderId = 'order-1';
const place = placeOrderFixture();
const pay: OrderingCommand = { type: 'RecordOrderPayment', data: { orderId, paymentId: 'pay-1', amount: money(4690) } };
const ship = (shipmentId: string, lines: { lineId: string; quantity: number }[]): Extract<OrderingCommand, { type: 'RecordOrderShipment' }> => ({
  type: 'RecordOrderShipment',
  data: { orderId, shipmentId, lines },
});
/** The shipment as the fulfilment process reports it: with the carrier's first scan. */
const scanned = (command: ReturnType<typeof ship>, shippedAt: string): ReturnType<typeof ship> => ({ ...command, data: { ...command.data, shippedAt } });
const deliver = (shipmentId: string, lines: { lineId: string; quantity: number }[]): Extract<OrderingCommand, { type: 'RecordOrderDelivery' }> => ({
  type: 'RecordOrderDelivery',
  data: { orderId, shipmentId, lines },
});
const shipAll = ship('shipment-1', [
  { lineId: 'line-1', quantity: 2 },
  { lineId: 'line-2', quantity: 1 },
]);
const deliverAll = deliver('shipment-1', [
  { lineId: 'line-1', quantity: 2 },
  { lineId: 'line-2', quantity: 1 },
]);
const staff = { kind: 'staff' as const, staffId: 'staff-7' };
const policy = { kind: 'policy' as const, policyId: 'velocity-v2', score: 87 };
const hold: OrderingCommand = { type: 'PutOrderOnRiskHold', data: { orderId, reason: 'five orders in ten minutes', decidedBy: policy } };
const refund = (refundId: string, amount: number, lineId?: string): OrderingCommand => ({
  type: 'RecordOrderRefund',
  data: { orderId, refundId, amount: money(amount), reason: 'return', ...(lineId === undefined ? {} : { lineId }) },
});

describe('PlaceOrder', () => {
  it('prices the lines, spreads the coupon over them and waits for payment', () => {
    spec
      .given([])
      .when(place)
      .then([
        {
          type: 'OrderPlaced',
          data: {
            orderId,
            customerId: 'customer-1',
            cartId: 'cart-1',
            currency: 'CNY',
            lines: [
              {
                lineId: 'line-1',
                productId: 'product-1',
                sku: 'SKU-TEA-250G',
                title: 'Longjing tea 250 g',
                unitPrice: money(1999),
                quantity: 2,
                subtotal: money(3998),
                lineDiscount: money(398),
                orderDiscountShare: money(360),
                net: money(3240),
              },
              {
                lineId: 'line-2',
                productId: 'product-2',
                sku: 'SKU-CUP',
                title: 'Tea cup',
                unitPrice: money(500),
                quantity: 1,
                subtotal: money(500),
                lineDiscount: money(0),
                orderDiscountShare: money(50),
                net: money(450),
              },
            ],
            discounts: place.data.discounts,
            shippingFee: money(1000),
            itemsSubtotal: money(4498),
            discountTotal: money(808),
            total: money(4690),
            address: place.data.address,
            placedAt: T0,
            paymentDueAt: '2026-01-01T00:30:00.000Z',
            autoConfirmReceiptAfterDays: 10,
          },
        },
      ]);
    expect(stateAfter(history(place)).status).toBe('awaiting_payment');
  });

  it('gives the fen left over by the coupon split to the larger line, so the shares add up exactly', () => {
    const odd = placeOrderFixture({ discounts: [{ promotionId: 'p', amount: money(101) }] });
    const decision = spec.given([]).when(odd).decision();
    if (E.isLeft(decision)) throw new Error('refused');
    const placed = decision.right[0];
    if (placed?.type !== 'OrderPlaced') throw new Error('expected OrderPlaced');
    expect(placed.data.lines.map((l) => l.orderDiscountShare.amount)).toEqual([89, 12]);
    expect(placed.data.total).toEqual(money(3600 + 500 - 101 + 1000));
  });

  it('refuses to place the same order twice', () => {
    spec.given(history(place)).when(place).then({ _tag: 'OrderAlreadyPlaced', orderId });
  });

  it('refuses a payment due date that is not in the future', () => {
    spec
      .given([])
      .when(placeOrderFixture({ paymentDueAt: T0 }))
      .then({ _tag: 'PaymentDueDateNotInFuture', paymentDueAt: T0, now: T0 });
  });

  it('refuses an amount in another currency', () => {
    spec
      .given([])
      .when(placeOrderFixture({ shippingFee: money(1000, 'USD') }))
      .then({ _tag: 'CurrencyMismatch', expected: 'CNY', received: 'USD' });
  });

  it('refuses the same line twice', () => {
    const line = place.data.lines[0];
    if (!line) throw new Error('fixture has lines');
    spec
      .given([])
      .when(placeOrderFixture({ lines: [line, line] }))
      .thenFails('RepeatedOrderLine', { lineId: 'line-1' });
  });

  it('refuses a line discount larger than the line', () => {
    const line = { lineId: 'l', productId: 'p', sku: 's', title: 't', unitPrice: money(100), quantity: 2, discount: money(201) };
    spec
      .given([])
      .when(placeOrderFixture({ lines: [line], discounts: [] }))
      .then({ _tag: 'LineDiscountExceedsSubtotal', lineId: 'l', subtotal: money(200), discount: money(201) });
  });

  it('refuses order discounts larger than the items', () => {
    spec
      .given([])
      .when(placeOrderFixture({ discounts: [{ promotionId: 'p', amount: money(4101) }] }))
      .then({ _tag: 'OrderDiscountExceedsItems', items: money(4100), discount: money(4101) });
  });
});

describe('RecordOrderPayment', () => {
  it('marks the order paid and puts the amount on the ledger', () => {
    spec
      .given(history(place))
      .when(pay)
      .then([{ type: 'OrderPaid', data: { orderId, paymentId: 'pay-1', amount: money(4690), paidAt: T0 } }]);
    expect(stateAfter(history(place, pay)).ledger).toEqual({ paid: money(4690), refunded: money(0), balance: money(4690) });
  });

  it('records the same payment once, however often it is reported', () => {
    spec.given(history(place, pay)).when(pay).then([]);
  });

  it('refuses a second, different payment', () => {
    spec
      .given(history(place, pay))
      .when({ type: 'RecordOrderPayment', data: { orderId, paymentId: 'pay-2', amount: money(4690) } })
      .then({ _tag: 'OrderAlreadyPaid', orderId, paymentId: 'pay-1', attemptedPaymentId: 'pay-2' });
  });

  it('refuses an amount other than the total', () => {
    spec
      .given(history(place))
      .when({ type: 'RecordOrderPayment', data: { orderId, paymentId: 'pay-1', amount: money(4600) } })
      .then({ _tag: 'PaymentAmountMismatch', orderId, expected: money(4690), received: money(4600) });
  });

  it('refuses a payment for a cancelled order (the payment context refunds it)', () => {
    const cancel: OrderingCommand = {
      type: 'CancelOrder',
      data: { orderId, reason: 'customer_request', cancelledBy: { kind: 'customer', customerId: 'customer-1' } },
    };
    spec.given(history(place, cancel)).when(pay).then({ _tag: 'InvalidOrderTransition', orderId, from: 'cancelled', to: 'paid' });
  });

  it('refuses an order that was never placed', () => {
    spec.given([]).when(pay).then({ _tag: 'OrderNotFound', orderId });
  });

  it('refuses a command routed to another order', () => {
    spec
      .given(history(place))
      .when({ type: 'RecordOrderPayment', data: { orderId: 'order-2', paymentId: 'pay-1', amount: money(4690) } })
      .then({ _tag: 'OrderIdMismatch', orderId, commandOrderId: 'order-2' });
  });
});

describe('PutOrderOnRiskHold', () => {
  it('holds a paid order, by staff or by the risk policy', () => {
    spec
      .given(history(place, pay))
      .when(hold)
      .then([{ type: 'OrderPutOnRiskHold', data: { orderId, reason: 'five orders in ten minutes', decidedBy: policy, heldAt: T0 } }]);
    spec
      .given(history(place, pay))
      .when({ type: 'PutOrderOnRiskHold', data: { orderId, reason: 'address on watch list', decidedBy: staff } })
      .then([{ type: 'OrderPutOnRiskHold', data: { orderId, reason: 'address on watch list', decidedBy: staff, heldAt: T0 } }]);
    expect(stateAfter(history(place, pay, hold)).status).toBe('on_risk_hold');
  });

  it('refuses to hold an order not yet paid, or already shipped', () => {
    spec.given(history(place)).when(hold).then({ _tag: 'InvalidOrderTransition', orderId, from: 'awaiting_payment', to: 'on_risk_hold' });
    spec.given(history(place, pay, shipAll)).when(hold).then({ _tag: 'InvalidOrderTransition', orderId, from: 'shipped', to: 'on_risk_hold' });
  });

  it('refuses an order never placed', () => {
    spec.given([]).when(hold).thenFails('OrderNotFound');
  });
});

describe('ReleaseOrderRiskHold', () => {
  const release: OrderingCommand = { type: 'ReleaseOrderRiskHold', data: { orderId, note: 'customer verified by phone', decidedBy: staff } };

  it('returns a held order to paid', () => {
    spec
      .given(history(place, pay, hold))
      .when(release)
      .then([{ type: 'OrderRiskHoldReleased', data: { orderId, note: 'customer verified by phone', decidedBy: staff, releasedAt: T0 } }]);
    const state = stateAfter(history(place, pay, hold, release));
    expect(state.status).toBe('paid');
    expect(state.riskHold).toBeNull();
  });

  it('refuses an order that is not on hold', () => {
    spec.given(history(place, pay)).when(release).then({ _tag: 'OrderNotOnRiskHold', orderId, status: 'paid' });
    spec.given(history(place)).when(release).then({ _tag: 'OrderNotOnRiskHold', orderId, status: 'awaiting_payment' });
  });
});

describe('RejectOrderForRisk', () => {
  const reject: OrderingCommand = { type: 'RejectOrderForRisk', data: { orderId, reason: 'stolen card', decidedBy: staff } };

  it('cancels a held order and states what must be refunded', () => {
    spec
      .given(history(place, pay, hold))
      .when(reject)
      .then([{ type: 'OrderRejectedForRisk', data: { orderId, reason: 'stolen card', decidedBy: staff, refundDue: money(4690), rejectedAt: T0 } }]);
    expect(stateAfter(history(place, pay, hold, reject)).status).toBe('cancelled');
  });

  it('refuses an order that is not on hold', () => {
    spec.given(history(place, pay)).when(reject).then({ _tag: 'OrderNotOnRiskHold', orderId, status: 'paid' });
  });
});

describe('CancelOrder', () => {
  const byCustomer: OrderingCommand = {
    type: 'CancelOrder',
    data: { orderId, reason: 'customer_request', cancelledBy: { kind: 'customer', customerId: 'customer-1' } },
  };
  const timeout: OrderingCommand = { type: 'CancelOrder', data: { orderId, reason: 'payment_timeout', cancelledBy: { kind: 'system' } } };

  it('lets the customer withdraw an unpaid order, with nothing to refund', () => {
    spec
      .given(history(place))
      .when(byCustomer)
      .then([
        {
          type: 'OrderCancelled',
          data: { orderId, reason: 'customer_request', cancelledBy: { kind: 'customer', customerId: 'customer-1' }, refundDue: money(0), cancelledAt: T0 },
        },
      ]);
  });

  it('lets staff cancel a paid order before shipment, stating the refund due', () => {
    spec
      .given(history(place, pay))
      .when({ type: 'CancelOrder', data: { orderId, reason: 'out_of_stock', cancelledBy: staff, note: 'supplier short' } })
      .then([
        {
          type: 'OrderCancelled',
          data: { orderId, reason: 'out_of_stock', cancelledBy: staff, note: 'supplier short', refundDue: money(4690), cancelledAt: T0 },
        },
      ]);
  });

  it('lets a held order be cancelled, since nothing has shipped', () => {
    const decision = spec.given(history(place, pay, hold)).when(byCustomer).decision();
    expect(decision).toMatchObject(E.right([{ type: 'OrderCancelled', data: { refundDue: money(4690) } }]));
  });

  it('cancels an unpaid order once the payment is overdue', () => {
    spec
      .given(history(place))
      .when(timeout, at('2026-01-01T00:30:00.000Z'))
      .then([
        {
          type: 'OrderCancelled',
          data: { orderId, reason: 'payment_timeout', cancelledBy: { kind: 'system' }, refundDue: money(0), cancelledAt: '2026-01-01T00:30:00.000Z' },
        },
      ]);
  });

  it('refuses a payment timeout before the due time', () => {
    spec
      .given(history(place))
      .when(timeout, at('2026-01-01T00:29:59.999Z'))
      .then({ _tag: 'PaymentNotOverdue', orderId, paymentDueAt: '2026-01-01T00:30:00.000Z' });
  });

  it('refuses reasons that do not fit who cancels or the status', () => {
    spec
      .given(history(place, pay))
      .when(timeout, at('2026-01-02T00:00:00.000Z'))
      .then({ _tag: 'CancellationReasonNotApplicable', orderId, reason: 'payment_timeout', status: 'paid' });
    spec
      .given(history(place))
      .when({ type: 'CancelOrder', data: { orderId, reason: 'staff_decision', cancelledBy: { kind: 'customer', customerId: 'customer-1' } } })
      .then({ _tag: 'CancellationReasonNotApplicable', orderId, reason: 'staff_decision', status: 'awaiting_payment' });
    spec
      .given(history(place))
      .when({ type: 'CancelOrder', data: { orderId, reason: 'customer_request', cancelledBy: staff } })
      .thenFails('CancellationReasonNotApplicable');
  });

  it("refuses another customer's cancellation", () => {
    spec
      .given(history(place))
      .when({ type: 'CancelOrder', data: { orderId, reason: 'customer_request', cancelledBy: { kind: 'customer', customerId: 'customer-2' } } })
      .then({ _tag: 'NotOrderCustomer', orderId, customerId: 'customer-2' });
  });

  it('refuses once anything has shipped, and refuses a cancelled order', () => {
    spec
      .given(history(place, pay, ship('shipment-1', [{ lineId: 'line-1', quantity: 1 }])))
      .when(byCustomer)
      .then({ _tag: 'InvalidOrderTransition', orderId, from: 'partially_shipped', to: 'cancelled' });
    spec.given(history(place, byCustomer)).when(byCustomer).then({ _tag: 'InvalidOrderTransition', orderId, from: 'cancelled', to: 'cancelled' });
  });
});

describe('RecordOrderShipment', () => {
  it('records a partial shipment line by line', () => {
    const partial = ship('shipment-1', [{ lineId: 'line-1', quantity: 1 }]);
    spec
      .given(history(place, pay))
      .when(partial)
      .then([{ type: 'OrderLinesShipped', data: { orderId, shipmentId: 'shipment-1', lines: [{ lineId: 'line-1', quantity: 1 }], allShipped: false, shippedAt: T0 } }]);
    const state = stateAfter(history(place, pay, partial));
    expect(state.status).toBe('partially_shipped');
    expect(state.lines.map((l) => l.quantityShipped)).toEqual([1, 0]);
    expect(state.fullyShippedAt).toBeNull();
  });

  it('marks the order shipped when the last unit leaves', () => {
    const first = ship('shipment-1', [{ lineId: 'line-1', quantity: 1 }]);
    const rest = ship('shipment-2', [
      { lineId: 'line-2', quantity: 1 },
      { lineId: 'line-1', quantity: 1 },
    ]);
    spec
      .given(history(place, pay, first))
      .when(rest, at('2026-01-02T00:00:00.000Z'))
      .then([
        {
          type: 'OrderLinesShipped',
          data: { orderId, shipmentId: 'shipment-2', lines: rest.data.lines, allShipped: true, shippedAt: '2026-01-02T00:00:00.000Z' },
        },
      ]);
    const state = stateAfter(history(place, pay, first, [rest, '2026-01-02T00:00:00.000Z']));
    expect(state.status).toBe('shipped');
    expect(state.fullyShippedAt).toBe('2026-01-02T00:00:00.000Z');
  });

  it('ships at the carrier’s first scan, however late the shop hears of it, and never later than now', () => {
    const scannedAt = '2026-01-01T03:15:00.000Z';
    const heardLate = scanned(shipAll, scannedAt);
    spec
      .given(history(place, pay))
      .when(heardLate, at('2026-01-01T09:00:00.000Z'))
      .then([{ type: 'OrderLinesShipped', data: { orderId, shipmentId: 'shipment-1', lines: shipAll.data.lines, allShipped: true, shippedAt: scannedAt } }]);
    expect(stateAfter(history(place, pay, [heardLate, '2026-01-01T09:00:00.000Z'])).fullyShippedAt).toBe(scannedAt);
    const carrierAhead = scanned(shipAll, '2026-01-02T00:00:00.000Z');
    spec
      .given(history(place, pay))
      .when(carrierAhead, at('2026-01-01T09:00:00.000Z'))
      .then([{ type: 'OrderLinesShipped', data: { orderId, shipmentId: 'shipment-1', lines: shipAll.data.lines, allShipped: true, shippedAt: '2026-01-01T09:00:00.000Z' } }]);
  });

  it('counts the order fully shipped from the parcel that left last, not the one heard of last', () => {
    // The second parcel was scanned first, but its push came in a day after the first parcel's.
    const first = scanned(ship('shipment-1', [{ lineId: 'line-1', quantity: 2 }]), '2026-01-02T10:00:00.000Z');
    const second = scanned(ship('shipment-2', [{ lineId: 'line-2', quantity: 1 }]), '2026-01-02T08:00:00.000Z');
    const state = stateAfter(history(place, pay, [first, '2026-01-02T11:00:00.000Z'], [second, '2026-01-03T11:00:00.000Z']));
    expect(state.shipments.map((s) => s.shippedAt)).toEqual(['2026-01-02T10:00:00.000Z', '2026-01-02T08:00:00.000Z']);
    expect(state.fullyShippedAt).toBe('2026-01-02T10:00:00.000Z');
  });

  it('records a redelivered shipment report once', () => {
    const reordered = ship('shipment-1', [
      { lineId: 'line-2', quantity: 1 },
      { lineId: 'line-1', quantity: 2 },
    ]);
    spec.given(history(place, pay, shipAll)).when(reordered).then([]);
  });

  it('refuses a shipment id reused for other goods', () => {
    spec
      .given(history(place, pay, ship('shipment-1', [{ lineId: 'line-1', quantity: 1 }])))
      .when(ship('shipment-1', [{ lineId: 'line-1', quantity: 2 }]))
      .then({ _tag: 'ShipmentAlreadyRecorded', shipmentId: 'shipment-1' });
  });

  it('refuses a line named twice, an unknown line, and more than was ordered', () => {
    spec
      .given(history(place, pay))
      .when(
        ship('s', [
          { lineId: 'line-1', quantity: 1 },
          { lineId: 'line-1', quantity: 1 },
        ]),
      )
      .then({ _tag: 'RepeatedOrderLine', lineId: 'line-1' });
    spec
      .given(history(place, pay))
      .when(ship('s', [{ lineId: 'line-9', quantity: 1 }]))
      .then({ _tag: 'UnknownOrderLine', orderId, lineId: 'line-9' });
    spec
      .given(history(place, pay, ship('s1', [{ lineId: 'line-1', quantity: 1 }])))
      .when(ship('s2', [{ lineId: 'line-1', quantity: 2 }]))
      .then({ _tag: 'ShipmentExceedsOrdered', lineId: 'line-1', ordered: 2, alreadyShipped: 1, booked: 0, requested: 2 });
  });

  it('refuses to ship an unpaid, held or cancelled order', () => {
    spec.given(history(place)).when(shipAll).then({ _tag: 'InvalidOrderTransition', orderId, from: 'awaiting_payment', to: 'shipped' });
    spec.given(history(place, pay, hold)).when(shipAll).then({ _tag: 'InvalidOrderTransition', orderId, from: 'on_risk_hold', to: 'shipped' });
  });
});

describe('RecordOrderDelivery', () => {
  it('records delivered quantities and the per-line delivered flag', () => {
    const partialDelivery = deliver('shipment-1', [{ lineId: 'line-2', quantity: 1 }]);
    spec
      .given(history(place, pay, shipAll))
      .when(partialDelivery)
      .then([
        { type: 'OrderLinesDelivered', data: { orderId, shipmentId: 'shipment-1', lines: [{ lineId: 'line-2', quantity: 1 }], allDelivered: false, deliveredAt: T0 } },
      ]);
    const state = stateAfter(history(place, pay, shipAll, partialDelivery));
    expect(state.status).toBe('shipped');
    expect(state.lines.map((l) => [l.quantityDelivered, l.delivered])).toEqual([
      [0, false],
      [1, true],
    ]);
  });

  it('marks the order delivered when every unit has arrived', () => {
    spec
      .given(history(place, pay, shipAll))
      .when(deliverAll)
      .then([{ type: 'OrderLinesDelivered', data: { orderId, shipmentId: 'shipment-1', lines: deliverAll.data.lines, allDelivered: true, deliveredAt: T0 } }]);
    const state = stateAfter(history(place, pay, shipAll, deliverAll));
    expect(state.status).toBe('delivered');
    expect(state.lines.every((l) => l.delivered)).toBe(true);
  });

  it('records when the carrier delivered, however late the shop hears of it, and never later than now', () => {
    const state = history(place, pay, shipAll).reduce(orderDecider.evolve, orderDecider.initialState());
    const carrierTime = '2026-01-03T09:30:00.000Z';
    const heardLate = orderDecider.decide({ ...deliverAll, data: { ...deliverAll.data, deliveredAt: carrierTime } }, state, at('2026-01-06T00:00:00.000Z'));
    expect(E.isRight(heardLate) && heardLate.right.map((e) => e.data)).toEqual([expect.objectContaining({ deliveredAt: carrierTime })]);
    const carrierAhead = orderDecider.decide({ ...deliverAll, data: { ...deliverAll.data, deliveredAt: '2026-01-09T00:00:00.000Z' } }, state, at('2026-01-06T00:00:00.000Z'));
    expect(E.isRight(carrierAhead) && carrierAhead.right.map((e) => e.data)).toEqual([expect.objectContaining({ deliveredAt: '2026-01-06T00:00:00.000Z' })]);
  });

  it('keeps a partly shipped order partly shipped while its first parcel arrives', () => {
    const first = ship('shipment-1', [{ lineId: 'line-2', quantity: 1 }]);
    const state = stateAfter(history(place, pay, first, deliver('shipment-1', [{ lineId: 'line-2', quantity: 1 }])));
    expect(state.status).toBe('partially_shipped');
    expect(state.lines.map((l) => l.delivered)).toEqual([false, true]);
  });

  it('records a redelivered report once, and refuses other goods under the same shipment', () => {
    spec.given(history(place, pay, shipAll, deliverAll)).when(deliverAll).then([]);
    spec
      .given(history(place, pay, shipAll, deliver('shipment-1', [{ lineId: 'line-2', quantity: 1 }])))
      .when(deliverAll)
      .then({ _tag: 'DeliveryAlreadyRecorded', shipmentId: 'shipment-1' });
  });

  it('refuses an unknown shipment, a repeated line, and more than the parcel held', () => {
    spec.given(history(place, pay)).when(deliverAll).then({ _tag: 'UnknownShipment', orderId, shipmentId: 'shipment-1' });
    spec
      .given(history(place, pay, shipAll))
      .when(
        deliver('shipment-1', [
          { lineId: 'line-2', quantity: 1 },
          { lineId: 'line-2', quantity: 1 },
        ]),
      )
      .then({ _tag: 'RepeatedOrderLine', lineId: 'line-2' });
    spec
      .given(history(place, pay, ship('shipment-1', [{ lineId: 'line-1', quantity: 1 }])))
      .when(deliver('shipment-1', [{ lineId: 'line-1', quantity: 2 }]))
      .then({ _tag: 'DeliveryExceedsShipment', shipmentId: 'shipment-1', lineId: 'line-1', inShipment: 1, requested: 2 });
  });

  it('adds nothing after the customer already confirmed receipt', () => {
    const confirm: OrderingCommand = { type: 'ConfirmOrderReceipt', data: { orderId, confirmedBy: { kind: 'customer', customerId: 'customer-1' } } };
    spec.given(history(place, pay, shipAll, confirm)).when(deliverAll).then([]);
  });
});

describe('ConfirmOrderReceipt', () => {
  const byCustomer: OrderingCommand = { type: 'ConfirmOrderReceipt', data: { orderId, confirmedBy: { kind: 'customer', customerId: 'customer-1' } } };
  const automatic: OrderingCommand = { type: 'ConfirmOrderReceipt', data: { orderId, confirmedBy: { kind: 'automatic' } } };

  it('completes a delivered order when the customer confirms', () => {
    spec
      .given(history(place, pay, shipAll, deliverAll))
      .when(byCustomer)
      .then([{ type: 'OrderReceiptConfirmed', data: { orderId, confirmedBy: { kind: 'customer', customerId: 'customer-1' }, confirmedAt: T0 } }]);
  });

  it('counts every line delivered when the customer confirms before the carrier reports', () => {
    const state = stateAfter(history(place, pay, shipAll, byCustomer));
    expect(state.status).toBe('completed');
    expect(state.lines.every((l) => l.delivered && l.quantityDelivered === l.quantity)).toBe(true);
  });

  it('confirms automatically once the window after the last shipment has passed', () => {
    spec
      .given(history(place, pay, shipAll))
      .when(automatic, at('2026-01-11T00:00:00.000Z'))
      .then([{ type: 'OrderReceiptConfirmed', data: { orderId, confirmedBy: { kind: 'automatic' }, confirmedAt: '2026-01-11T00:00:00.000Z' } }]);
  });

  it('refuses automatic confirmation before the window has passed', () => {
    spec
      .given(history(place, pay, shipAll))
      .when(automatic, at('2026-01-10T23:59:59.999Z'))
      .then({ _tag: 'ReceiptAutoConfirmationNotDue', orderId, dueAt: '2026-01-11T00:00:00.000Z' });
  });

  it("refuses another customer's confirmation", () => {
    spec
      .given(history(place, pay, shipAll))
      .when({ type: 'ConfirmOrderReceipt', data: { orderId, confirmedBy: { kind: 'customer', customerId: 'customer-2' } } })
      .then({ _tag: 'NotOrderCustomer', orderId, customerId: 'customer-2' });
  });

  it('refuses an order not shipped', () => {
    spec.given(history(place, pay)).when(byCustomer).then({ _tag: 'InvalidOrderTransition', orderId, from: 'paid', to: 'completed' });
    spec
      .given(history(place, pay, ship('s', [{ lineId: 'line-1', quantity: 1 }])))
      .when(automatic, at('2027-01-01T00:00:00.000Z'))
      .then({ _tag: 'InvalidOrderTransition', orderId, from: 'partially_shipped', to: 'completed' });
  });

  it('changes nothing when confirmed again', () => {
    spec.given(history(place, pay, shipAll, byCustomer)).when(automatic, at('2027-01-01T00:00:00.000Z')).then([]);
  });
});

describe('RecordOrderRefund', () => {
  it('puts a refund on the ledger, against one line or the whole order', () => {
    spec
      .given(history(place, pay, shipAll, deliverAll))
      .when(refund('refund-1', 450, 'line-2'))
      .then([{ type: 'OrderRefundRecorded', data: { orderId, refundId: 'refund-1', amount: money(450), reason: 'return', lineId: 'line-2', recordedAt: T0 } }]);
    const state = stateAfter(history(place, pay, refund('refund-1', 450, 'line-2'), refund('refund-2', 1000)));
    expect(state.ledger).toEqual({ paid: money(4690), refunded: money(1450), balance: money(3240) });
    expect(state.lines.map((l) => l.refunded.amount)).toEqual([0, 450]);
  });

  it('records the same refund once', () => {
    spec.given(history(place, pay, refund('refund-1', 450, 'line-2'))).when(refund('refund-1', 450, 'line-2')).then([]);
  });

  it('refuses a refund id reused for another amount', () => {
    spec.given(history(place, pay, refund('refund-1', 450))).when(refund('refund-1', 451)).then({ _tag: 'RefundAlreadyRecorded', refundId: 'refund-1' });
  });

  it('refuses a refund in another currency, or of nothing', () => {
    spec
      .given(history(place, pay))
      .when({ type: 'RecordOrderRefund', data: { orderId, refundId: 'r', amount: money(10, 'USD'), reason: 'x' } })
      .then({ _tag: 'CurrencyMismatch', expected: 'CNY', received: 'USD' });
    spec.given(history(place, pay)).when(refund('r', 0)).then({ _tag: 'RefundAmountNotPositive', requested: money(0) });
  });

  it('refuses more than the balance: nothing paid, or more than is left', () => {
    spec.given(history(place)).when(refund('r', 1)).then({ _tag: 'RefundExceedsBalance', orderId, requested: money(1), refundable: money(0) });
    spec
      .given(history(place, pay, refund('refund-1', 4000)))
      .when(refund('refund-2', 691))
      .then({ _tag: 'RefundExceedsBalance', orderId, requested: money(691), refundable: money(690) });
  });

  it('refuses an unknown line, and more than a line cost', () => {
    spec.given(history(place, pay)).when(refund('r', 1, 'line-9')).then({ _tag: 'UnknownOrderLine', orderId, lineId: 'line-9' });
    spec
      .given(history(place, pay, refund('refund-1', 400, 'line-2')))
      .when(refund('refund-2', 51, 'line-2'))
      .then({ _tag: 'LineRefundExceedsNet', lineId: 'line-2', requested: money(51), refundable: money(50) });
  });
});

describe('every command about an order', () => {
  it('refuses an order never placed', () => {
    const commands: OrderingCommand[] = [
      pay,
      hold,
      { type: 'ReleaseOrderRiskHold', data: { orderId, decidedBy: staff } },
      { type: 'RejectOrderForRisk', data: { orderId, reason: 'x', decidedBy: staff } },
      { type: 'CancelOrder', data: { orderId, reason: 'staff_decision', cancelledBy: staff } },
      shipAll,
      deliverAll,
      { type: 'ConfirmOrderReceipt', data: { orderId, confirmedBy: { kind: 'automatic' } } },
      refund('r1', 1),
    ];
    for (const command of commands) spec.given([]).when(command).then({ _tag: 'OrderNotFound', orderId });
  });

  it('folds an order whose personal data was erased: sealed values are never opened', () => {
    const events = history(place, pay, shipAll);
    const erased = events.map((event) =>
      event.type === 'OrderPlaced'
        ? {
            ...event,
            data: {
              ...event.data,
              address: {
                ...event.data.address,
                recipientName: { ...event.data.address.recipientName, data: '' },
                phone: { ...event.data.address.phone, data: '' },
                addressLines: { ...event.data.address.addressLines, data: '' },
              },
            },
          }
        : event,
    );
    expect(stateAfter(erased)).toEqual(stateAfter(events));
  });
});
