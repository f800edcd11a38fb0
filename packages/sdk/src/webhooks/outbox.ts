import { systemClock } from '@shopstream/kernel';
import type { Clock } from '@shopstream/kernel';
import type { ShopStateStore } from '../state/index.js';
import { decodeDeadDelivery, decodeDelivery, deliveryId, encodeDeadDelivery, encodeDelivery } from './delivery.js';
import type { DeadWebhookDelivery, WebhookDelivery, WebhookPayload } from './delivery.js';
import { checkEndpoints, wants } from './endpoints.js';
import type { WebhookEndpoint } from './endpoints.js';
import { checkRetryPolicy, defaultWebhookRetryPolicy, retryDelay } from './retryPolicy.js';
import type { WebhookRetryPolicy } from './retryPolicy.js';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signWebhookPayload } from './signature.js';

/** The state store's namespaces the outbox uses. */
export const WEBHOOK_NAMESPACES = {
  pending: 'webhook-outbox',
  delivered: 'webhook-delivered',
  dead: 'webhook-dead',
} as const;

export interface WebhookOutboxOptions {
  /** Where deliveries wait: shared by every host instance, so any of them may send and none loses one. */
  readonly state: Pick<ShopStateStore, 'get' | 'put' | 'delete' | 'list'>;
  readonly endpoints: readonly WebhookEndpoint[];
  readonly retry?: Partial<WebhookRetryPolicy>;
  /** Injected for tests; the global fetch otherwise. */
  readonly fetch?: typeof globalThis.fetch;
  readonly clock?: Clock;
  /** In [0, 1), for the jitter. */
  readonly random?: () => number;
  /** How many POSTs one dispatch pass runs at once. */
  readonly concurrency?: number;
  /** How long a delivered event is remembered, so that the same event enqueued again is not sent again. */
  readonly deliveredRetentionMs?: number;
}

export interface DispatchReport {
  readonly delivered: number;
  readonly retrying: number;
  readonly dead: number;
}

/**
 * Signed outbound webhooks through a durable outbox, delivered at least once: a receiver may see an event
 * twice (dedupe on `ShopStream-Event-Id`) but never misses one that the outbox accepted, short of it failing
 * for longer than `maxAgeMs`, after which the delivery is kept as dead for inspection and redelivery.
 */
export interface WebhookOutbox {
  /** One delivery per endpoint that wants the event's type; enqueuing an event again is a no-op. Returns how many were new. */
  enqueue(event: WebhookPayload): Promise<number>;
  /** Sends every delivery that is due now, once; what fails is rescheduled or given up. */
  dispatchDue(): Promise<DispatchReport>;
  /** Dispatches every `intervalMs` in the background (and soon after each enqueue) until `stop`. */
  start(options?: { readonly intervalMs?: number }): void;
  /** Stops the background dispatch and waits for a pass under way to end. */
  stop(): Promise<void>;
  pending(): Promise<readonly WebhookDelivery[]>;
  dead(): Promise<readonly DeadWebhookDelivery[]>;
  /** Puts a dead delivery back in the outbox as new. Returns false when there is no such dead delivery. */
  redeliver(deliveryId: string): Promise<boolean>;
}

const DAY_MS = 24 * 3_600_000;

export const webhookOutbox = (options: WebhookOutboxOptions): WebhookOutbox => {
  checkEndpoints(options.endpoints);
  const policy: WebhookRetryPolicy = { ...defaultWebhookRetryPolicy, ...options.retry };
  checkRetryPolicy(policy);
  const { state } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const retentionMs = options.deliveredRetentionMs ?? 7 * DAY_MS;
  const endpoints = new Map(options.endpoints.map((endpoint) => [endpoint.id, endpoint]));
  const now = () => clock.now().getTime();
  const send = (...args: Parameters<typeof globalThis.fetch>) => (options.fetch ?? globalThis.fetch)(...args);

  const enqueue = async (event: WebhookPayload): Promise<number> => {
    let created = 0;
    for (const endpoint of options.endpoints) {
      if (!wants(endpoint, event.type)) continue;
      const id = deliveryId(endpoint.id, event.id);
      if (await state.get(WEBHOOK_NAMESPACES.delivered, id)) continue;
      const at = now();
      const delivery: WebhookDelivery = {
        id,
        endpointId: endpoint.id,
        payload: { id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.data },
        enqueuedAt: at,
        attempts: 0,
        nextAttemptAt: at,
        leasedUntil: null,
        lastError: null,
      };
      if (await state.put(WEBHOOK_NAMESPACES.pending, id, encodeDelivery(delivery), { ifVersion: 'absent' })) created += 1;
    }
    if (created > 0) wake();
    return created;
  };

  /** One POST; null on a 2xx, else why it failed. */
  const post = async (endpoint: WebhookEndpoint, payload: WebhookPayload): Promise<string | null> => {
    const body = JSON.stringify(payload);
    const timestampSec = Math.floor(now() / 1000);
    try {
      const response = await send(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'ShopStream-Webhooks/1',
          [SIGNATURE_HEADER]: signWebhookPayload(endpoint.secret, body, timestampSec),
          [EVENT_ID_HEADER]: payload.id,
          [EVENT_TYPE_HEADER]: payload.type,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      // The body is not needed, but reading it lets the connection be reused.
      await response.arrayBuffer().catch(() => undefined);
      return response.status >= 200 && response.status < 300 ? null : `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  };

  type Outcome = 'delivered' | 'retrying' | 'dead' | 'skipped';

  const attempt = async (delivery: WebhookDelivery, version: number): Promise<Outcome> => {
    const endpoint = endpoints.get(delivery.endpointId);
    const startedAt = now();
    if (endpoint === undefined) {
      // The endpoint was removed from the configuration: nobody will take this delivery any more.
      return (await bury({ ...delivery, lastError: `endpoint ${delivery.endpointId} is no longer configured` }, version, startedAt)) ? 'dead' : 'skipped';
    }
    // Take a lease first, so another host instance's dispatcher does not post the same delivery meanwhile.
    const leased: WebhookDelivery = { ...delivery, leasedUntil: startedAt + policy.timeoutMs * 2 };
    if (!(await state.put(WEBHOOK_NAMESPACES.pending, delivery.id, encodeDelivery(leased), { ifVersion: version }))) return 'skipped';
    const leasedVersion = version + 1;
    const failure = await post(endpoint, delivery.payload);
    const at = now();
    if (failure === null) {
      await state.put(WEBHOOK_NAMESPACES.delivered, delivery.id, { deliveredAt: at, attempts: delivery.attempts + 1 }, { ttlMs: retentionMs });
      await state.delete(WEBHOOK_NAMESPACES.pending, delivery.id, { ifVersion: leasedVersion });
      return 'delivered';
    }
    const failed: WebhookDelivery = { ...delivery, attempts: delivery.attempts + 1, leasedUntil: null, lastError: failure };
    const nextAttemptAt = at + retryDelay(policy, failed.attempts, random);
    if (nextAttemptAt - delivery.enqueuedAt > policy.maxAgeMs) return (await bury(failed, leasedVersion, at)) ? 'dead' : 'skipped';
    await state.put(WEBHOOK_NAMESPACES.pending, delivery.id, encodeDelivery({ ...failed, nextAttemptAt }), { ifVersion: leasedVersion });
    return 'retrying';
  };

  const bury = async (delivery: WebhookDelivery, version: number, at: number): Promise<boolean> => {
    await state.put(WEBHOOK_NAMESPACES.dead, delivery.id, encodeDeadDelivery({ ...delivery, leasedUntil: null, diedAt: at }));
    return state.delete(WEBHOOK_NAMESPACES.pending, delivery.id, { ifVersion: version });
  };

  const dispatchDue = async (): Promise<DispatchReport> => {
    const at = now();
    const due = (await state.list(WEBHOOK_NAMESPACES.pending))
      .map((entry) => ({ delivery: decodeDelivery(entry.value), version: entry.version }))
      .filter(({ delivery }) => delivery.nextAttemptAt <= at && (delivery.leasedUntil === null || delivery.leasedUntil <= at))
      .sort((a, b) => a.delivery.nextAttemptAt - b.delivery.nextAttemptAt);
    const counts = { delivered: 0, retrying: 0, dead: 0, skipped: 0 };
    let next = 0;
    const worker = async () => {
      for (let item = due[next++]; item !== undefined; item = due[next++]) counts[await attempt(item.delivery, item.version)] += 1;
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
    return { delivered: counts.delivered, retrying: counts.retrying, dead: counts.dead };
  };

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let started = false;
  let intervalMs = 1_000;
  const pass = () => {
    timer = undefined;
    running = dispatchDue()
      .catch(() => undefined)
      .finally(() => {
        if (started && timer === undefined) schedule(intervalMs);
      });
  };
  const schedule = (delayMs: number) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(pass, delayMs);
    timer.unref();
  };
  const wake = () => {
    if (started) schedule(0);
  };

  return {
    enqueue,
    dispatchDue,
    start: (startOptions = {}) => {
      intervalMs = startOptions.intervalMs ?? 1_000;
      started = true;
      schedule(0);
    },
    stop: async () => {
      started = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await running;
    },
    pending: async () => (await state.list(WEBHOOK_NAMESPACES.pending)).map((entry) => decodeDelivery(entry.value)),
    dead: async () => (await state.list(WEBHOOK_NAMESPACES.dead)).map((entry) => decodeDeadDelivery(entry.value)),
    redeliver: async (id) => {
      const entry = await state.get(WEBHOOK_NAMESPACES.dead, id);
      if (!entry) return false;
      const at = now();
      const delivery: WebhookDelivery = { ...decodeDelivery(entry.value), enqueuedAt: at, attempts: 0, nextAttemptAt: at, leasedUntil: null, lastError: null };
      await state.put(WEBHOOK_NAMESPACES.pending, id, encodeDelivery(delivery), { ifVersion: 'absent' });
      await state.delete(WEBHOOK_NAMESPACES.dead, id);
      wake();
      return true;
    },
  };
};
