import fc from 'fast-check';
import type { ShippingEvent } from '../events.js';
import type { DeliveryExceptionKind, TrackingEvent } from '../model.js';
import { lines, sealedRecipient } from './fixtures.js';

const START = Date.parse('2026-01-01T00:00:00.000Z');
const kinds: DeliveryExceptionKind[] = ['address_problem', 'damaged', 'lost', 'delivery_attempt_failed', 'refused'];

/** An instant within a week of the start, to the minute, so that ties happen. */
export const instant = fc.integer({ min: 0, max: 7 * 24 * 60 }).map((m) => new Date(START + m * 60_000).toISOString());

const nonFinal = fc.constantFrom<TrackingEvent['code']>('picked_up', 'in_transit', 'out_for_delivery', 'exception', 'exception_resolved');

const tracking = (id: string, code: TrackingEvent['code']) =>
  fc.record({ at: instant, kind: fc.constantFrom(...kinds), estimate: fc.option(instant, { nil: undefined }) }).map(
    ({ at, kind, estimate }): TrackingEvent => ({
      carrierEventId: id,
      code,
      occurredAt: at,
      location: { city: '北京' },
      description: code,
      ...(code === 'exception' ? { exception: kind } : {}),
      ...(estimate !== undefined ? { estimatedDeliveryAt: estimate } : {}),
    }),
  );

/**
 * A carrier's feed for one parcel: distinct event ids, at most one final event (delivered or returned), in
 * carrier-time chaos: times are independent of the codes, as when a carrier's scanners disagree.
 */
export const carrierFeed = fc
  .record({
    codes: fc.array(nonFinal, { minLength: 1, maxLength: 12 }),
    final: fc.constantFrom<TrackingEvent['code'] | null>(null, 'delivered', 'returned_to_sender'),
  })
  .chain(({ codes, final }) => {
    const all = final ? [...codes, final] : codes;
    return fc.tuple(...all.map((code, i) => tracking(`ev-${i}`, code)));
  });

/** The feed as it arrives: in any order, some events twice, in batches of any size. */
export const arrivals = (feed: readonly TrackingEvent[]) =>
  fc
    .record({
      order: fc.shuffledSubarray([...feed], { minLength: feed.length, maxLength: feed.length }),
      repeats: fc.array(fc.constantFrom(...feed), { maxLength: 4 }),
      cuts: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 20 }),
    })
    .chain(({ order, repeats, cuts }) =>
      fc.shuffledSubarray([...order, ...repeats], { minLength: order.length + repeats.length, maxLength: order.length + repeats.length }).map((stream) => {
        const batches: TrackingEvent[][] = [];
        let i = 0;
        for (const size of [...cuts, stream.length]) {
          if (i >= stream.length) break;
          batches.push(stream.slice(i, i + size));
          i += size;
        }
        return batches;
      }),
    );

const ids = { shipmentId: 's-1', orderId: 'o-1' };
const text = fc.string({ minLength: 1, maxLength: 12 });

/** Any schema-valid shipping event, in any order: evolve must take them all without throwing. */
export const anyShippingEvent: fc.Arbitrary<ShippingEvent> = fc.oneof(
  instant.map((createdAt): ShippingEvent => ({
    type: 'ShipmentCreated',
    data: { ...ids, carrier: 'sandbox', lines, origin: { city: '杭州' }, destination: { city: '北京' }, recipient: sealedRecipient(), createdAt },
  })),
  fc.record({ n: text, at: instant }).map(({ n, at }): ShippingEvent => ({ type: 'WaybillAssigned', data: { ...ids, carrier: 'sandbox', waybillNumber: n, estimatedDeliveryAt: at } })),
  fc
    .record({ id: text, code: fc.constantFrom<TrackingEvent['code']>('picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'exception_resolved', 'returned_to_sender') })
    .chain(({ id, code }) => tracking(id, code))
    .map((checkpoint): ShippingEvent => ({ type: 'TrackingCheckpointRecorded', data: { shipmentId: 's-1', waybillNumber: 'SB1', checkpoint, receivedAt: checkpoint.occurredAt } })),
  fc
    .record({ from: fc.constantFrom('created', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'lost', 'cancelled', 'returned_to_sender'), to: fc.constantFrom('picked_up', 'in_transit', 'out_for_delivery'), at: instant, id: text })
    .map(({ from, to, at, id }): ShippingEvent => ({ type: 'ShipmentStatusAdvanced', data: { ...ids, from, to, at, carrierEventId: id } })),
  fc.record({ at: instant, id: text }).map(({ at, id }): ShippingEvent => ({ type: 'ShipmentDelivered', data: { ...ids, lines, deliveredAt: at, carrierEventId: id } })),
  fc.record({ at: instant, id: text }).map(({ at, id }): ShippingEvent => ({ type: 'ShipmentReturnedToSender', data: { ...ids, lines, at, carrierEventId: id } })),
  fc.record({ at: instant, id: text, kind: fc.constantFrom(...kinds) }).map(({ at, id, kind }): ShippingEvent => ({ type: 'DeliveryExceptionRaised', data: { ...ids, kind, at, carrierEventId: id, description: '' } })),
  fc
    .record({ at: instant, kind: fc.constantFrom(...kinds), resolution: fc.constantFrom('carrier_progress', 'carrier_resolved', 'address_corrected') })
    .map(({ at, kind, resolution }): ShippingEvent => ({ type: 'DeliveryExceptionResolved', data: { ...ids, kind, resolution, at } })),
  fc.record({ at: instant, asOf: instant, id: text }).map(({ at, asOf, id }): ShippingEvent => ({ type: 'EstimatedDeliveryRevised', data: { shipmentId: 's-1', estimatedDeliveryAt: at, asOf, carrierEventId: id } })),
  instant.map((at): ShippingEvent => ({ type: 'DeliveryAddressCorrected', data: { ...ids, recipient: sealedRecipient(), destination: { city: '天津' }, at } })),
  instant.map((at): ShippingEvent => ({ type: 'ShipmentDeclaredLost', data: { ...ids, lines, reason: 'lost', at } })),
  instant.map((at): ShippingEvent => ({ type: 'ShipmentCancelled', data: { ...ids, lines, reason: 'cancelled', at } })),
);
