import { durableScheduler, pendingTimeouts, projectionRuntime, reactorRuntime } from '@shopstream/kernel';
import type {
  AnyProjection,
  AnyReactor,
  Clock,
  DurableScheduler,
  EventStore,
  IdGenerator,
  ProjectionRuntime,
  ReactorRuntime,
  ReadStore,
  RetryPolicy,
} from '@shopstream/kernel';
import type { AdministrationUpkeep } from '../identity/index.js';
import { paymentService } from '../payment/index.js';
import type { PaymentMethod, PaymentProvider } from '../payment/index.js';
import { administrationProcess } from './administration.js';
import { caseClaimsHandler, caseClaimsProcess } from './caseClaims.js';
import type { CaseClaimsHandler } from './caseClaims.js';
import { checkoutProcess } from './checkout.js';
import { defaultProcessConfig } from './config.js';
import type { ProcessConfig } from './config.js';
import { fulfilmentProcess } from './fulfilment.js';
import { providerPayments } from './payments.js';
import { checkoutService } from './placeOrder.js';
import type { CheckoutService } from './placeOrder.js';
import type { PaymentGateway } from './payments.js';
import { commerceHandlers, commerceReader } from './ports.js';
import type { CommerceHandlers, ProcessPorts } from './ports.js';
import { receiptConfirmationProcess } from './receiptConfirmation.js';
import { refundRetriesProcess } from './refundRetries.js';
import { refundsProcess } from './refunds.js';

export interface CommerceProcessesOptions {
  readonly eventStore: EventStore;
  /** Where the reactors' checkpoints and the pending-timeouts read model live. */
  readonly readStore: ReadStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The payment providers refunds and voids go to, by method. */
  readonly providers: Partial<Readonly<Record<PaymentMethod, PaymentProvider>>>;
  /** Replaces the provider-backed gateway (a host with its own payment orchestration). */
  readonly payments?: PaymentGateway;
  /**
   * The handlers the host commands the same aggregates with: shared, the processes and the host keep one
   * cache of each stream's state, so what one wrote the other neither reads nor folds again. Default: the
   * processes' own, over `eventStore`.
   */
  readonly handlers?: CommerceHandlers;
  /** The handler of the orders' claim ledgers, shared with the host like `handlers`. Default: the processes' own. */
  readonly claims?: CaseClaimsHandler;
  /**
   * The identity service's administration upkeep (`identityService(...).administration`): with it the processes
   * keep the administration ledger in step and finish admin changes interrupted after their reservation.
   */
  readonly administration?: AdministrationUpkeep;
  readonly config?: Partial<ProcessConfig>;
  /**
   * A projection runtime the host already runs with `pendingTimeouts` among its projections. Without one the
   * processes run their own, over the same read store.
   */
  readonly projections?: ProjectionRuntime;
  /**
   * The host's own reactors (the risk process) to run in the processes' runtime: one subscription to the log
   * wakes for all of them on each append, rather than one per runtime.
   */
  readonly reactors?: readonly AnyReactor[];
  /** How often the scheduler looks for due timeouts once started. Default 1 s. */
  readonly pollIntervalMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onSchedulerError?: (error: unknown) => void;
}

export interface CommerceProcesses {
  readonly config: ProcessConfig;
  readonly reactors: readonly AnyReactor[];
  /** The projections the processes need: give them to the host's projection runtime when it passes its own. */
  readonly projections: readonly AnyProjection[];
  readonly scheduler: DurableScheduler;
  readonly payments: PaymentGateway;
  /** The orders' claim ledgers' handler: the host opens cases through it (`openCase`). */
  readonly claims: CaseClaimsHandler;
  /** Turns a cart into an order with the configured payment deadline and receipt window. */
  readonly checkout: CheckoutService;
  readonly runtime: ReactorRuntime;
  readonly timeouts: ProjectionRuntime;
  /** Starts the timeout projection (when owned), the reactors and, unless `poll` is false, the scheduler's polling. */
  start(options?: { readonly poll?: boolean }): Promise<void>;
  stop(): Promise<void>;
  /**
   * Fires every timeout due by the clock and waits until the reactors and the timeout projection have handled
   * everything, as often as that makes more happen. For hosts driven by a manual clock, tests and scripts.
   */
  settle(options?: { readonly timeoutMs?: number }): Promise<void>;
}

/** The commerce processes, wired over the given stores: no globals, no HTTP, nothing started until `start`. */
export const commerceProcesses = (options: CommerceProcessesOptions): CommerceProcesses => {
  const config: ProcessConfig = { ...defaultProcessConfig, ...options.config };
  const { eventStore, readStore, clock, ids } = options;
  const owned = options.projections === undefined;
  const timeouts = options.projections ?? projectionRuntime({ eventStore, readStore, projections: [pendingTimeouts], clock });
  const scheduler = durableScheduler({
    eventStore,
    pending: timeouts.collection('timeouts', 'pending'),
    clock,
    ids,
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    ...(options.onSchedulerError === undefined ? {} : { onError: options.onSchedulerError }),
  });
  const handlers = options.handlers ?? commerceHandlers({ eventStore, clock, ids });
  const read = commerceReader(eventStore, handlers);
  // The processes give money back through the payment service, over their own payment handler.
  const payments = options.payments ?? providerPayments({ read, service: paymentService({ store: eventStore, providers: options.providers, clock, ids, handler: handlers.payments }) });
  const ports: ProcessPorts = { handlers, read, scheduler, payments };
  const claims = options.claims ?? caseClaimsHandler({ eventStore, clock, ids });
  const reactors: readonly AnyReactor[] = [
    checkoutProcess(ports, config),
    fulfilmentProcess(ports),
    receiptConfirmationProcess(ports),
    refundsProcess(ports),
    caseClaimsProcess(ports, claims),
    refundRetriesProcess(ports, claims, config),
    ...(options.administration === undefined ? [] : [administrationProcess(scheduler, options.administration)]),
    ...(options.reactors ?? []),
  ];
  const runtime = reactorRuntime({
    eventStore,
    readStore,
    reactors,
    clock,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });

  const caughtUp = async (timeoutMs: number): Promise<number> => {
    const head = await eventStore.headPosition();
    await timeouts.waitFor(head, { timeoutMs });
    await runtime.waitFor(head, { timeoutMs });
    return head;
  };

  return {
    config,
    reactors,
    projections: [pendingTimeouts],
    scheduler,
    payments,
    claims,
    checkout: checkoutService({ eventStore, handlers, clock, config }),
    runtime,
    timeouts,
    start: async (startOptions = {}) => {
      if (owned) await timeouts.start();
      await runtime.start();
      if (startOptions.poll !== false) scheduler.start();
    },
    stop: async () => {
      await scheduler.stop();
      await runtime.stop();
      if (owned) await timeouts.stop();
    },
    settle: async (settleOptions = {}) => {
      const timeoutMs = settleOptions.timeoutMs ?? 5_000;
      for (;;) {
        const before = await caughtUp(timeoutMs);
        const fired = await scheduler.fireDue();
        if (fired === 0 && (await caughtUp(timeoutMs)) === before) return;
      }
    },
  };
};
