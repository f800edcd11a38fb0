import { eventRegistry, fold } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ShipmentState } from './shipment.js';
import { shipmentDecider } from './decider.js';
import type { ShippingEvent } from './events.js';
import { shippingEvents } from './events.js';
import type { TrackingEvent } from './model.js';
import { compareKeys, isFinal, statusRank } from './status.js';
import { anyShippingEvent, arrivals, carrierFeed } from './testing/arbitraries.js';
import { created, waybill } from './testing/fixtures.js';

const now = new Date('2026-01-10T00:00:00.000Z');
const start = fold(shipmentDecider, [created(), waybill]);
const registry = eventRegistry(shippingEvents);

/** Feeds batches through decide and evolve, as the command handler would, checking each step. */
const play = (batches: readonly (readonly TrackingEvent[])[], onStep: (before: ShipmentState, after: ShipmentState, produced: readonly ShippingEvent[]) => void) => {
  let state = start;
  for (const events of batches) {
    const decision = shipmentDecider.decide({ type: 'RecordTrackingEvents', shipmentId: 's-1', waybillNumber: 'SB0000000001', events: [...events] }, state, { now });
    if (E.isLeft(decision)) throw new Error(`refused: ${decision.left._tag}`);
    const after = fold(shipmentDecider, decision.right, state);
    onStep(state, after, decision.right);
    state = after;
  }
  return state;
};

const shipment = (state: ShipmentState) => {
  if (state.status === 'none') throw new Error('no shipment');
  return state;
};

describe('shipment properties', () => {
  it('status never moves backwards and never leaves a final status, whatever order the carrier events arrive in', () => {
    fc.assert(
      fc.property(carrierFeed.chain(arrivals), (batches) => {
        play(batches, (before, after) => {
          const b = shipment(before);
          const a = shipment(after);
          expect(statusRank[a.status]).toBeGreaterThanOrEqual(statusRank[b.status]);
          if (isFinal(b.status)) expect(a.status).toBe(b.status);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('the timeline is sorted by carrier time and holds each carrier event exactly once', () => {
    fc.assert(
      fc.property(carrierFeed.chain((feed) => arrivals(feed).map((batches) => ({ feed, batches }))), ({ feed, batches }) => {
        const end = shipment(play(batches, () => undefined));
        const keys = end.timeline.map((e) => ({ at: e.occurredAt, id: e.carrierEventId }));
        keys.slice(1).forEach((key, i) => {
          const previous = keys[i];
          if (previous) expect(compareKeys(previous, key)).toBeLessThan(0);
        });
        expect(end.timeline.map((e) => e.carrierEventId).sort()).toEqual(feed.map((e) => e.carrierEventId).sort());
      }),
      { numRuns: 200 },
    );
  });

  it('ends in the same status, timeline and open exception as if the events had arrived in carrier order', () => {
    fc.assert(
      fc.property(carrierFeed.chain((feed) => arrivals(feed).map((batches) => ({ feed, batches }))), ({ feed, batches }) => {
        const inOrder = shipment(play([[...feed].sort((a, b) => compareKeys({ at: a.occurredAt, id: a.carrierEventId }, { at: b.occurredAt, id: b.carrierEventId }))], () => undefined));
        const shuffled = shipment(play(batches, () => undefined));
        expect(shuffled.status).toBe(inOrder.status);
        expect(shuffled.timeline).toEqual(inOrder.timeline);
        expect(shuffled.openException).toEqual(inOrder.openException);
        expect(shuffled.deliveredAt).toBe(inOrder.deliveredAt);
      }),
      { numRuns: 200 },
    );
  });

  it('decides only events the registry accepts', () => {
    fc.assert(
      fc.property(carrierFeed.chain(arrivals), (batches) => {
        play(batches, (_before, _after, produced) => {
          for (const event of produced) expect(registry.validate(event.type, event.data)).toMatchObject({ ok: true });
        });
      }),
      { numRuns: 50 },
    );
  });

  it('evolve never throws on any sequence of valid events, and the same history folds to the same plain-JSON state', () => {
    fc.assert(
      fc.property(fc.array(anyShippingEvent, { maxLength: 30 }), (events) => {
        for (const event of events) expect(registry.validate(event.type, event.data)).toMatchObject({ ok: true });
        const once = fold(shipmentDecider, events);
        const twice = fold(shipmentDecider, events);
        expect(twice).toEqual(once);
        expect(JSON.parse(JSON.stringify(once))).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });
});
