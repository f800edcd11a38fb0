import type { Clock, IdGenerator } from '@shopstream/kernel';
import type { Money } from '../../shared/money.js';
import type { NextAction, PaymentMethod } from '../model.js';
import type { InitiateRequest, PaymentProvider, ProviderOperation, ProviderTransactionStatus } from '../provider.js';
import type { NotificationBody, SignedNotification } from './wire.js';

/** What the customer (or the issuer) does once the payment page is open. */
export type SandboxScenario =
  /** Pays. `duplicates` extra copies of the notification follow, as providers redeliver. */
  | { readonly kind: 'succeed'; readonly duplicates?: number }
  | { readonly kind: 'decline'; readonly code?: string; readonly duplicates?: number }
  /** Nothing ever happens: no notification; a query keeps answering `pending`. */
  | { readonly kind: 'timeout' };

/** How the next call to an operation fails. `applied` means it took effect but the answer was lost. */
export type SandboxFailure =
  | { readonly kind: 'unavailable'; readonly applied?: boolean }
  | { readonly kind: 'rejected'; readonly code: string; readonly message?: string };

/** Where notifications go: a queue the test or the host drains, instead of an HTTP POST. */
export type NotificationSink = (notification: SignedNotification) => void;

export interface SandboxConfig {
  /** The HMAC secret notifications are signed with. Required: a security option is never defaulted. */
  readonly secret: string;
  readonly clock: Clock;
  readonly deliver: NotificationSink;
  readonly ids?: IdGenerator;
  /**
   * Where the provider's pages are served: the next actions (the Alipay cashier, the UnionPay front endpoint, the
   * 3-D Secure challenge) point under it. A host serving the pages (`@shopstream/express`) gives its own public URL;
   * the default, `https://sandbox.pay.shopstream.test`, is a reserved name that never resolves.
   */
  readonly baseUrl?: string;
  /** The merchant the provider's pages show the customer. Default `ShopStream sandbox merchant`. */
  readonly merchantName?: string;
  /** How far a notification's timestamp may be from now, either way. Default 300 s. */
  readonly toleranceSeconds?: number;
  readonly defaultScenario?: SandboxScenario;
}

export interface SandboxTransaction {
  readonly method: PaymentMethod;
  readonly providerReference: string;
  readonly merchantReference: string;
  readonly orderId: string;
  readonly amount: Money;
  /** The merchant and what is bought, as the provider's page shows them. */
  readonly merchantName: string;
  readonly description: string;
  /** Where the provider sends the customer back after the page, as the shop gave it when it started the payment. */
  readonly returnUrl?: string;
  status: ProviderTransactionStatus;
  captured: number;
  refunded: number;
  declineCode?: string;
  readonly refunds: Map<string, { readonly providerRefundReference: string; readonly amount: number; readonly settled: boolean }>;
  /** Every notification sent about the transaction, oldest first. */
  readonly sent: NotificationBody[];
}

/** What differs between methods; everything else is the shared engine. */
export interface MethodProfile {
  readonly method: PaymentMethod;
  readonly referencePrefix: string;
  nextAction(transaction: SandboxTransaction, request: InitiateRequest, baseUrl: string): NextAction;
  /** The provider answers at once, without waiting for the customer (a card without a challenge). */
  decidesAtOnce(request: InitiateRequest): boolean;
  /** A scenario implied by the request itself, like a test card that always declines. */
  impliedScenario?(request: InitiateRequest): SandboxScenario | undefined;
  /** Success leaves the payment authorised, to be captured by a separate call. */
  readonly manualCapture: boolean;
  /** Refunds are accepted first and settled by a later notification. */
  readonly asyncRefunds: boolean;
}

/** The switches tests and the sandbox pay page use to drive a sandbox provider. */
export interface SandboxControl {
  /** What happens when the customer acts on the attempt with this merchant reference (our attempt id). */
  setScenario(merchantReference: string, scenario: SandboxScenario): void;
  /** The customer completes the pay page, QR scan, form or 3-D Secure challenge: the scenario plays out. */
  act(providerReference: string): SandboxTransaction;
  /** The customer acts with this scenario, whatever was set; also pays a transaction we gave up on (expired, voided), never a declined one. */
  resolve(providerReference: string, scenario: SandboxScenario): SandboxTransaction;
  /** The provider closes the unpaid transaction and says so. */
  expire(providerReference: string): SandboxTransaction;
  /**
   * Sends a notification again, as providers retry until acknowledged: the same notification id with a fresh
   * timestamp and signature. The last one sent about the transaction unless `notificationId` says which.
   */
  redeliver(providerReference: string, notificationId?: string): void;
  /** The next call to `operation` fails this way. */
  failNext(operation: ProviderOperation, failure: SandboxFailure): void;
  /** The next refund is refused (synchronously, or by notification for asynchronous refunds). */
  failNextRefund(reason: string): void;
  transaction(reference: string): SandboxTransaction | undefined;
}

export interface SandboxProvider extends PaymentProvider {
  readonly control: SandboxControl;
}
