import type { Clock } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Carrier, CarrierError, SignedNotification, TrackingNotification as Notification, Waybill, WaybillRequest } from '../carrier.js';
import { TrackingNotification } from '../carrier.js';
import type { TrackingEvent } from '../model.js';
import { signNotification, verifySignature } from '../signature.js';
import { findCity } from './network.js';
import type { RouteStep, SandboxScenario } from './route.js';
import { planRoute, timeToDelivery } from './route.js';

/** Ways the sandbox misbehaves on purpose, the way real carrier webhooks do. */
export interface DeliveryQuirks {
  /** Send every notification twice. */
  readonly duplicate?: boolean;
  /** Send the notifications of one tick newest first. */
  readonly reverse?: boolean;
}

export interface SandboxCarrierOptions {
  /** Shared secret for the HMAC signatures. Required: a default secret would be a known secret. */
  readonly secret: string;
  /** Sandbox time; parcels move only as this clock moves and `tick` is called. */
  readonly clock: Clock;
  readonly code?: string;
  /** How old (or how far ahead) a notification's timestamp may be. Default 300 seconds. */
  readonly toleranceSeconds?: number;
  /** The scenario for bookings without one set through `setScenario`. Default `normal`. */
  readonly defaultScenario?: SandboxScenario;
  readonly quirks?: DeliveryQuirks;
}

interface Parcel {
  readonly reference: string;
  readonly waybill: Waybill;
  steps: readonly RouteStep[];
  /** Index of the next step to play. */
  next: number;
  /** Carrier time of the last event played (or of the booking). */
  lastAt: number;
  held: boolean;
  cancelled: boolean;
}

export interface SandboxCarrier extends Carrier {
  /** Plays this scenario for the booking with this reference (our shipment id); set before booking. */
  setScenario(reference: string, scenario: SandboxScenario): void;
  setQuirks(quirks: DeliveryQuirks): void;
  /** Simulates an outage: bookings fail with CarrierUnavailable until switched back on. */
  setAvailable(available: boolean): void;
  /** Lets a parcel held by an exception (address problem, lost) move on from now, as when the address is fixed or the parcel found. */
  resumeParcel(waybillNumber: string): E.Either<CarrierError, void>;
  /** Signed notifications for every carrier event due by `now` and not sent before. */
  tick(now?: Date): SignedNotification[];
  /** Moves the injected clock on (it must be able to, like `ManualClock`) and ticks. */
  advance(ms: number): SignedNotification[];
  /** Re-sends everything already sent for a waybill, as carriers do after a webhook timeout. */
  redeliver(waybillNumber: string): SignedNotification[];
}

const canAdvance = (clock: Clock): clock is Clock & { advance(ms: number): void } =>
  typeof (clock as Partial<{ advance: unknown }>).advance === 'function';

/**
 * A carrier that needs no network: it books waybills between the cities it serves and, as its injected clock
 * moves, emits signed tracking pushes for a realistic route (pick-up, hubs, delivery station, delivery), or
 * for one of the exception scenarios.
 */
export const sandboxCarrier = (options: SandboxCarrierOptions): SandboxCarrier => {
  if (options.secret.length < 16) throw new TypeError('the sandbox carrier secret must be at least 16 characters');
  const code = options.code ?? 'sandbox';
  const toleranceSeconds = options.toleranceSeconds ?? 300;
  const { clock } = options;
  let quirks: DeliveryQuirks = options.quirks ?? {};
  let available = true;
  let issued = 0;
  const scenarios = new Map<string, SandboxScenario>();
  const byReference = new Map<string, Parcel>();
  const byWaybill = new Map<string, Parcel>();
  const sent = new Map<string, TrackingEvent[]>();

  const sign = (notification: Notification, now: Date): SignedNotification => {
    const body = JSON.stringify(notification);
    const timestamp = String(Math.floor(now.getTime() / 1000));
    return { timestamp, body, signature: signNotification(options.secret, timestamp, body) };
  };

  const eventFor = (parcel: Parcel, index: number, occurredAt: number): TrackingEvent | null => {
    const s = parcel.steps[index];
    if (!s || s.kind === 'hold') return null;
    const remaining = s.revisesEstimate ? timeToDelivery(parcel.steps, index + 1) : null;
    return {
      carrierEventId: `${parcel.waybill.waybillNumber}-${String(index + 1).padStart(3, '0')}`,
      code: s.code,
      occurredAt: new Date(occurredAt).toISOString(),
      location: s.location,
      description: s.description,
      ...(s.exception ? { exception: s.exception } : {}),
      ...(remaining !== null ? { estimatedDeliveryAt: new Date(occurredAt + remaining).toISOString() } : {}),
    };
  };

  const deliver = (parcel: Parcel, events: readonly TrackingEvent[], now: Date): SignedNotification[] =>
    events.map((event) =>
      sign({ carrier: code, waybillNumber: parcel.waybill.waybillNumber, reference: parcel.reference, events: [event], sentAt: now.toISOString() }, now),
    );

  const withQuirks = (notifications: SignedNotification[]): SignedNotification[] => {
    const doubled = quirks.duplicate ? notifications.flatMap((n) => [n, n]) : notifications;
    return quirks.reverse ? [...doubled].reverse() : doubled;
  };

  const tick = (now: Date = clock.now()): SignedNotification[] => {
    const due: { at: number; parcel: Parcel; event: TrackingEvent }[] = [];
    for (const parcel of byWaybill.values()) {
      while (!parcel.cancelled && !parcel.held && parcel.next < parcel.steps.length) {
        const s = parcel.steps[parcel.next];
        if (!s) break;
        if (s.kind === 'hold') {
          parcel.held = true;
          break;
        }
        const at = parcel.lastAt + s.afterMs;
        if (at > now.getTime()) break;
        const event = eventFor(parcel, parcel.next, at);
        parcel.next += 1;
        parcel.lastAt = at;
        if (event) due.push({ at, parcel, event });
      }
    }
    due.sort((a, b) => a.at - b.at);
    for (const d of due) sent.set(d.parcel.waybill.waybillNumber, [...(sent.get(d.parcel.waybill.waybillNumber) ?? []), d.event]);
    return withQuirks(due.flatMap((d) => deliver(d.parcel, [d.event], now)));
  };

  return {
    code,

    createWaybill: async (request: WaybillRequest) => {
      if (!available) return E.left({ _tag: 'CarrierUnavailable', carrier: code, reason: 'sandbox outage switched on' });
      const known = byReference.get(request.reference);
      if (known) return E.right(known.waybill);
      const origin = findCity(request.origin.city);
      if (!origin) return E.left({ _tag: 'AddressUnserviceable', carrier: code, city: request.origin.city });
      const destination = findCity(request.destination.city);
      if (!destination) return E.left({ _tag: 'AddressUnserviceable', carrier: code, city: request.destination.city });

      const now = clock.now().getTime();
      const scenario = scenarios.get(request.reference) ?? options.defaultScenario ?? 'normal';
      const steps = planRoute(origin, destination, scenario);
      // The promise at booking is the ordinary route's; exceptions revise it as they happen.
      const promised = timeToDelivery(planRoute(origin, destination, 'normal'), 0) ?? 0;
      issued += 1;
      const waybill: Waybill = { carrier: code, waybillNumber: `SB${String(issued).padStart(10, '0')}`, estimatedDeliveryAt: new Date(now + promised).toISOString() };
      const parcel: Parcel = { reference: request.reference, waybill, steps, next: 0, lastAt: now, held: false, cancelled: false };
      byReference.set(request.reference, parcel);
      byWaybill.set(waybill.waybillNumber, parcel);
      return E.right(waybill);
    },

    findWaybill: async (reference) => {
      if (!available) return E.left({ _tag: 'CarrierUnavailable', carrier: code, reason: 'sandbox outage switched on' });
      return E.right(byReference.get(reference)?.waybill ?? null);
    },

    cancelWaybill: async (waybillNumber) => {
      const parcel = byWaybill.get(waybillNumber);
      if (!parcel) return E.left({ _tag: 'WaybillUnknown', carrier: code, waybillNumber });
      if (parcel.next > 0) return E.left({ _tag: 'WaybillAlreadyPickedUp', carrier: code, waybillNumber });
      parcel.cancelled = true;
      return E.right(undefined);
    },

    verifyNotification: (notification, now) =>
      E.flatMap(verifySignature(notification, now, { secret: options.secret, toleranceSeconds }), (body) => {
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          return E.left({ _tag: 'NotificationMalformed', issues: ['the body is not JSON'] });
        }
        const parsed = TrackingNotification.safeParse(json);
        if (!parsed.success) {
          return E.left({ _tag: 'NotificationMalformed', issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) });
        }
        if (parsed.data.carrier !== code) return E.left({ _tag: 'NotificationMalformed', issues: [`carrier ${parsed.data.carrier} is not ${code}`] });
        return E.right(parsed.data);
      }),

    setScenario: (reference, scenario) => {
      scenarios.set(reference, scenario);
    },
    setQuirks: (next) => {
      quirks = next;
    },
    setAvailable: (on) => {
      available = on;
    },

    resumeParcel: (waybillNumber) => {
      const parcel = byWaybill.get(waybillNumber);
      if (!parcel) return E.left({ _tag: 'WaybillUnknown', carrier: code, waybillNumber });
      // A hold is reached only by ticking; resuming one not yet reached skips it, like a problem fixed in advance.
      const hold = parcel.steps.findIndex((s, i) => i >= parcel.next && s.kind === 'hold');
      if (hold === -1) return E.right(undefined);
      if (parcel.held) parcel.lastAt = Math.max(parcel.lastAt, clock.now().getTime());
      parcel.held = false;
      parcel.steps = [...parcel.steps.slice(0, hold), ...parcel.steps.slice(hold + 1)];
      return E.right(undefined);
    },

    tick,

    advance: (ms) => {
      if (!canAdvance(clock)) throw new TypeError('advance needs a clock that can be moved, such as ManualClock; call tick(now) instead');
      clock.advance(ms);
      return tick();
    },

    redeliver: (waybillNumber) => {
      const parcel = byWaybill.get(waybillNumber);
      if (!parcel) return [];
      return withQuirks(deliver(parcel, sent.get(waybillNumber) ?? [], clock.now()));
    },
  };
};
