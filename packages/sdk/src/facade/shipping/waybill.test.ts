import { commerceEventRegistry } from '@shopstream/commerce';
import { EventStoreError, ManualClock, memoryEventStore, memoryReadStore, sequentialIds } from '@shopstream/kernel';
import type { EventStore } from '@shopstream/kernel';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createShop } from '../../shop/createShop.js';
import { cheapPasswords, DAY, left, right, START } from '../../shop/testing.js';
import type { Shop } from '../shop.js';
import { paidOrder } from './fixtures.js';

type Failure = 'none' | 'fault' | 'conflict' | 'outage';

/**
 * A shop in memory whose event store fails, on demand, to write a waybill to its shipment: a fault throws (the disk,
 * the network); a conflict answers every attempt with another writer's revision. An outage is the sandbox carrier's
 * own. Everything else is the real shop.
 */
const failingShop = async () => {
  const clock = new ManualClock(START);
  const ids = sequentialIds(5);
  const store = memoryEventStore({ registry: commerceEventRegistry(), now: () => clock.now(), newId: () => ids.next() });
  let failure: Failure = 'none';
  const eventStore: EventStore = {
    ...store,
    append: async (stream, events, options) => {
      if ((failure === 'fault' || failure === 'conflict') && events.some((e) => e.type === 'WaybillAssigned')) {
        if (failure === 'fault') throw new Error('disk I/O error');
        throw new EventStoreError({ _tag: 'WrongExpectedRevision', stream, expected: options?.expectedRevision ?? 'any', actual: (await store.streamRevision(stream)) + 1 });
      }
      return store.append(stream, events, options);
    },
  };
  const shop = await createShop({ storage: { kind: 'custom', eventStore, readStore: memoryReadStore() }, clock, ids, passwordHasher: cheapPasswords() });
  await shop.start();
  const carrier = shop.sandbox?.carrier.control;
  if (!carrier) throw new Error('the shop runs no sandbox carrier');
  const failWith = (next: Failure) => {
    failure = next;
    carrier.setAvailable(next !== 'outage');
  };
  const eventsOfType = async (type: string) => store.readAll({ filter: { eventTypes: [type] } });
  return { shop, store, carrier, failWith, eventsOfType };
};

const order = async (shop: Shop, orderId: string) => {
  const view = await shop.orders.get(orderId);
  if (!view) throw new Error(`no order ${orderId}`);
  return view;
};

describe('a waybill the carrier issued that never reached the shipment', () => {
  it('after a fault, keeps the booking, and shipOrder again (no id needed) records the same waybill', async () => {
    const { shop, carrier, failWith, eventsOfType } = await failingShop();
    const { alice, orderId } = await paidOrder(shop);
    failWith('fault');
    await expect(shop.shipping.shipOrder(orderId)).rejects.toThrow('disk I/O error');

    const [booking] = (await order(shop, orderId)).bookings;
    if (!booking) throw new Error('the booking was lost');
    const issued = await carrier.findWaybill(booking.shipmentId);
    if (E.isLeft(issued) || issued.right === null) throw new Error('the carrier issued no waybill');
    expect((await shop.shipping.shipment(booking.shipmentId))?.waybillNumber).toBeNull();
    // The carrier holds a waybill for the parcel, so the order may not be cancelled and refunded under it.
    expect(left(await shop.orders.cancel(orderId, { kind: 'customer', customerId: alice }))).toMatchObject({ _tag: 'InvalidOrderTransition', to: 'cancelled' });
    expect(await eventsOfType('OrderShipmentBookingReleased')).toEqual([]);

    failWith('none');
    const { shipment, waybill } = right(await shop.shipping.shipOrder(orderId), 'shipOrder again');
    expect(shipment.shipmentId).toBe(booking.shipmentId);
    expect(waybill).toEqual(issued.right);
    await shop.sandbox?.carrier.advance(5 * DAY);
    expect((await order(shop, orderId)).status).toBe('delivered');
    expect((await eventsOfType('ShipmentCreated')).length).toBe(1);
  });

  it('after losing every retry to another writer, answers ConcurrencyConflict, keeps the booking, and records on retry', async () => {
    const { shop, failWith, eventsOfType } = await failingShop();
    const { orderId } = await paidOrder(shop);
    failWith('conflict');
    expect(left(await shop.shipping.shipOrder(orderId, { shipmentId: 'parcel-1' }))).toMatchObject({ _tag: 'ConcurrencyConflict' });
    expect((await order(shop, orderId)).bookings.map((b) => b.shipmentId)).toEqual(['parcel-1']);
    expect(await eventsOfType('OrderShipmentBookingReleased')).toEqual([]);
    failWith('none');
    expect(right(await shop.shipping.shipOrder(orderId, { shipmentId: 'parcel-1' })).shipment.waybillNumber).not.toBeNull();
  });

  it('is withdrawn by cancelShipment, which frees the order', async () => {
    const { shop, failWith } = await failingShop();
    const { alice, orderId } = await paidOrder(shop);
    failWith('fault');
    await expect(shop.shipping.shipOrder(orderId, { shipmentId: 'parcel-1' })).rejects.toThrow();
    failWith('none');
    right(await shop.shipping.cancelShipment('parcel-1', 'wrong address'), 'cancelShipment');
    await shop.settle();
    expect(right(await shop.orders.cancel(orderId, { kind: 'customer', customerId: alice })).status).toBe('cancelled');
    expect(await shop.sandbox?.carrier.advance(7 * DAY)).toBe(0);
  });

  it('during a carrier outage, keeps the booking (the carrier cannot say it holds none) until shipOrder again books it', async () => {
    const { shop, failWith, eventsOfType } = await failingShop();
    const { alice, orderId } = await paidOrder(shop);
    failWith('outage');
    expect(left(await shop.shipping.shipOrder(orderId))).toMatchObject({ _tag: 'CarrierUnavailable' });
    expect(await eventsOfType('OrderShipmentBookingReleased')).toEqual([]);
    expect(left(await shop.orders.cancel(orderId, { kind: 'customer', customerId: alice }))).toMatchObject({ _tag: 'InvalidOrderTransition' });
    failWith('none');
    const [booking] = (await order(shop, orderId)).bookings;
    expect(right(await shop.shipping.shipOrder(orderId)).shipment.shipmentId).toBe(booking?.shipmentId);
  });
});

describe('a carrier that refuses to book a parcel', () => {
  it('holds nothing for it: the lines go back to the order, which may then be cancelled', async () => {
    const { shop, eventsOfType } = await failingShop();
    const { alice, orderId } = await paidOrder(shop);
    expect(left(await shop.shipping.shipOrder(orderId, { origin: { city: '拉萨' } }))).toMatchObject({ _tag: 'AddressUnserviceable' });
    expect((await eventsOfType('OrderShipmentBookingReleased')).length).toBe(1);
    expect(right(await shop.orders.cancel(orderId, { kind: 'customer', customerId: alice })).status).toBe('cancelled');
  });
});

const step = fc.oneof(
  fc.record({ kind: fc.constant('ship' as const), failure: fc.constantFrom<Failure>('none', 'fault', 'conflict', 'outage'), id: fc.constantFrom(null, 'parcel-1', 'parcel-2') }),
  fc.record({ kind: fc.constant('cancelShipment' as const) }),
  fc.record({ kind: fc.constant('cancelOrder' as const) }),
);

describe('shipping an order through failures', () => {
  it('never leaves the carrier a live parcel the order does not hold, and a retry finishes every booking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 5 }), async (steps) => {
        const { shop, carrier, failWith } = await failingShop();
        const { alice, orderId } = await paidOrder(shop);
        for (const s of steps) {
          if (s.kind === 'ship') {
            failWith(s.failure);
            // A fault is thrown, as faults are; everything else answers.
            await shop.shipping.shipOrder(orderId, s.id === null ? {} : { shipmentId: s.id }).catch(() => undefined);
            failWith('none');
          } else if (s.kind === 'cancelShipment') {
            const [booking] = (await order(shop, orderId)).bookings;
            if (booking) await shop.shipping.cancelShipment(booking.shipmentId, 'called off');
          } else {
            await shop.orders.cancel(orderId, { kind: 'customer', customerId: alice });
          }
          await shop.settle();
        }

        // Every parcel the carrier moves in the week after is one the order holds booked or shipped, and a
        // cancelled order has none.
        const held = await order(shop, orderId);
        const live = new Set([...held.bookings, ...held.shipments].map((s) => s.shipmentId));
        const moving = new Set(carrier.advance(7 * DAY).map((p) => (JSON.parse(p.body) as { reference: string }).reference));
        for (const reference of moving) expect(live.has(reference)).toBe(true);
        if (held.status === 'cancelled') expect(live.size + moving.size).toBe(0);

        // With the failures over, shipOrder finishes what was left half-way: every booking gets its waybill.
        await shop.shipping.shipOrder(orderId);
        await shop.shipping.shipOrder(orderId);
        for (const booking of (await order(shop, orderId)).bookings) {
          const found = await carrier.findWaybill(booking.shipmentId);
          expect((await shop.shipping.shipment(booking.shipmentId))?.waybillNumber).toBe(E.isRight(found) ? found.right?.waybillNumber : undefined);
        }
        await shop.stop();
      }),
      { numRuns: 15 },
    );
  });
});
