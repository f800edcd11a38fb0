import { EventStoreError, ManualClock, eventRegistry, memoryEventStore, sequentialIds } from '@shopstream/kernel';
import type { EventStore } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Carrier } from './carrier.js';
import { shippingEvents } from './events.js';
import { sandboxCarrier } from './sandbox/sandboxCarrier.js';
import { shipmentStream, shippingService } from './service.js';
import type { ShippingService } from './service.js';
import { beijing, hangzhou, lines, sealedRecipient } from './testing/fixtures.js';

const DAY = 86_400_000;

type WriteFailure = 'none' | 'fault' | 'conflict';

/**
 * The event store with writes of a waybill failing on demand: a fault (the disk, the network) throws; a conflict
 * answers every attempt with another writer's revision, as a store under contention does. Everything else is the
 * real store.
 */
const failingWaybillWrites = (store: EventStore) => {
  let failure: WriteFailure = 'none';
  const wrapped: EventStore = {
    ...store,
    append: async (stream, events, options) => {
      if (failure !== 'none' && events.some((e) => e.type === 'WaybillAssigned')) {
        if (failure === 'fault') throw new Error('disk I/O error');
        throw new EventStoreError({ _tag: 'WrongExpectedRevision', stream, expected: options?.expectedRevision ?? 'any', actual: (await store.streamRevision(stream)) + 1 });
      }
      return store.append(stream, events, options);
    },
  };
  return { store: wrapped, failWith: (next: WriteFailure) => void (failure = next) };
};

const setup = () => {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const inner = memoryEventStore({ registry: eventRegistry(shippingEvents), now: () => clock.now() });
  const { store, failWith } = failingWaybillWrites(inner);
  const carrier = sandboxCarrier({ secret: 'sandbox-secret-0123456789', clock });
  const service = shippingService({ store, carrier, clock, ids: sequentialIds() });
  const input = { shipmentId: 's-1', orderId: 'o-1', lines, origin: hangzhou, destination: beijing, recipient: sealedRecipient() };
  /** The references of the parcels the carrier moves in a week: the waybills it still holds live. */
  const moving = () => new Set(carrier.advance(7 * DAY).map((push) => (JSON.parse(push.body) as { reference: string }).reference));
  return { clock, store: inner, carrier, service, input, failWith, moving };
};

const types = async (store: EventStore) => (await store.readStream(shipmentStream('s-1'))).map((e) => e.type);

describe('a waybill the carrier issued that the shipment did not record', () => {
  it('after a fault, is recorded by the same dispatch again: the carrier answers the same waybill', async () => {
    const { service, store, carrier, input, failWith, moving } = setup();
    failWith('fault');
    await expect(service.dispatch(input)).rejects.toThrow('disk I/O error');
    expect(await types(store)).toEqual(['ShipmentCreated']);
    const issued = await carrier.findWaybill('s-1');
    if (E.isLeft(issued) || issued.right === null) throw new Error('the carrier issued nothing');
    expect(await service.carrierMayHoldWaybill('s-1')).toBe(true);

    failWith('none');
    const again = await service.dispatch(input);
    expect(E.isRight(again) && again.right.waybill).toEqual(issued.right);
    expect(await types(store)).toEqual(['ShipmentCreated', 'WaybillAssigned']);
    expect(moving()).toEqual(new Set(['s-1']));
  });

  it('after losing every retry to another writer, is refused as a conflict that may leave it, and recorded on retry', async () => {
    const { service, store, input, failWith } = setup();
    failWith('conflict');
    const lost = await service.dispatch(input);
    if (E.isRight(lost)) throw new Error('recorded through a conflict');
    expect(lost.left).toMatchObject({ _tag: 'ConcurrencyConflict', stream: shipmentStream('s-1') });
    expect(await service.carrierMayHoldWaybill('s-1')).toBe(true);
    failWith('none');
    expect(E.isRight(await service.dispatch(input))).toBe(true);
    expect(await types(store)).toEqual(['ShipmentCreated', 'WaybillAssigned']);
  });

  it('is withdrawn with the carrier when the shipment is cancelled instead', async () => {
    const { service, store, input, failWith, moving } = setup();
    failWith('fault');
    await expect(service.dispatch(input)).rejects.toThrow();
    failWith('none');
    const cancelled = await service.cancel('s-1', 'customer changed the address');
    expect(E.isRight(cancelled) && cancelled.right.status).toBe('cancelled');
    expect(await types(store)).toEqual(['ShipmentCreated', 'ShipmentCancelled']);
    expect(moving()).toEqual(new Set());
    expect(await service.carrierMayHoldWaybill('s-1')).toBe(false);
    // A cancelled shipment asks the carrier for nothing more, so no waybill comes back to life.
    expect(await service.dispatch(input)).toEqual(E.left({ _tag: 'ShipmentFinished', shipmentId: 's-1', status: 'cancelled' }));
    expect(moving()).toEqual(new Set());
  });
});

describe('a shipment cancelled while the carrier books its waybill', () => {
  it('withdraws the waybill the carrier issued, so no parcel goes out for it', async () => {
    const { clock, store, input } = setup();
    const sandbox = sandboxCarrier({ secret: 'sandbox-secret-0123456789', clock });
    let service: ShippingService | null = null;
    // Staff cancel the shipment while the carrier is still answering the booking.
    const racing: Carrier = {
      ...sandbox,
      createWaybill: async (request) => {
        const waybill = await sandbox.createWaybill(request);
        await service?.cancel(request.reference, 'called off');
        return waybill;
      },
    };
    service = shippingService({ store, carrier: racing, clock, ids: sequentialIds() });
    expect(await service.dispatch(input)).toEqual(E.left({ _tag: 'ShipmentFinished', shipmentId: 's-1', status: 'cancelled' }));
    expect(await types(store)).toEqual(['ShipmentCreated', 'ShipmentCancelled']);
    expect(sandbox.advance(7 * DAY)).toEqual([]);
  });
});

describe('whether the carrier may hold a waybill', () => {
  it('is known false only for a shipment never opened, cancelled, or one the carrier says it issued nothing for', async () => {
    const { service, carrier, input } = setup();
    expect(await service.carrierMayHoldWaybill('s-1')).toBe(false);
    carrier.setAvailable(false);
    expect(await service.dispatch(input)).toMatchObject(E.left({ _tag: 'CarrierUnavailable' }));
    // The carrier cannot be asked either: an earlier attempt might have booked, so it may.
    expect(await service.carrierMayHoldWaybill('s-1')).toBe(true);
    carrier.setAvailable(true);
    expect(await service.carrierMayHoldWaybill('s-1')).toBe(false);
    expect(E.isRight(await service.dispatch(input))).toBe(true);
    expect(await service.carrierMayHoldWaybill('s-1')).toBe(true);
  });
});
