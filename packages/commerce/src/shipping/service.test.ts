import fc from 'fast-check';
import { ManualClock, commandHandler, eventRegistry, memoryEventStore, sequentialIds } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { shipmentDecider } from './decider.js';
import { shippingEvents } from './events.js';
import type { SandboxScenario } from './sandbox/route.js';
import { sandboxCarrier } from './sandbox/sandboxCarrier.js';
import { shipmentStream, shippingService } from './service.js';
import { beijing, hangzhou, lines, sealedRecipient } from './testing/fixtures.js';

const HOUR = 3_600_000;

const setup = (scenario?: SandboxScenario) => {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const store = memoryEventStore({ registry: eventRegistry(shippingEvents), now: () => clock.now() });
  const carrier = sandboxCarrier({ secret: 'sandbox-secret-0123456789', clock });
  if (scenario) carrier.setScenario('s-1', scenario);
  const service = shippingService({ store, carrier, clock, ids: sequentialIds() });
  const input = { shipmentId: 's-1', orderId: 'o-1', lines, origin: hangzhou, destination: beijing, recipient: sealedRecipient() };
  return { clock, store, carrier, service, input };
};

const right = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected success, got ${JSON.stringify(either.left)}`);
  return either.right;
};

describe('shipping service', () => {
  it('opens the shipment and books the waybill, and a retry changes nothing', async () => {
    const { service, store, input } = setup();
    const first = right(await service.dispatch(input));
    expect(first.shipment).toMatchObject({ status: 'created', waybillNumber: first.waybill.waybillNumber, estimatedDeliveryAt: first.waybill.estimatedDeliveryAt });
    const again = right(await service.dispatch(input));
    expect(again.waybill).toEqual(first.waybill);
    expect((await store.readStream(shipmentStream('s-1'))).map((e) => e.type)).toEqual(['ShipmentCreated', 'WaybillAssigned']);
  });

  it('finishes a booking that failed half-way once the carrier is back', async () => {
    const { service, carrier, store, input } = setup();
    carrier.setAvailable(false);
    expect(await service.dispatch(input)).toMatchObject(E.left({ _tag: 'CarrierUnavailable' }));
    carrier.setAvailable(true);
    right(await service.dispatch(input));
    expect((await store.readStream(shipmentStream('s-1'))).map((e) => e.type)).toEqual(['ShipmentCreated', 'WaybillAssigned']);
  });

  it('records every push with the carrier as actor and the rest of the metadata as given (property)', async () => {
    const text = fc.stringMatching(/^[a-z0-9-]{1,20}$/);
    const metadata = fc.record({
      correlationId: text,
      causationId: fc.option(text),
      actor: fc.option(fc.record({ kind: fc.constantFrom('customer' as const, 'staff' as const, 'integration' as const), id: text })),
      traceparent: fc.option(fc.constant('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')),
      tracestate: fc.option(text),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(metadata, { minLength: 1, maxLength: 6 }), async (given) => {
        const { service, carrier, input, store } = setup();
        right(await service.dispatch(input));
        const pushes = carrier.advance(7 * 24 * HOUR);
        for (const [index, push] of pushes.entries()) {
          const options = given[index % given.length] ?? {};
          const before = await store.headPosition();
          right(await service.handleNotification(push, { metadata: options }));
          for (const event of await store.readAll({ after: before })) {
            expect(event.metadata).toEqual({ ...options, actor: { kind: 'integration', id: `carrier:${carrier.code}` } });
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it("records a push in the webhook request's correlation and trace, with the carrier as its actor", async () => {
    const { service, carrier, input, store } = setup();
    right(await service.dispatch(input, { metadata: { correlationId: 'ship-request', actor: { kind: 'staff', id: 'staff-li' } } }));
    const [push] = carrier.advance(24 * HOUR);
    if (push === undefined) throw new Error('the carrier pushed nothing');
    const metadata = { correlationId: 'push-request', causationId: null, actor: { kind: 'customer' as const, id: 'not-the-carrier' }, traceparent: null, tracestate: null };
    const outcome = right(await service.handleNotification(push, { metadata }));
    expect(outcome.events.length).toBeGreaterThan(0);
    const events = await store.readStream(shipmentStream('s-1'));
    expect(events.map((e) => [e.type, e.metadata.correlationId, e.metadata.actor])).toEqual([
      ['ShipmentCreated', 'ship-request', { kind: 'staff', id: 'staff-li' }],
      ['WaybillAssigned', 'ship-request', { kind: 'staff', id: 'staff-li' }],
      ...outcome.events.map((e) => [e.type, 'push-request', { kind: 'integration', id: `carrier:${carrier.code}` }]),
    ]);
  });

  it('tracks a parcel to delivery through duplicated, newest-first pushes', async () => {
    const { service, carrier, input } = setup();
    right(await service.dispatch(input));
    carrier.setQuirks({ duplicate: true, reverse: true });
    const outcomes = [];
    for (const push of carrier.advance(7 * 24 * HOUR)) outcomes.push(right(await service.handleNotification(push)));
    expect(outcomes.filter((o) => o.recorded === 1)).toHaveLength(10);
    expect(outcomes.filter((o) => o.recorded === 0)).toHaveLength(10);
    const shipment = outcomes.at(-1)?.shipment;
    expect(shipment?.status).toBe('delivered');
    expect(shipment?.timeline.map((e) => e.code)).toEqual(['picked_up', ...Array<string>(7).fill('in_transit'), 'out_for_delivery', 'delivered']);
    // Newest first: delivery arrived first, so no earlier event could advance the status after it.
    expect(outcomes.flatMap((o) => o.events.map((e) => e.type)).filter((t) => t === 'ShipmentStatusAdvanced')).toEqual([]);
  });

  it('records each status step when pushes arrive in order, and ignores a redelivery', async () => {
    const { service, carrier, input } = setup();
    const { waybill } = right(await service.dispatch(input));
    for (const push of carrier.advance(7 * 24 * HOUR)) right(await service.handleNotification(push));
    const before = await service.load('s-1');
    for (const push of carrier.redeliver(waybill.waybillNumber)) expect(right(await service.handleNotification(push)).recorded).toBe(0);
    expect(await service.load('s-1')).toEqual(before);
    expect(before).toMatchObject({ status: 'delivered', openException: null });
  });

  it('holds on an address problem until the merchant corrects the address and the carrier resumes', async () => {
    const { service, carrier, store, input } = setup('address_problem');
    const { waybill } = right(await service.dispatch(input));
    for (const push of carrier.advance(7 * 24 * HOUR)) right(await service.handleNotification(push));
    expect(await service.load('s-1')).toMatchObject({ status: 'in_transit', openException: { kind: 'address_problem' } });
    const handle = commandHandler({ store, decider: shipmentDecider });
    right(await handle(shipmentStream('s-1'), { type: 'CorrectDeliveryAddress', shipmentId: 's-1', recipient: sealedRecipient(), destination: beijing }));
    carrier.resumeParcel(waybill.waybillNumber);
    for (const push of carrier.advance(24 * HOUR)) right(await service.handleNotification(push));
    expect(await service.load('s-1')).toMatchObject({ status: 'delivered', openException: null });
  });

  it('rejects a forged push before touching the store', async () => {
    const { service, carrier, store, input } = setup();
    right(await service.dispatch(input));
    const [push] = carrier.advance(2 * HOUR);
    if (!push) throw new Error('no push');
    expect(await service.handleNotification({ ...push, body: push.body.replace('picked_up', 'delivered') })).toEqual(E.left({ _tag: 'SignatureInvalid' }));
    expect(await store.streamRevision(shipmentStream('s-1'))).toBe(1);
  });

  it('refuses a push for a shipment it does not know', async () => {
    const { service, carrier } = setup();
    right(await carrier.createWaybill({ reference: 's-unknown', origin: hangzhou, destination: beijing, recipient: sealedRecipient(), parcels: 1 }));
    const [push] = carrier.advance(2 * HOUR);
    if (!push) throw new Error('no push');
    expect(await service.handleNotification(push)).toMatchObject(E.left({ _tag: 'ShipmentNotFound', shipmentId: 's-unknown' }));
  });

  it('cancels with the carrier and then the shipment, but not once the parcel is picked up', async () => {
    const { service, carrier, input } = setup();
    right(await service.dispatch(input));
    expect(right(await service.cancel('s-1', 'order cancelled')).status).toBe('cancelled');
    expect(carrier.advance(7 * 24 * HOUR)).toEqual([]);

    const other = setup();
    right(await other.service.dispatch(other.input));
    for (const push of other.carrier.advance(3 * HOUR)) right(await other.service.handleNotification(push));
    expect(await other.service.cancel('s-1', 'too late')).toMatchObject(E.left({ _tag: 'ShipmentAlreadyPickedUp' }));
    expect(await other.service.cancel('s-404', 'nothing')).toMatchObject(E.left({ _tag: 'ShipmentNotFound' }));
  });

  it('ships one order in two parcels, each delivering only its own lines', async () => {
    const { service, carrier, store, input } = setup();
    const [first, second] = lines;
    if (!first || !second) throw new Error('fixture lines');
    right(await service.dispatch({ ...input, shipmentId: 's-1', lines: [{ ...first, quantity: 1 }] }));
    right(await service.dispatch({ ...input, shipmentId: 's-2', lines: [{ ...first, quantity: 1 }, second], destination: { city: '上海' } }));
    for (const push of carrier.advance(7 * 24 * HOUR)) right(await service.handleNotification(push));
    const delivered = (await store.readAll({ filter: { eventTypes: ['ShipmentDelivered'] } })).map((e) => e.data);
    expect(delivered).toHaveLength(2);
    expect(delivered).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ shipmentId: 's-1', orderId: 'o-1', lines: [{ ...first, quantity: 1 }] }),
        expect.objectContaining({ shipmentId: 's-2', orderId: 'o-1', lines: [{ ...first, quantity: 1 }, second] }),
      ]),
    );
  });
});
