import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@shopstream/kernel';
import type { Actor, RecordedEvent } from '@shopstream/kernel';
import { journey } from './journey.js';
import { pinnedShop } from './pinnedShop.js';
import { simulate } from './simulate.js';

const STAFF = '5a1e5a1e-0000-4000-8000-000000000001';

const simulatedLog = async (seed: number, customers: number, days: number): Promise<RecordedEvent[]> => {
  const clock = new ManualClock('2026-03-02T00:00:00.000Z');
  const shop = await pinnedShop({ clock });
  try {
    await shop.start();
    await simulate(shop, { seed, customers, days, clock, staffId: STAFF });
    return await shop.eventStore.readAll();
  } finally {
    await shop.stop();
  }
};

/** What a journey's name says: whose it is (a customer's number, staff, the carrier) and what it is. */
const JOURNEY = /^sim-(\d+)\.(?:catalog|d(\d+)\.(?:c(\d+)\.(signup|visit|order\.[0-9a-f-]{36}|return-parcel\.[0-9a-f-]{36})|staff\.(?:coupon|risk|ship|case|restock)(?:\.[\w-]+)?|carrier))$/;

const who = (actor: Actor | null): string => (actor === null ? 'nobody' : `${actor.kind}:${actor.id}`);

/**
 * Who did what in a simulated history, checked event by event: an event a journey's command recorded names the
 * journey's step as its cause and the right actor (the customer whose journey it is, the member of staff, the
 * provider or carrier for their word); an event a process or timeout recorded names an earlier event of the same
 * correlation as its cause and the system as actor. Nothing is anonymous but the registration itself.
 */
const checkActors = (seed: number, log: readonly RecordedEvent[]): void => {
  const byId = new Map(log.map((event) => [event.id, event]));
  // Each customer's number and the user id the shop gave them, from the events of their sign-up.
  const userOf = new Map<string, string>();
  for (const event of log) {
    const signUp = /\.c(\d+)\.signup$/.exec(event.metadata.correlationId);
    if (signUp !== null && event.type === 'UserRegistered') userOf.set(signUp[1] as string, (event.data as { readonly userId: string }).userId);
  }
  expect(userOf.size).toBeGreaterThan(0);
  for (const event of log) {
    const { correlationId, causationId, actor } = event.metadata;
    const where = `${event.type} in ${event.stream} (${correlationId}, caused by ${causationId ?? 'nothing'}, by ${who(actor)})`;
    const cause = byId.get(causationId ?? '');
    if (cause !== undefined) {
      // A reaction: in the chain of what it reacted to. Only the system reacts, and a provider answering what the shop asked it.
      expect(cause.position, where).toBeLessThan(event.position);
      expect(cause.metadata.correlationId, where).toBe(correlationId);
      if (actor?.kind === 'integration') expect([cause.type, actor.id.startsWith('payment-provider:')], where).toEqual([expect.stringMatching(/^Payment(AttemptStarted|RefundRequested)$/), true]);
      else expect(actor?.kind, where).toBe('system');
      continue;
    }
    // A command of a journey: caused by one of its steps.
    const parts = JOURNEY.exec(correlationId);
    expect(parts, where).not.toBeNull();
    expect(parts?.[1], where).toBe(String(seed));
    expect(causationId, where).toMatch(new RegExp(`^${correlationId.replace(/\./g, '\\.')}:[1-9]\\d*$`));
    const [customer, customerJourney] = [parts?.[3], parts?.[4]];
    if (customer !== undefined) {
      const userId = userOf.get(customer);
      const anonymous = customerJourney === 'signup' && causationId === `${correlationId}:1`;
      const providerSaid = customerJourney === 'visit' && actor?.kind === 'integration' && event.stream.startsWith('payment-') && actor.id.startsWith('payment-provider:');
      if (!providerSaid) expect(actor, where).toEqual({ kind: 'customer', id: anonymous ? 'anonymous' : userId });
    } else if (correlationId.endsWith('.carrier')) {
      expect([actor, event.stream.startsWith('shipment-')], where).toEqual([{ kind: 'integration', id: 'carrier:sandbox' }, true]);
    } else {
      expect(actor, where).toEqual({ kind: 'staff', id: STAFF });
    }
  }
};

/** Every order's purchase, from the cart checked out to the payment taken or the deadline that cancelled it, is one visit's correlation. */
const checkPurchases = (log: readonly RecordedEvent[]): number => {
  let purchases = 0;
  for (const placed of log.filter((event) => event.type === 'OrderPlaced')) {
    const { orderId, customerId } = placed.data as { readonly orderId: string; readonly customerId: string };
    const visit = placed.metadata.correlationId;
    expect(visit).toMatch(/\.c\d+\.visit$/);
    expect(placed.metadata.actor).toEqual({ kind: 'customer', id: customerId });
    const stream = (name: string) => log.filter((event) => event.stream === name);
    const until = (events: readonly RecordedEvent[], last: readonly string[]) => {
      const end = events.findIndex((event) => last.includes(event.type));
      return end === -1 ? events : events.slice(0, end + 1);
    };
    const purchase = [...until(stream(`order-${orderId}`), ['OrderPaid', 'OrderCancelled']), ...until(stream(`payment-${orderId}`), ['PaymentCaptured'])];
    for (const event of purchase) expect(event.metadata.correlationId, `${event.type} of order ${orderId}`).toBe(visit);
    purchases += 1;
  }
  return purchases;
};

describe('who did what in a simulated history', () => {
  it('names every actor and keeps every purchase in the correlation of the visit that made it, whatever the seed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), async (seed) => {
        const log = await simulatedLog(seed, 12, 3);
        checkActors(seed, log);
        checkPurchases(log);
      }),
      { numRuns: 3 },
    );
  }, 240_000);

  it('records the provider taking a payment and refunding it, the carrier moving a parcel and staff shipping it, each as who they are', async () => {
    // A seed whose history has refunds WeChat Pay settles later (payments that came in for orders cancelled meanwhile).
    const log = await simulatedLog(6, 40, 6);
    checkActors(6, log);
    expect(checkPurchases(log)).toBeGreaterThan(10);
    const actors = (type: string) => new Set(log.filter((event) => event.type === type).map((event) => who(event.metadata.actor)));
    // The provider's notification, or its answer to the customer's start of a card payment decided at once.
    const captured = [...actors('PaymentCaptured')];
    for (const actor of captured) expect(actor).toMatch(/^(integration:payment-provider:(alipay|wechat_pay|unionpay)|customer:[0-9a-f-]{36})$/);
    expect(captured.filter((actor) => actor.startsWith('integration:')).length).toBeGreaterThan(0);
    expect(actors('TrackingCheckpointRecorded')).toEqual(new Set(['integration:carrier:sandbox']));
    expect(actors('ShipmentCreated')).toEqual(new Set([`staff:${STAFF}`]));
    expect(actors('OrderPlaced').size).toBeGreaterThan(5);
    // A refund the provider settles later (WeChat Pay's) is its word on the refund the process asked for, in that chain.
    const settledLater = log.filter((event) => event.type === 'PaymentRefunded' && event.metadata.actor?.kind === 'integration');
    expect(settledLater.length).toBeGreaterThan(0);
    for (const refunded of settledLater) {
      const asked = log.find((event) => event.id === refunded.metadata.causationId);
      expect([asked?.type, asked?.metadata.correlationId]).toEqual(['PaymentRefundRequested', refunded.metadata.correlationId]);
    }
  }, 240_000);
});

describe('journey', () => {
  it('numbers its steps as their causation, under one correlation', () => {
    const visit = journey('sim-1.d2.c3.visit');
    const actor: Actor = { kind: 'customer', id: 'u' };
    expect([visit.step(actor), visit.step(actor)]).toEqual([
      { readYourWrites: false, metadata: { correlationId: 'sim-1.d2.c3.visit', causationId: 'sim-1.d2.c3.visit:1', actor } },
      { readYourWrites: false, metadata: { correlationId: 'sim-1.d2.c3.visit', causationId: 'sim-1.d2.c3.visit:2', actor } },
    ]);
  });
});
