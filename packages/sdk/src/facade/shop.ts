import type {
  Clock,
  EventStore,
  IdGenerator,
  ProjectionRuntime,
  ProjectionStatus,
  ReactorStatus,
  ReadStore,
  RecordedEvent,
} from '@shopstream/kernel';
import type { CommerceProcesses } from '@shopstream/commerce/processes';
import type { ShopStateStore } from '../state/index.js';
import type { WebhookOutbox } from '../webhooks/index.js';
import type { AfterSalesFacade } from './afterSales/api.js';
import type { BehaviourFacade } from './behaviour/api.js';
import type { CartFacade, CheckoutFacade } from './cart/api.js';
import type { CatalogFacade, InventoryFacade, PromotionFacade } from './catalog/api.js';
import type { AccountsFacade, IdentityFacade } from './identity/api.js';
import type { RecommendationsFacade, ReportsFacade, RiskFacade, SearchFacade } from './insights/api.js';
import type { OrdersFacade } from './orders/api.js';
import type { PaymentsFacade } from './payments/api.js';
import type { ReviewsFacade } from './reviews/api.js';
import type { ShopSandbox } from './sandbox/api.js';
import type { ShippingFacade, TrackingFacade } from './shipping/api.js';

export type ShopStatus = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/** A hook: called after commit with the event, at least once (again after a restart if it had not finished). */
export type ShopHook = (event: RecordedEvent) => void | Promise<void>;

export interface ShopHealth {
  readonly status: 'ok' | 'degraded' | 'stopped';
  readonly shop: ShopStatus;
  /** The event store's last global position. */
  readonly head: number;
  readonly projections: readonly ProjectionStatus[];
  readonly reactors: readonly ReactorStatus[];
}

/**
 * A shop: the commerce domain over its stores, read models, processes and providers, behind one typed facade.
 * Commands answer `Either<ShopError, T>`; queries read the read models (or, for one aggregate, its stream).
 */
export interface Shop {
  // The facade, one part per context.
  readonly identity: IdentityFacade;
  readonly accounts: AccountsFacade;
  readonly catalog: CatalogFacade;
  readonly inventory: InventoryFacade;
  readonly promotion: PromotionFacade;
  readonly cart: CartFacade;
  readonly checkout: CheckoutFacade;
  readonly orders: OrdersFacade;
  readonly payments: PaymentsFacade;
  readonly shipping: ShippingFacade;
  readonly tracking: TrackingFacade;
  readonly afterSales: AfterSalesFacade;
  readonly reviews: ReviewsFacade;
  readonly behaviour: BehaviourFacade;
  readonly search: SearchFacade;
  readonly recommendations: RecommendationsFacade;
  readonly risk: RiskFacade;
  readonly reports: ReportsFacade;

  /** The sandbox controls; undefined when the shop runs with `sandbox: false`. */
  readonly sandbox: ShopSandbox | undefined;
  /** Sessions, idempotency records, rate-limit counters: state the HTTP layer keeps across requests and processes. */
  readonly state: ShopStateStore;
  /** The outbound webhooks' outbox (pending and dead deliveries, redelivery); undefined without `config.webhooks`. */
  readonly webhooks: WebhookOutbox | undefined;

  /** Loads checkpoints, starts projectors, processes, hooks and the scheduler. Idempotent. */
  start(): Promise<void>;
  /**
   * Graceful: refuses new commands, lets those under way finish, lets projector batches, processes and hooks
   * finish what they hold, stops the scheduler and closes the stores. Idempotent.
   */
  stop(): Promise<void>;
  readonly status: ShopStatus;
  /** Registers a hook for one event type, or every type with `'*'`; returns the unregister. Register before `start()`. */
  on(eventType: string, hook: ShopHook): () => void;
  /**
   * Fires due timeouts and waits until processes, hooks and read models have caught up, until nothing more
   * happens. For tests and scripts driving a manual clock.
   */
  settle(options?: { readonly timeoutMs?: number }): Promise<void>;
  /** getHealth */
  health(): Promise<ShopHealth>;

  // What the facade is built on, for integrators who need more.
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly projections: ProjectionRuntime;
  readonly processes: CommerceProcesses;
}
