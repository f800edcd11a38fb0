import fc from 'fast-check';
import { shipmentDecider, shipmentStream } from '@shopstream/commerce/shipping';
import type { ShippingEvent } from '@shopstream/commerce/shipping';
import { orderStream } from '@shopstream/commerce/ordering';
import type { OrderingEvent } from '@shopstream/commerce/ordering';
import { fold, toEvent } from '@shopstream/kernel';
import { describe, expect, it } from 'vitest';
import { shopHistory } from '../orders/testing/histories.js';
import { readModelHarness } from '../testing/harness.js';
import type { ShipmentDocument } from './documents.js';
import { trackingProjections, trackingQueries } from './index.js';

describe('tracking read model, against the domain', () => {
  it('holds each shipment as the shipping aggregate folds it, and shows it only to its order’s customer', async () => {
    await fc.assert(
      fc.asyncProperty(shopHistory, async (history) => {
        const harness = await readModelHarness(trackingProjections);
        for (const step of history) await harness.append(step);
        const queries = trackingQueries(harness.runtime);
        for (const shipmentId of ['s-1', 's-2']) {
          const state = fold(shipmentDecider, (await harness.eventStore.readStream(shipmentStream(shipmentId))).map((e) => toEvent<ShippingEvent>(e)));
          const doc = await harness.runtime.collection<ShipmentDocument>('tracking', 'shipments').get(shipmentId);
          if (state.status === 'none') {
            expect(doc).toBeNull();
            continue;
          }
          const { _id, customerId, createdAt: _c, updatedAt: _u, ...held } = doc ?? { _id: '', customerId: null, createdAt: '', updatedAt: '' };
          expect(held).toEqual(JSON.parse(JSON.stringify(state)));
          // The parcel belongs to whoever placed its order first, whichever was projected first.
          const placed = (await harness.eventStore.readStream(orderStream(state.orderId))).map((e) => toEvent<OrderingEvent>(e)).find((e) => e.type === 'OrderPlaced');
          const owner = placed?.type === 'OrderPlaced' ? placed.data.customerId : null;
          expect(customerId).toBe(owner);
          // Shipped at the carrier's earliest event, whatever order the pushes were recorded in (once the shipment existed).
          const stream = (await harness.eventStore.readStream(shipmentStream(shipmentId))).map((e) => toEvent<ShippingEvent>(e));
          // A checkpoint counts once, as first recorded: the aggregate ignores its carrier event id seen again.
          const firstOfEach = new Map<string, string>();
          for (const e of stream.slice(stream.findIndex((e) => e.type === 'ShipmentCreated'))) {
            if (e.type === 'TrackingCheckpointRecorded' && !firstOfEach.has(e.data.checkpoint.carrierEventId)) firstOfEach.set(e.data.checkpoint.carrierEventId, e.data.checkpoint.occurredAt);
          }
          const scans = [...firstOfEach.values()];
          const earliest = scans.length === 0 ? null : scans.reduce((min, at) => (Date.parse(at) < Date.parse(min) ? at : min));
          expect((await queries.admin.shipment(shipmentId))?.shippedAt).toBe(earliest);
          for (const asker of ['c-1', 'c-2']) {
            const seen = await queries.shipment(shipmentId, { customerId: asker });
            expect(seen === null).toBe(owner !== asker);
          }
        }
        expect(JSON.stringify(await harness.dump())).not.toContain('"iv"');
        await harness.stop();
      }),
      { numRuns: 30 },
    );
  });
});
