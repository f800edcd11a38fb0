import { ManualClock } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { SignedNotification, TrackingNotification } from '../carrier.js';
import { signNotification } from '../signature.js';
import { sealedRecipient } from '../testing/fixtures.js';
import { sandboxCarrier } from './sandboxCarrier.js';

const secret = 'sandbox-secret-0123456789';
const HOUR = 3_600_000;
const request = (reference: string, from = '杭州', to = '北京') => ({
  reference,
  origin: { city: from },
  destination: { city: to },
  recipient: sealedRecipient(),
  parcels: 1,
});

const setup = (scenario?: Parameters<ReturnType<typeof sandboxCarrier>['setScenario']>[1]) => {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const carrier = sandboxCarrier({ secret, clock });
  if (scenario) carrier.setScenario('s-1', scenario);
  return { clock, carrier };
};

const open = (carrier: ReturnType<typeof sandboxCarrier>, clock: ManualClock, notifications: readonly SignedNotification[]): TrackingNotification[] =>
  notifications.map((n) => {
    const verified = carrier.verifyNotification(n, clock.now());
    if (E.isLeft(verified)) throw new Error(verified.left._tag);
    return verified.right;
  });

const book = async (carrier: ReturnType<typeof sandboxCarrier>, ref = 's-1', from?: string, to?: string) => {
  const booked = await carrier.createWaybill(request(ref, from, to));
  if (E.isLeft(booked)) throw new Error(booked.left._tag);
  return booked.right;
};

describe('sandbox carrier', () => {
  it('books a waybill with a promised delivery, and the same waybill again for the same reference', async () => {
    const { carrier } = setup();
    const first = await book(carrier);
    expect(first.waybillNumber).toMatch(/^SB\d{10}$/);
    expect(Date.parse(first.estimatedDeliveryAt)).toBeGreaterThan(Date.parse('2026-03-02T01:00:00.000Z'));
    expect(await book(carrier)).toEqual(first);
    expect((await book(carrier, 's-2')).waybillNumber).not.toBe(first.waybillNumber);
  });

  it('refuses a city it does not serve, and bookings during an outage', async () => {
    const { carrier } = setup();
    expect(await carrier.createWaybill(request('s-1', '杭州', '拉萨'))).toEqual(E.left({ _tag: 'AddressUnserviceable', carrier: 'sandbox', city: '拉萨' }));
    carrier.setAvailable(false);
    expect(await carrier.createWaybill(request('s-2'))).toMatchObject(E.left({ _tag: 'CarrierUnavailable' }));
  });

  it('emits nothing before events are due, then each event once, in carrier order, through real hubs', async () => {
    const { carrier, clock } = setup();
    const waybill = await book(carrier);
    expect(carrier.tick()).toEqual([]);
    expect(open(carrier, clock, carrier.advance(2 * HOUR)).map((n) => n.events[0]?.code)).toEqual(['picked_up']);
    const rest = open(carrier, clock, carrier.advance(7 * 24 * HOUR));
    expect(carrier.tick()).toEqual([]);
    const events = rest.flatMap((n) => n.events);
    expect(events.map((e) => e.code)).toEqual([...Array<string>(7).fill('in_transit'), 'out_for_delivery', 'delivered']);
    const facilities = events.map((e) => e.location.facility);
    expect(facilities).toContain('杭州萧山转运中心');
    expect(facilities).toContain('上海青浦转运中心');
    expect(facilities).toContain('北京顺义转运中心');
    const times = events.map((e) => Date.parse(e.occurredAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(events.at(-1)?.occurredAt).toBe(waybill.estimatedDeliveryAt);
    expect(rest.every((n) => n.reference === 's-1' && n.waybillNumber === waybill.waybillNumber)).toBe(true);
  });

  it('takes the short way within a region', async () => {
    const { carrier, clock } = setup();
    await book(carrier, 's-1', '杭州', '南京');
    const facilities = open(carrier, clock, carrier.advance(7 * 24 * HOUR)).map((n) => n.events[0]?.location.facility);
    expect(facilities).not.toContain('上海青浦转运中心');
  });

  it('fails a delivery attempt, revises the estimate and delivers the next day', async () => {
    const { carrier, clock } = setup('delivery_attempt_failed');
    await book(carrier);
    const events = open(carrier, clock, carrier.advance(7 * 24 * HOUR)).flatMap((n) => n.events);
    const failed = events.find((e) => e.code === 'exception');
    expect(failed?.exception).toBe('delivery_attempt_failed');
    expect(failed?.estimatedDeliveryAt).toBe(events.at(-1)?.occurredAt);
    expect(events.filter((e) => e.code === 'out_for_delivery')).toHaveLength(2);
    expect(events.at(-1)?.code).toBe('delivered');
  });

  it('holds a parcel with an address problem until it is resumed', async () => {
    const { carrier, clock } = setup('address_problem');
    const waybill = await book(carrier);
    const before = open(carrier, clock, carrier.advance(7 * 24 * HOUR)).flatMap((n) => n.events);
    expect(before.at(-1)).toMatchObject({ code: 'exception', exception: 'address_problem' });
    expect(carrier.advance(7 * 24 * HOUR)).toEqual([]);
    expect(carrier.resumeParcel(waybill.waybillNumber)).toEqual(E.right(undefined));
    const after = open(carrier, clock, carrier.advance(24 * HOUR)).flatMap((n) => n.events);
    expect(after.map((e) => e.code)).toEqual(['exception_resolved', 'out_for_delivery', 'delivered']);
    expect(Date.parse(after[0]?.occurredAt ?? '')).toBeGreaterThan(Date.parse(before.at(-1)?.occurredAt ?? ''));
    expect(carrier.resumeParcel('SB404')).toMatchObject(E.left({ _tag: 'WaybillUnknown' }));
  });

  it('reports a parcel lost, and finds it again when resumed', async () => {
    const { carrier, clock } = setup('lost');
    const waybill = await book(carrier);
    const before = open(carrier, clock, carrier.advance(7 * 24 * HOUR)).flatMap((n) => n.events);
    expect(before.at(-1)).toMatchObject({ code: 'exception', exception: 'lost' });
    carrier.resumeParcel(waybill.waybillNumber);
    expect(open(carrier, clock, carrier.advance(7 * 24 * HOUR)).flatMap((n) => n.events).at(-1)?.code).toBe('delivered');
  });

  it('repacks a damaged parcel and carries on', async () => {
    const { carrier, clock } = setup('damaged');
    await book(carrier);
    const codes = open(carrier, clock, carrier.advance(7 * 24 * HOUR)).flatMap((n) => n.events.map((e) => e.exception ?? e.code));
    expect(codes).toContain('damaged');
    expect(codes.at(-1)).toBe('delivered');
  });

  it('returns a refused parcel to the sender', async () => {
    const { carrier, clock } = setup('returned_to_sender');
    await book(carrier);
    const events = open(carrier, clock, carrier.advance(10 * 24 * HOUR)).flatMap((n) => n.events);
    expect(events.map((e) => e.exception ?? e.code)).toContain('refused');
    expect(events.at(-1)).toMatchObject({ code: 'returned_to_sender', location: { city: '杭州' } });
    expect(events.map((e) => e.code)).not.toContain('delivered');
  });

  it('sends duplicates and newest-first when told to misbehave, and redelivers on request', async () => {
    const { carrier, clock } = setup();
    const waybill = await book(carrier);
    carrier.setQuirks({ duplicate: true, reverse: true });
    const events = open(carrier, clock, carrier.advance(7 * 24 * HOUR)).map((n) => n.events[0]?.carrierEventId);
    expect(events).toHaveLength(20);
    expect(events[0]).toBe(events[1]);
    expect(events[0]).toBe(`${waybill.waybillNumber}-010`);
    carrier.setQuirks({});
    expect(carrier.redeliver(waybill.waybillNumber)).toHaveLength(10);
  });

  it('cancels a waybill only before pick-up, and a cancelled parcel never moves', async () => {
    const { carrier } = setup();
    const waybill = await book(carrier);
    expect(await carrier.cancelWaybill(waybill.waybillNumber)).toEqual(E.right(undefined));
    expect(carrier.advance(7 * 24 * HOUR)).toEqual([]);
    const other = await book(carrier, 's-2');
    carrier.advance(3 * HOUR);
    expect(await carrier.cancelWaybill(other.waybillNumber)).toMatchObject(E.left({ _tag: 'WaybillAlreadyPickedUp' }));
    expect(await carrier.cancelWaybill('SB404')).toMatchObject(E.left({ _tag: 'WaybillUnknown' }));
  });

  it('finds the waybill it issued for a reference, answers none for a reference never booked, and cannot be asked during an outage', async () => {
    const { carrier } = setup();
    expect(await carrier.findWaybill('s-1')).toEqual(E.right(null));
    const waybill = await book(carrier);
    expect(await carrier.findWaybill('s-1')).toEqual(E.right(waybill));
    expect(await carrier.findWaybill('s-2')).toEqual(E.right(null));
    carrier.setAvailable(false);
    expect(await carrier.findWaybill('s-1')).toMatchObject(E.left({ _tag: 'CarrierUnavailable' }));
  });

  it('requires a real secret and a movable clock for advance', () => {
    expect(() => sandboxCarrier({ secret: 'short', clock: new ManualClock() })).toThrow(TypeError);
    const fixed = sandboxCarrier({ secret, clock: { now: () => new Date() } });
    expect(() => fixed.advance(1)).toThrow(TypeError);
    expect(fixed.tick(new Date())).toEqual([]);
  });
});

describe('notification verification', () => {
  const sample = async () => {
    const { carrier, clock } = setup();
    await book(carrier);
    const [first] = carrier.advance(2 * HOUR);
    if (!first) throw new Error('no notification');
    return { carrier, clock, first };
  };

  it('accepts an authentic, fresh notification', async () => {
    const { carrier, clock, first } = await sample();
    expect(E.isRight(carrier.verifyNotification(first, clock.now()))).toBe(true);
  });

  it('rejects a tampered body', async () => {
    const { carrier, clock, first } = await sample();
    expect(carrier.verifyNotification({ ...first, body: first.body.replace('picked_up', 'delivered') }, clock.now())).toEqual(E.left({ _tag: 'SignatureInvalid' }));
  });

  it('rejects a signature made with another secret, and a replayed timestamp swap', async () => {
    const { carrier, clock, first } = await sample();
    expect(carrier.verifyNotification({ ...first, signature: signNotification('another-secret-0123456', first.timestamp, first.body) }, clock.now())).toEqual(
      E.left({ _tag: 'SignatureInvalid' }),
    );
    expect(carrier.verifyNotification({ ...first, timestamp: String(Number(first.timestamp) + 60) }, clock.now())).toEqual(E.left({ _tag: 'SignatureInvalid' }));
    expect(carrier.verifyNotification({ ...first, signature: 'garbage' }, clock.now())).toEqual(E.left({ _tag: 'SignatureInvalid' }));
  });

  it('rejects a missing signature', async () => {
    const { carrier, clock, first } = await sample();
    expect(carrier.verifyNotification({ ...first, signature: '' }, clock.now())).toEqual(E.left({ _tag: 'SignatureMissing' }));
  });

  it('rejects a stale notification, and one from the future beyond the tolerance', async () => {
    const { carrier, clock, first } = await sample();
    expect(carrier.verifyNotification(first, new Date(clock.now().getTime() + 301_000))).toMatchObject(E.left({ _tag: 'NotificationStale', toleranceSeconds: 300 }));
    expect(carrier.verifyNotification(first, new Date(clock.now().getTime() - 301_000))).toMatchObject(E.left({ _tag: 'NotificationStale' }));
    expect(E.isRight(carrier.verifyNotification(first, new Date(clock.now().getTime() + 299_000)))).toBe(true);
  });

  it('rejects a well-signed body that is not a tracking notification', async () => {
    const { carrier, clock } = await sample();
    const timestamp = String(Math.floor(clock.now().getTime() / 1000));
    const signed = (body: string) => ({ timestamp, body, signature: signNotification(secret, timestamp, body) });
    expect(carrier.verifyNotification(signed('not json'), clock.now())).toMatchObject(E.left({ _tag: 'NotificationMalformed' }));
    expect(carrier.verifyNotification(signed('{"carrier":"sandbox"}'), clock.now())).toMatchObject(E.left({ _tag: 'NotificationMalformed' }));
  });
});
