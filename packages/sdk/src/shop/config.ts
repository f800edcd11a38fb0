import type { Clock, EventStore, IdGenerator, ReadStore, SnapshotStore } from '@shopstream/kernel';
import type { Notifier, PasswordHasher } from '@shopstream/commerce/identity';
import type { PaymentMethod, PaymentProvider } from '@shopstream/commerce/payment';
import type { KeyStore } from '@shopstream/commerce/privacy';
import type { ProcessConfig } from '@shopstream/commerce/processes';
import type { Carrier, Place } from '@shopstream/commerce/shipping';
import type { Money } from '@shopstream/commerce';
import type { Durability } from '@shopstream/store-sqlite';
import type { ShopRole } from '../facade/identity/api.js';
import type { ShopStateStore } from '../state/index.js';
import type { SandboxPages } from './providers.js';
import type { WebhookEndpoint, WebhookRetryPolicy } from '../webhooks/index.js';

/** Where the shop keeps its events, read models and snapshots. */
export type StorageConfig =
  /** The embedded default: SQLite files under `dataDir`. */
  | { readonly kind: 'sqlite'; readonly dataDir?: string; readonly durability?: Durability }
  /** Everything in memory, gone when the process ends: for tests and demos. */
  | { readonly kind: 'memory' }
  /**
   * Stores of your own (the scale-out adapters). The event store must validate with `commerceEventRegistry()`.
   * With a `dataDir` in the configuration, the shop keeps there what these stores do not hold: the peppers, the
   * embedded key store and the shop state, each unless given explicitly; without one they live in memory and are
   * gone at the next start, so give them (or a `dataDir`) for any shop that must outlive its process.
   */
  | {
      readonly kind: 'custom';
      readonly eventStore: EventStore;
      readonly readStore: ReadStore;
      readonly snapshots?: SnapshotStore;
      /** Called by `stop()` after everything else has stopped. */
      readonly close?: () => Promise<void>;
    };

/** Secrets that must outlive a restart: without the same peppers, known contacts can no longer be found. */
export interface ShopSecrets {
  /** At least 32 random bytes: keys the hashes of emails and phones. */
  readonly contactPepper: Uint8Array;
  /** At least 32 random bytes: keys the hashes of verification codes. */
  readonly codePepper: Uint8Array;
}

export interface ShopConfig {
  /**
   * Where the embedded default keeps its files. Default `./data`. With custom storage, where the peppers, the
   * embedded key store and the shop state are kept (none by default: see `StorageConfig`).
   */
  readonly dataDir?: string;
  /** Default: SQLite under `dataDir`. */
  readonly storage?: StorageConfig;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /**
   * The peppers for contact and code hashes. Default: read from `<dataDir>/secrets.json`, written there (mode
   * 0600) on first start; random per shop for memory storage. Give them explicitly for custom storage, and the same
   * ones to every process of a shop spread over machines. Given for a data folder whose `secrets.json` holds other
   * peppers, the shop refuses to start: every contact hashed with those would be unknown.
   */
  readonly secrets?: ShopSecrets;
  /**
   * Where personal-data keys live. Default: the embedded key store (`<dataDir>/keys.db`, wrapped by `masterKey`)
   * for SQLite storage, in memory otherwise.
   */
  readonly keyStore?: KeyStore;
  /** 32 bytes (or base64) wrapping the embedded key store's keys. Default: generated once into `<dataDir>/master.key`. */
  readonly masterKey?: string | Uint8Array;
  /**
   * Sessions, idempotency records, rate-limit counters and the webhook outbox. Default: `<dataDir>/state.sqlite`
   * for SQLite storage, in memory otherwise.
   */
  readonly state?: ShopStateStore;
  /** Signed outbound webhooks: each endpoint gets the events it names, at least once, through a durable outbox. */
  readonly webhooks?: {
    readonly endpoints: readonly WebhookEndpoint[];
    readonly retry?: Partial<WebhookRetryPolicy>;
    /** How often the outbox looks for due deliveries. Default: the outbox's own. */
    readonly intervalMs?: number;
    /** Injected for tests; the global fetch otherwise. */
    readonly fetch?: typeof globalThis.fetch;
  };
  /** Email and SMS. Default: an in-memory outbox, readable through `shop.sandbox.outbox`. */
  readonly notifier?: Notifier;
  /** Default: scrypt with OWASP's parameters. */
  readonly passwordHasher?: PasswordHasher;
  /** Payment providers by method. Default: the sandboxes (alipay, wechat_pay, unionpay, card). */
  readonly providers?: Partial<Readonly<Record<PaymentMethod, PaymentProvider>>>;
  /** Default: the sandbox carrier. */
  readonly carrier?: Carrier;
  /** Expose the sandbox controls as `shop.sandbox`. Default true. */
  readonly sandbox?: boolean;
  /** The secret the sandbox providers and carrier sign with. Default: a fixed development secret. */
  readonly sandboxSecret?: string;
  /**
   * Where the sandbox providers' pages (the Alipay cashier, the UnionPay front endpoint, the 3-D Secure challenge,
   * the WeChat Pay scan) are served, and the merchant they show. A host serving the reference API gives its public
   * URL here. Default: a base URL that never resolves (see `SandboxPages`).
   */
  readonly sandboxPages?: SandboxPages;
  /** Wait for the read models after each successful command. Default true; a call can say otherwise. */
  readonly readYourWrites?: boolean;
  /** How long a command waits for the read models before answering anyway. Default 5 s. */
  readonly readYourWritesTimeoutMs?: number;
  /** Payment deadline, reservation grace, automatic receipt confirmation. */
  readonly processes?: Partial<ProcessConfig>;
  /** How often due timeouts are looked for once started. Default 1 s. */
  readonly schedulerPollIntervalMs?: number;
  /** The shop's currency. Default CNY. */
  readonly currency?: string;
  /** The shipping fee checkout charges when the caller names none. Default 0. */
  readonly shippingFee?: Money;
  /** Where parcels leave from. Default Hangzhou. */
  readonly warehouse?: Place;
  /** The most units of one SKU a cart takes. Default 99. */
  readonly maxQuantityPerLine?: number;
  /** Staff by user id. Everyone is a customer; these users are also admins or auditors. */
  readonly staff?: Readonly<Record<string, readonly Exclude<ShopRole, 'customer'>[]>>;
  /** Attempts per event before a hook (or process) stops with its failure recorded. Default 5. */
  readonly hookMaxAttempts?: number;
  /**
   * Where product search finds its candidates: `memory` (default) keeps an inverted index in this process, kept
   * current from the search read model's change feed (about 1 KB per product); `store` asks the read store's
   * indexes at every query, slower on broad queries but holding nothing in memory. Both answer the same.
   */
  readonly searchCandidates?: 'memory' | 'store';
  /** Called with faults of background work (scheduler, hooks giving up). Default: console.error. */
  readonly onError?: (error: unknown, where: string) => void;
}
