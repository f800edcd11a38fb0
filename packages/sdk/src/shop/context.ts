import { join } from 'node:path';
import { pendingTimeouts, projectionRuntime, reactorRuntime, systemClock, timeOrderedIds } from '@shopstream/kernel';
import type { Clock, HandleOptions, IdGenerator, ProjectionRuntime, ReactorRuntime } from '@shopstream/kernel';
import { commerceEvents } from '@shopstream/commerce';
import { identityService, memoryOutbox, scryptPasswordHasher, verificationCodes } from '@shopstream/commerce/identity';
import type { IdentityService, MemoryOutbox, Notifier } from '@shopstream/commerce/identity';
import { paymentService } from '@shopstream/commerce/payment';
import type { PaymentService, SignedNotification } from '@shopstream/commerce/payment';
import { contactHasher, memoryKeyStore, personalDataVault } from '@shopstream/commerce/privacy';
import type { KeyStore, PersonalDataVault } from '@shopstream/commerce/privacy';
import { commerceProcesses } from '@shopstream/commerce/processes';
import type { CommerceProcesses } from '@shopstream/commerce/processes';
import { shippingService } from '@shopstream/commerce/shipping';
import type { Carrier, Place, SandboxCarrier, ShippingService } from '@shopstream/commerce/shipping';
import type { Money } from '@shopstream/commerce';
import { readModelProjections } from '@shopstream/read-models';
import { riskProcess } from '@shopstream/read-models/risk';
import type { ShopStatus } from '../facade/shop.js';
import { embeddedKeyStore } from '../keys/index.js';
import { memoryStateStore, sqliteStateStore } from '../state/index.js';
import type { ShopStateStore } from '../state/index.js';
import { wantedEventTypes, webhookOutbox, webhookReactor } from '../webhooks/index.js';
import type { WebhookOutbox } from '../webhooks/index.js';
import type { ShopConfig } from './config.js';
import { appendWatch } from './appendWatch.js';
import { keyedQueues } from './keyedQueues.js';
import { askAnswered } from './sandboxChains.js';
import type { AppendWatch } from './appendWatch.js';
import { commandGate, projectionsHandling } from './gate.js';
import type { CommandGate } from './gate.js';
import { reapplyErasures } from './erasures.js';
import { shopHandlers } from './handlers.js';
import type { ShopHandlers } from './handlers.js';
import { DEFAULT_SANDBOX_SECRET, defaultCarrier, sandboxPages, sandboxProviders } from './providers.js';
import type { ProviderMap, SandboxProviders } from './providers.js';
import { resolveSecrets } from './secrets.js';
import { EMBEDDED_FILES, openStorage } from './storage.js';
import type { ShopStorage } from './storage.js';

/** Everything the facade works through, wired once by `createShop`. */
export interface ShopContext {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly storage: ShopStorage;
  readonly projections: ProjectionRuntime;
  readonly processes: CommerceProcesses;
  readonly handlers: ShopHandlers;
  readonly identity: IdentityService;
  readonly vault: PersonalDataVault;
  readonly payments: PaymentService;
  readonly shipping: ShippingService;
  readonly gate: CommandGate;
  /** Every append the shop makes goes through it: what a command or a chain of reactions recorded. */
  readonly appends: AppendWatch;
  readonly state: ShopStateStore;
  /** The outbound webhooks' outbox and the reactor that fills it, when webhooks are configured. */
  readonly webhooks: { readonly outbox: WebhookOutbox; readonly runtime: ReactorRuntime; readonly intervalMs: number | undefined } | null;
  /** Registers work to end when the shop stops (live order streams); returns the unregister. */
  readonly onStop: (close: () => Promise<void>) => () => void;
  /** Runs what `onStop` registered. */
  readonly runStopHooks: () => Promise<void>;
  /** Closes what the shop opened for itself (key store, state store), after the stores' last use. */
  /** Deletes again the keys of every subject the log says was erased (see `reapplyErasures`); run at start. */
  readonly reapplyErasures: () => Promise<void>;
  readonly closeOwned: () => Promise<void>;
  /** The sandbox payment providers, when the defaults are in use. */
  readonly sandboxProviders: SandboxProviders | null;
  readonly sandboxCarrier: SandboxCarrier | null;
  /** The default notifier's outbox, when no notifier was configured. */
  readonly outbox: MemoryOutbox | null;
  readonly settings: ShopSettings;
  readonly status: () => ShopStatus;
  readonly onError: (error: unknown, where: string) => void;
  /** The names of the projections that handle any of these event types. */
  readonly projectionsHandling: (types: ReadonlySet<string>) => string[];
  /**
   * Delivers queued sandbox provider notifications to the payment webhook handler, each payment's in the order
   * they were sent, different payments' side by side; resolves once none is left, with how many this call took.
   */
  readonly deliverPaymentNotifications: () => Promise<number>;
  /** Delivers what is queued, then waits until no notification of the order's payment is left. */
  readonly deliverPaymentNotificationsOf: (orderId: string) => Promise<void>;
  /**
   * Runs a sandbox provider's play (a customer paying on its page) so that the notifications it sends are handled
   * with `options` (the request's correlation and trace): `play` is synchronous, as the sandbox's controls are.
   */
  readonly playingAs: <T>(options: HandleOptions | undefined, play: () => T) => T;
}

export interface ShopSettings {
  readonly currency: string;
  readonly shippingFee: Money;
  readonly warehouse: Place;
  readonly maxQuantityPerLine: number;
  readonly staff: NonNullable<ShopConfig['staff']>;
  readonly sandbox: boolean;
  readonly searchCandidates: 'memory' | 'store';
}

/** How many paid orders the risk process scores at once. */
const RISK_CONCURRENCY = 16;

/** How many payments' sandbox notifications are handed to the payment service at once. */
const NOTIFICATION_CONCURRENCY = 16;

/** The payment a sandbox notification is about: its passback names the payment stream (the order). */
const notificationPayment = (notification: SignedNotification): string => {
  try {
    const { passback } = JSON.parse(notification.rawBody) as { readonly passback?: unknown };
    return typeof passback === 'string' ? passback : '';
  } catch {
    // Not the sandbox's JSON: the payment service refuses it; any queue will do.
    return '';
  }
};

/** The order a risk reaction is about: its payment, for every event type the risk process reacts to. */
const riskPartition = (event: { readonly data: unknown }): string | null => {
  const { orderId } = event.data as { readonly orderId?: unknown };
  return typeof orderId === 'string' ? orderId : null;
};

const reportError = (error: unknown, where: string): void => {
  console.error(`[shopstream] ${where}:`, error);
};

export const shopContext = (config: ShopConfig, status: () => ShopStatus): ShopContext => {
  const clock = config.clock ?? systemClock;
  const ids = config.ids ?? timeOrderedIds;
  const onError = config.onError ?? reportError;
  const opened = openStorage(config, clock, ids);
  // Every append goes through the watch, so that a command knows which read models its events reach.
  const appends = appendWatch(opened.eventStore);
  const storage: ShopStorage = { ...opened, eventStore: appends.eventStore };
  const { eventStore, readStore, snapshots } = storage;
  const secrets = resolveSecrets(config.secrets, storage.dataDir);
  const sandboxSecret = config.sandboxSecret ?? DEFAULT_SANDBOX_SECRET;

  // Sandbox notifications are delivered as soon as they are queued, the way a provider POSTs its webhook.
  let handOver = (): void => undefined;
  // A notification sent while a sandbox control played the customer is handled in the chain of the request that
  // played it (its correlation and trace, the provider as actor), as a host hands its request id on; one sent
  // otherwise (a card decided at once, an asynchronous refund) continues the chain of what the shop asked the
  // provider (`askAnswered`).
  let playing: HandleOptions | undefined;
  const playedIn = new WeakMap<SignedNotification, HandleOptions>();
  const sandbox = config.providers ? null : sandboxProviders({ secret: sandboxSecret, clock, ids, pages: sandboxPages(config.sandboxPages) }, (notification) => {
    if (playing !== undefined) playedIn.set(notification, playing);
    if (status() === 'running' || status() === 'stopping') handOver();
  });
  const playingAs = <T>(options: HandleOptions | undefined, play: () => T): T => {
    const outer = playing;
    playing = options;
    try {
      return play();
    } finally {
      playing = outer;
    }
  };
  const providers: ProviderMap = config.providers ?? sandbox?.byMethod ?? {};
  const carrierDefault = config.carrier ? null : defaultCarrier(sandboxSecret, clock);
  const carrier: Carrier = config.carrier ?? (carrierDefault as SandboxCarrier);

  const outbox = config.notifier ? null : memoryOutbox();
  const notifier: Notifier = config.notifier ?? (outbox as MemoryOutbox);
  const ownedKeys = config.keyStore || storage.dataDir === null ? null : embeddedKeyStore({ dataDir: storage.dataDir, ...(config.masterKey === undefined ? {} : { masterKey: config.masterKey }) });
  const keyStore: KeyStore = config.keyStore ?? ownedKeys ?? memoryKeyStore();
  const vault = personalDataVault(keyStore);
  const ownedState = config.state ? null : storage.dataDir === null ? memoryStateStore({ clock }) : sqliteStateStore({ path: join(storage.dataDir, EMBEDDED_FILES.state), clock });
  const state: ShopStateStore = config.state ?? (ownedState as ShopStateStore);
  const staff = config.staff ?? {};
  const identity = identityService({
    store: eventStore,
    // The same object the facade reads roles from: the last-administrator rule counts the configured admins.
    staff,
    clock,
    ids,
    notifier,
    passwords: config.passwordHasher ?? scryptPasswordHasher(),
    vault,
    contacts: contactHasher(secrets.contactPepper),
    codes: verificationCodes(secrets.codePepper),
  });
  const handlers = shopHandlers(eventStore, clock, ids, snapshots);
  // The checkout process commands the payment streams too: one handler, one cached state per stream.
  const payments = paymentService({ store: eventStore, providers, clock, ids, handler: handlers.payments });
  const shipping = shippingService({ store: eventStore, carrier, clock, ids });

  const projectionList = [pendingTimeouts, ...readModelProjections];
  const projections = projectionRuntime({ eventStore, readStore, projections: projectionList, clock });
  // Each paid order's scoring waits for the signals read models to reach its payment, so one at a time every
  // order's complete waited for every earlier order's. Scoring reads the signals as of at least its own
  // payment either way; different orders side by side change nothing an order's score rests on.
  const riskReactor = riskProcess({ eventStore, clock, ids, signals: projections, orders: handlers.orders });
  const processes = commerceProcesses({
    eventStore,
    // One cache per stream for the facade and the processes: an order the checkout placed is not read again to react to it.
    handlers,
    readStore,
    clock,
    ids,
    providers,
    projections,
    // Finishes admin changes a crash interrupted, and keeps the administration ledger in step with grants.
    administration: identity.administration,
    // The risk process runs in the processes' runtime: one subscription to the log for every reactor.
    reactors: [{ ...riskReactor, partitions: { key: riskPartition, maxConcurrent: RISK_CONCURRENCY } }],
    ...(config.processes === undefined ? {} : { config: config.processes }),
    ...(config.schedulerPollIntervalMs === undefined ? {} : { pollIntervalMs: config.schedulerPollIntervalMs }),
    onSchedulerError: (error) => onError(error, 'scheduler'),
  });

  const webhooks = config.webhooks
    ? (() => {
        const { endpoints, retry, intervalMs, fetch } = config.webhooks;
        const outbox = webhookOutbox({ state, endpoints, clock, ...(retry === undefined ? {} : { retry }), ...(fetch === undefined ? {} : { fetch }) });
        const reactor = webhookReactor(outbox, wantedEventTypes(endpoints, commerceEvents.map((e) => e.type)));
        return { outbox, runtime: reactorRuntime({ eventStore, readStore, reactors: [reactor], clock }), intervalMs };
      })()
    : null;

  const stopHooks = new Set<() => Promise<void>>();

  const readYourWrites = config.readYourWrites ?? true;
  const gate = commandGate({ status, appends, projections, projectionTypes: projectionList, readYourWrites, timeoutMs: config.readYourWritesTimeoutMs ?? 5_000,
    closedAt: async (userId) => (await identity.user(userId)).closedAt,
  });

  // One payment's notifications reach its stream in the order they were sent; one buyer's payment does not wait
  // for another's (one at a time, handing one over waited for every buyer's queued before it).
  const notifications = keyedQueues<SignedNotification>({
    key: notificationPayment,
    handle: async (n) => payments.handleNotification(n.method, n.rawBody, n.headers, playedIn.get(n) ?? (await askAnswered(eventStore, n))),
    maxConcurrent: NOTIFICATION_CONCURRENCY,
  });
  const takeQueued = (): Promise<void>[] => (sandbox === null ? [] : sandbox.queue.take().map((n) => notifications.push(n)));
  handOver = () => {
    for (const delivered of takeQueued()) delivered.catch((error: unknown) => onError(error, 'sandbox payment notification'));
  };
  const deliverPaymentNotifications = async (): Promise<number> => {
    const taken = takeQueued();
    await notifications.idle();
    // Each failure is reported once, by the call that took the notification.
    await Promise.all(taken);
    return taken.length;
  };
  const deliverPaymentNotificationsOf = async (orderId: string): Promise<void> => {
    handOver();
    await notifications.settled(orderId);
  };

  return {
    clock,
    ids,
    storage,
    projections,
    processes,
    handlers,
    identity,
    vault,
    payments,
    shipping,
    gate,
    appends,
    state,
    webhooks,
    onStop: (close) => {
      stopHooks.add(close);
      return () => {
        stopHooks.delete(close);
      };
    },
    runStopHooks: async () => {
      for (const close of [...stopHooks]) await close();
      stopHooks.clear();
    },
    reapplyErasures: () => reapplyErasures(eventStore, ownedKeys ?? keyStore),
    closeOwned: async () => {
      await ownedState?.close();
      await ownedKeys?.close();
    },
    sandboxProviders: sandbox,
    sandboxCarrier: carrierDefault,
    outbox,
    settings: {
      currency: config.currency ?? 'CNY',
      shippingFee: config.shippingFee ?? { amount: 0, currency: config.currency ?? 'CNY' },
      warehouse: config.warehouse ?? { city: '杭州', province: '浙江' },
      maxQuantityPerLine: config.maxQuantityPerLine ?? 99,
      staff,
      sandbox: config.sandbox ?? true,
      searchCandidates: config.searchCandidates ?? 'memory',
    },
    status,
    onError,
    deliverPaymentNotifications,
    deliverPaymentNotificationsOf,
    playingAs,
    projectionsHandling: projectionsHandling(projectionList),
  };
};
