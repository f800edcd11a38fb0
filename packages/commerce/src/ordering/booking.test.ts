import { deciderSpecification } from '@shopstream/kernel/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import type { OrderingCommand } from './commands.js';
import { orderDecider } from './decider.js';
import type { OrderingEvent } from './events.js';
import { isPlaced, quantityBooked } from './state.js';
import type { OrderState, PlacedOrderState } from './state.js';
import { placeOrderFixture } from './testing.js';

const T0 = '2026-01-01T00:00:00.000Z';
const context = { now: new Date(T0) };
const spec = deciderSpecification(orderDecider, context);
const orderId = 'order-1';
const place = placeOrderFixture();
const pay: OrderingCommand = { type: 'RecordOrderPayment', data: { orderId, paymentId: 'pay-1', amount: money(4690) } };
type Lines = { lineId: string; quantity: number }[];
const book = (shipmentId: string, lines: Lines): OrderingCommand => ({ type: 'BookOrderShipment', data: { orderId, shipmentId, lines } });
const release = (shipmentId: string): OrderingCommand => ({ type: 'ReleaseOrderShipmentBooking', data: { orderId, shipmentId, reason: 'carrier refused' } });
const ship = (shipmentId: string, lines: Lines): OrderingCommand => ({ type: 'RecordOrderShipment', data: { orderId, shipmentId, lines } });
const customerCancels: OrderingCommand = {
  type: 'CancelOrder',
  data: { orderId, reason: 'customer_request', cancelledBy: { kind: 'customer', customerId: 'customer-1' } },
};
const staffCancels: OrderingCommand = { type: 'CancelOrder', data: { orderId, reason: 'staff_decision', cancelledBy: { kind: 'staff', staffId: 'staff-1' } } };
const everything: Lines = [
  { lineId: 'line-1', quantity: 2 },
  { lineId: 'line-2', quantity: 1 },
];

/** Runs commands, keeping what was accepted; refusals are returned, not thrown, for the properties to look at. */
const run = (commands: readonly OrderingCommand[]) => {
  let state: OrderState = orderDecider.initialState();
  const events: OrderingEvent[] = [];
  for (const command of commands) {
    const decision = orderDecider.decide(command, state, context);
    if (E.isLeft(decision)) continue;
    for (const event of decision.right) {
      state = orderDecider.evolve(state, event);
      events.push(event);
    }
  }
  return { state, events };
};
const history = (...commands: OrderingCommand[]): OrderingEvent[] => run(commands).events;
const placedState = (state: OrderState): PlacedOrderState => {
  if (!isPlaced(state)) throw new Error('order not placed');
  return state;
};

describe('a booked waybill takes its lines', () => {
  it('records the booking for a paid order', () => {
    spec
      .given(history(place, pay))
      .when(book('s1', everything))
      .then([{ type: 'OrderShipmentBooked', data: { orderId, shipmentId: 's1', lines: everything, bookedAt: T0 } }]);
  });

  it('refuses a second booking for units already booked, before the carrier has scanned the first parcel', () => {
    spec
      .given(history(place, pay, book('s1', everything)))
      .when(book('s2', [{ lineId: 'line-1', quantity: 1 }]))
      .then({ _tag: 'ShipmentExceedsOrdered', lineId: 'line-1', ordered: 2, alreadyShipped: 0, booked: 2, requested: 1 });
  });

  it('lets the rest of a partly booked order be booked', () => {
    spec
      .given(history(place, pay, book('s1', [{ lineId: 'line-1', quantity: 2 }])))
      .when(book('s2', [{ lineId: 'line-2', quantity: 1 }]))
      .then([{ type: 'OrderShipmentBooked', data: { orderId, shipmentId: 's2', lines: [{ lineId: 'line-2', quantity: 1 }], bookedAt: T0 } }]);
  });

  it('takes a retried booking as the same one, and refuses the same shipment with other lines', () => {
    spec.given(history(place, pay, book('s1', everything))).when(book('s1', [...everything].reverse())).then([]);
    spec.given(history(place, pay, book('s1', everything))).when(book('s1', [{ lineId: 'line-2', quantity: 1 }])).then({ _tag: 'ShipmentAlreadyRecorded', shipmentId: 's1' });
    spec.given(history(place, pay, book('s1', everything), ship('s1', everything))).when(book('s1', everything)).then([]);
  });

  it('refuses to book an unpaid, held or fully shipped order', () => {
    spec.given(history(place)).when(book('s1', everything)).then({ _tag: 'InvalidOrderTransition', orderId, from: 'awaiting_payment', to: 'shipped' });
    const hold: OrderingCommand = { type: 'PutOrderOnRiskHold', data: { orderId, reason: 'velocity', decidedBy: { kind: 'staff', staffId: 'staff-1' } } };
    spec.given(history(place, pay, hold)).when(book('s1', everything)).then({ _tag: 'InvalidOrderTransition', orderId, from: 'on_risk_hold', to: 'shipped' });
    spec.given(history(place, pay, ship('s1', everything))).when(book('s2', everything)).then({ _tag: 'InvalidOrderTransition', orderId, from: 'shipped', to: 'shipped' });
  });

  it('moves the lines from booked to shipped at the carrier first scan', () => {
    const after = placedState(run([place, pay, book('s1', everything), ship('s1', everything)]).state);
    expect(after.bookings).toEqual([]);
    expect(after.status).toBe('shipped');
    expect(after.lines.map((l) => l.quantityShipped)).toEqual([2, 1]);
  });

  it('refuses to record another shipment of units a booking holds', () => {
    spec
      .given(history(place, pay, book('s1', everything)))
      .when(ship('s9', [{ lineId: 'line-2', quantity: 1 }]))
      .then({ _tag: 'ShipmentExceedsOrdered', lineId: 'line-2', ordered: 1, alreadyShipped: 0, booked: 1, requested: 1 });
  });
});

describe('cancelling an order with a booked waybill', () => {
  it('is refused for the customer and for staff: the parcel would go out after the refund', () => {
    spec.given(history(place, pay, book('s1', everything))).when(customerCancels).then({ _tag: 'InvalidOrderTransition', orderId, from: 'paid', to: 'cancelled' });
    spec.given(history(place, pay, book('s1', everything))).when(staffCancels).then({ _tag: 'InvalidOrderTransition', orderId, from: 'paid', to: 'cancelled' });
    const reject: OrderingCommand = { type: 'RejectOrderForRisk', data: { orderId, reason: 'fraud', decidedBy: { kind: 'staff', staffId: 'staff-1' } } };
    const hold: OrderingCommand = { type: 'PutOrderOnRiskHold', data: { orderId, reason: 'velocity', decidedBy: { kind: 'staff', staffId: 'staff-1' } } };
    spec.given(history(place, pay, book('s1', everything), hold)).when(reject).then({ _tag: 'InvalidOrderTransition', orderId, from: 'on_risk_hold', to: 'cancelled' });
  });

  it('is possible again once the booking is released', () => {
    const events = history(place, pay, book('s1', everything), release('s1'));
    expect(events.at(-1)).toEqual({ type: 'OrderShipmentBookingReleased', data: { orderId, shipmentId: 's1', reason: 'carrier refused', releasedAt: T0 } });
    const decision = orderDecider.decide(customerCancels, events.reduce(orderDecider.evolve, orderDecider.initialState()), context);
    expect(E.isRight(decision) && decision.right.map((e) => e.type)).toEqual(['OrderCancelled']);
  });

  it('releasing what is not booked changes nothing', () => {
    spec.given(history(place, pay)).when(release('s1')).then([]);
    spec.given(history(place, pay, book('s1', everything), ship('s1', everything))).when(release('s1')).then([]);
  });
});

describe('booking invariants', () => {
  const shipmentId = fc.constantFrom('s1', 's2', 's3');
  const lines = fc.uniqueArray(fc.record({ lineId: fc.constantFrom('line-1', 'line-2'), quantity: fc.integer({ min: 1, max: 3 }) }), {
    minLength: 1,
    maxLength: 2,
    selector: (l) => l.lineId,
  });
  const step: fc.Arbitrary<OrderingCommand> = fc.oneof(
    fc.tuple(shipmentId, lines).map(([id, l]) => book(id, l)),
    fc.tuple(shipmentId, lines).map(([id, l]) => ship(id, l)),
    shipmentId.map(release),
    fc.constant(customerCancels),
    fc.constant(staffCancels),
  );

  it('never has more units shipped and booked than ordered, and never cancels with a booking outstanding', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        let state: OrderState = orderDecider.evolve(orderDecider.evolve(orderDecider.initialState(), firstEvent(place, orderDecider.initialState())), {
          type: 'OrderPaid',
          data: { orderId, paymentId: 'pay-1', amount: money(4690), paidAt: T0 },
        });
        for (const command of steps) {
          const before = placedState(state);
          const decision = orderDecider.decide(command, state, context);
          if (E.isLeft(decision)) continue;
          if (decision.right.some((e) => e.type === 'OrderCancelled')) expect(before.bookings).toEqual([]);
          state = decision.right.reduce(orderDecider.evolve, state);
          const order = placedState(state);
          for (const line of order.lines) expect(line.quantityShipped + quantityBooked(order, line.lineId)).toBeLessThanOrEqual(line.quantity);
        }
      }),
    );
  });
});

describe('when the order’s lines arrived', () => {
  it('is the latest carrier delivery of any parcel, whatever order the shop hears of them in; null before the first (property)', () => {
    const instant = fc.integer({ min: Date.parse(T0), max: Date.parse(T0) + 60 * 86_400_000 }).map((ms) => new Date(ms));
    const shipped = run([place, pay, ship('a', [{ lineId: 'line-1', quantity: 2 }]), ship('b', [{ lineId: 'line-2', quantity: 1 }])]).state;
    expect(placedState(shipped).lastDeliveredAt).toBeNull();
    fc.assert(
      fc.property(fc.tuple(instant, instant), fc.tuple(instant, instant), ([arrivedA, heardA], [arrivedB, heardB]) => {
        const parcels = [
          { shipmentId: 'a', lines: [{ lineId: 'line-1', quantity: 2 }], arrived: arrivedA, heard: heardA },
          { shipmentId: 'b', lines: [{ lineId: 'line-2', quantity: 1 }], arrived: arrivedB, heard: heardB },
        ].sort((x, y) => x.heard.getTime() - y.heard.getTime());
        let state = shipped;
        const recorded: string[] = [];
        for (const { shipmentId, lines, arrived, heard } of parcels) {
          const command: OrderingCommand = { type: 'RecordOrderDelivery', data: { orderId, shipmentId, lines, deliveredAt: arrived.toISOString() } };
          const decision = orderDecider.decide(command, state, { now: heard });
          if (E.isLeft(decision)) throw new Error(decision.left._tag);
          const [event] = decision.right;
          if (event?.type !== 'OrderLinesDelivered') throw new Error('not delivered');
          recorded.push(event.data.deliveredAt);
          state = decision.right.reduce(orderDecider.evolve, state);
          expect(placedState(state).lastDeliveredAt).toBe(recorded.reduce((max, at) => (Date.parse(at) > Date.parse(max) ? at : max)));
        }
        // A receipt confirmed by the customer says nothing of when the parcels arrived.
        const confirmed = orderDecider.decide({ type: 'ConfirmOrderReceipt', data: { orderId, confirmedBy: { kind: 'customer', customerId: 'customer-1' } } }, state, context);
        if (E.isLeft(confirmed)) throw new Error(confirmed.left._tag);
        expect(placedState(confirmed.right.reduce(orderDecider.evolve, state)).lastDeliveredAt).toBe(placedState(state).lastDeliveredAt);
      }),
    );
  });
});

describe('a ship time corrected', () => {
  it('takes the earliest first scan it learns of for a recorded parcel, and only that (property)', () => {
    const instant = fc.integer({ min: Date.parse(T0), max: Date.parse(T0) + 10 * 86_400_000 }).map((ms) => new Date(ms));
    const now = new Date(Date.parse(T0) + 20 * 86_400_000);
    const paid = run([place, pay]).state;
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 6 }), (scans) => {
        let state = paid;
        const events: OrderingEvent[] = [];
        for (const scan of scans) {
          const command: OrderingCommand = { type: 'RecordOrderShipment', data: { orderId, shipmentId: 'a', lines: everything, shippedAt: scan.toISOString() } };
          const decision = orderDecider.decide(command, state, { now });
          if (E.isLeft(decision)) throw new Error(decision.left._tag);
          events.push(...decision.right);
          state = decision.right.reduce(orderDecider.evolve, state);
        }
        const earliest = new Date(Math.min(...scans.map((d) => d.getTime()))).toISOString();
        expect(placedState(state).shipments.map((s) => s.shippedAt)).toEqual([earliest]);
        expect(placedState(state).fullyShippedAt).toBe(earliest);
        // One correction per scan earlier than every one before it; a repeat or a later scan records nothing.
        const records = scans.filter((scan, i) => i === 0 || scan.getTime() < Math.min(...scans.slice(0, i).map((d) => d.getTime())));
        expect(events.map((e) => e.type)).toEqual(['OrderLinesShipped', ...records.slice(1).map(() => 'OrderShipTimeCorrected')]);
      }),
    );
  });

  it('still refuses the same parcel with other lines, and keeps the later parcel when an earlier one is corrected', () => {
    spec
      .given(history(place, pay, ship('a', everything)))
      .when({ type: 'RecordOrderShipment', data: { orderId, shipmentId: 'a', lines: [{ lineId: 'line-2', quantity: 1 }], shippedAt: '2025-12-31T00:00:00.000Z' } })
      .then({ _tag: 'ShipmentAlreadyRecorded', shipmentId: 'a' });
    const a = { type: 'RecordOrderShipment' as const, data: { orderId, shipmentId: 'a', lines: [{ lineId: 'line-1', quantity: 2 }], shippedAt: '2025-12-31T10:00:00.000Z' } };
    const b = { type: 'RecordOrderShipment' as const, data: { orderId, shipmentId: 'b', lines: [{ lineId: 'line-2', quantity: 1 }], shippedAt: '2025-12-31T12:00:00.000Z' } };
    const corrected = run([place, pay, a, b, { ...a, data: { ...a.data, shippedAt: '2025-12-31T06:00:00.000Z' } }]).state;
    // The order left with its last parcel, which did not move.
    expect(placedState(corrected).fullyShippedAt).toBe('2025-12-31T12:00:00.000Z');
    expect(placedState(corrected).shipments.map((s) => s.shippedAt)).toEqual(['2025-12-31T06:00:00.000Z', '2025-12-31T12:00:00.000Z']);
  });
});

describe('ship time', () => {
  it('is the carrier’s first scan when it is not ahead of the decision, the decision time otherwise; the order counts from the last parcel to leave', () => {
    const instant = fc.integer({ min: Date.parse(T0), max: Date.parse(T0) + 60 * 86_400_000 }).map((ms) => new Date(ms));
    const paid = run([place, pay]).state;
    fc.assert(
      fc.property(fc.tuple(instant, instant), fc.tuple(instant, instant), ([scanA, heardA], [scanB, heardB]) => {
        const parcels = [
          { shipmentId: 'a', lines: [{ lineId: 'line-1', quantity: 2 }], scan: scanA, heard: heardA },
          { shipmentId: 'b', lines: [{ lineId: 'line-2', quantity: 1 }], scan: scanB, heard: heardB },
        ].sort((x, y) => x.heard.getTime() - y.heard.getTime());
        let state = paid;
        const recorded: string[] = [];
        for (const { shipmentId, lines, scan, heard } of parcels) {
          const command: OrderingCommand = { type: 'RecordOrderShipment', data: { orderId, shipmentId, lines, shippedAt: scan.toISOString() } };
          const decision = orderDecider.decide(command, state, { now: heard });
          if (E.isLeft(decision)) throw new Error(decision.left._tag);
          const [event] = decision.right;
          if (event?.type !== 'OrderLinesShipped') throw new Error('not shipped');
          expect(event.data.shippedAt).toBe((scan <= heard ? scan : heard).toISOString());
          recorded.push(event.data.shippedAt);
          state = decision.right.reduce(orderDecider.evolve, state);
        }
        expect(isPlaced(state) && state.fullyShippedAt).toBe(recorded.reduce((max, at) => (at > max ? at : max)));
      }),
    );
  });
});

describe('delivery time', () => {
  it('is the carrier time when it is not ahead of the decision, the decision time otherwise', () => {
    const instant = fc.integer({ min: Date.parse(T0), max: Date.parse(T0) + 60 * 86_400_000 }).map((ms) => new Date(ms));
    const shipped = run([place, pay, ship('s1', everything)]).state;
    fc.assert(
      fc.property(instant, instant, (carrier, now) => {
        const command: OrderingCommand = { type: 'RecordOrderDelivery', data: { orderId, shipmentId: 's1', lines: everything, deliveredAt: carrier.toISOString() } };
        const decision = orderDecider.decide(command, shipped, { now });
        if (E.isLeft(decision)) throw new Error(decision.left._tag);
        const [event] = decision.right;
        expect(event?.type === 'OrderLinesDelivered' && event.data.deliveredAt).toBe((carrier <= now ? carrier : now).toISOString());
      }),
    );
  });
});

const firstEvent = (command: OrderingCommand, state: OrderState): OrderingEvent => {
  const decision = orderDecider.decide(command, state, context);
  if (E.isLeft(decision) || decision.right[0] === undefined) throw new Error('the fixture order is refused');
  return decision.right[0];
};
