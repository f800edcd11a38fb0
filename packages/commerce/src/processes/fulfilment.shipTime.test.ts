import type { RecordedEvent } from '@shopstream/kernel';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { orderStream } from '../ordering/index.js';
import { signNotification, TrackingNotification } from '../shipping/index.js';
import type { SignedNotification } from '../shipping/index.js';
import { DAY, paidTeaOrder } from './testing/harness.js';
import type { ProcessHarness } from './testing/harness.js';

const ORDER = '3c1f0a9e-5b2d-4e6f-8a7b-0000000000c1';
const SECRET = 'sandbox-carrier-secret';
const HOUR = 3_600_000;

const paidOrder = () => paidTeaOrder(ORDER);

const dataOf = <T>(event: RecordedEvent | undefined): T => {
  if (!event) throw new Error('no such event');
  return event.data as T;
};

/** The carrier's body of a push, signed again now: how a carrier's retry of a push that failed reaches the shop. */
const resent = (push: SignedNotification, now: Date): SignedNotification => {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { timestamp, body: push.body, signature: signNotification(SECRET, timestamp, push.body) };
};

const carrierTimeOf = (push: SignedNotification): string => {
  const [event] = TrackingNotification.parse(JSON.parse(push.body)).events;
  if (!event) throw new Error('an empty push');
  return event.occurredAt;
};

const hear = async (h: ProcessHarness, push: SignedNotification) => {
  const handled = await h.shipping.handleNotification(resent(push, h.clock.now()));
  if (E.isLeft(handled)) throw new Error(JSON.stringify(handled.left));
  await h.settle();
};

describe('the time an order ships', () => {
  it('is the carrier’s first scan when the shop hears of it hours later', async () => {
    const h = await paidOrder();
    await h.dispatch(ORDER, 'shipment-1');
    // The webhook is down: the carrier picks the parcel up and moves it on, and the shop hears nothing.
    const missed = h.carrier.advance(6 * HOUR);
    expect(missed.length).toBeGreaterThan(1);
    h.clock.advance(5 * HOUR);
    for (const push of missed) await hear(h, push);

    const [recorded] = await h.eventsOfType('OrderLinesShipped');
    const [pickedUp] = missed;
    if (!pickedUp) throw new Error('the carrier never scanned');
    const firstScan = carrierTimeOf(pickedUp);
    expect(dataOf<{ shippedAt: string }>(recorded).shippedAt).toBe(firstScan);
    // Recorded at least five hours after the scan, and the order, its state and its timers count from the scan.
    expect(Date.parse(recorded?.occurredAt ?? '') - Date.parse(firstScan)).toBeGreaterThanOrEqual(5 * HOUR);
    expect((await h.order(ORDER)).fullyShippedAt).toBe(firstScan);
    expect((await h.order(ORDER)).shipments).toEqual([{ shipmentId: 'shipment-1', lines: [{ lineId: 'line-1', quantity: 2 }], shippedAt: firstScan }]);
  });

  it('is the carrier’s first scan for an order released from a risk hold days later', async () => {
    const h = await paidOrder();
    await h.handlers.orders(orderStream(ORDER), { type: 'PutOrderOnRiskHold', data: { orderId: ORDER, reason: 'review', decidedBy: { kind: 'policy', policyId: 'p' } } });
    await h.dispatch(ORDER, 'shipment-1');
    const pushes = await h.carry(2 * DAY);
    h.clock.advance(DAY);
    await h.handlers.orders(orderStream(ORDER), { type: 'ReleaseOrderRiskHold', data: { orderId: ORDER, decidedBy: { kind: 'staff', staffId: 'staff-1' } } });
    await h.settle();
    const [recorded] = await h.eventsOfType('OrderLinesShipped');
    const [first] = pushes;
    if (!first) throw new Error('the carrier never scanned');
    expect(dataOf<{ shippedAt: string }>(recorded).shippedAt).toBe(carrierTimeOf(first));
  });

  it('is the earliest carrier scan the shop had heard of when it recorded the shipment, whatever order and delay the pushes came with', async () => {
    // The whole journey of one parcel, as the carrier pushes it; then the shop hears of it in any order, late.
    const journey = fc.record({
      order: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
      delays: fc.array(fc.integer({ min: 0, max: 12 * HOUR }), { minLength: 12, maxLength: 12 }),
      // Held for risk until this many pushes were heard (null: never held).
      releaseAfter: fc.option(fc.integer({ min: 0, max: 11 }), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(journey, async ({ order, delays, releaseAfter }) => {
        const h = await paidOrder();
        const hold = { orderId: ORDER, reason: 'review', decidedBy: { kind: 'policy', policyId: 'p' } } as const;
        if (releaseAfter !== null) await h.handlers.orders(orderStream(ORDER), { type: 'PutOrderOnRiskHold', data: hold });
        await h.dispatch(ORDER, 'shipment-1');
        const pushes = h.carrier.advance(7 * DAY);
        const arrival = pushes.map((push, i) => ({ push, key: order[i] ?? 0, i })).sort((a, b) => a.key - b.key || a.i - b.i);

        const release = releaseAfter === null ? null : Math.min(releaseAfter, arrival.length - 1);
        for (const [n, { push }] of arrival.entries()) {
          if (release === n) {
            await h.handlers.orders(orderStream(ORDER), { type: 'ReleaseOrderRiskHold', data: { orderId: ORDER, decidedBy: { kind: 'staff', staffId: 's' } } });
            await h.settle();
          }
          h.clock.advance(delays[n] ?? 0);
          await hear(h, push);
        }

        const [shipped] = await h.eventsOfType('OrderLinesShipped');
        if (!shipped) throw new Error('never shipped');
        const { shippedAt } = dataOf<{ shippedAt: string }>(shipped);
        const heardBefore = (await h.eventsOfType('TrackingCheckpointRecorded'))
          .filter((e) => e.position < shipped.position)
          .map((e) => dataOf<{ checkpoint: { occurredAt: string } }>(e).checkpoint.occurredAt);
        const earliest = (instants: readonly string[]) => instants.reduce((min, at) => (at < min ? at : min));
        expect(shippedAt).toBe(earliest(heardBefore));
        // Never the time the shop got round to it: every push came after the carrier had moved on.
        expect(Date.parse(shippedAt)).toBeLessThan(Date.parse(shipped.occurredAt));
        // Once every push is heard, the order has taken the earliest scan of all, however late it came: each correction
        // (an earlier scan heard after the shipment was recorded) moves the time earlier, the last to the first scan.
        const firstScan = earliest(pushes.map(carrierTimeOf));
        const placed = await h.order(ORDER);
        expect(placed.shipments.map((s) => s.shippedAt)).toEqual([firstScan]);
        expect(placed.fullyShippedAt).toBe(firstScan);
        const corrected = (await h.eventsOfType('OrderShipTimeCorrected')).map((e) => Date.parse(dataOf<{ shippedAt: string }>(e).shippedAt));
        const times = [Date.parse(shippedAt), ...corrected];
        times.slice(1).forEach((t, i) => expect(t).toBeLessThan(times[i] ?? Number.NaN));
        expect(times.at(-1)).toBe(Date.parse(firstScan));
      }),
      { numRuns: 25 },
    );
  });
});
