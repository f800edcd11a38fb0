import type { Notification } from '@shopstream/commerce/identity';
import type { PaymentMethod, SandboxProvider, SandboxTransaction } from '@shopstream/commerce/payment';
import type { SandboxCarrier, SandboxScenario as DeliveryScenario } from '@shopstream/commerce/shipping';
import type { RequestMetadata } from '../call.js';

/**
 * The request a sandbox action serves: the events the provider's notification or the carrier's pushes record
 * carry its correlation, causation and trace (the provider or carrier is their actor, whatever `actor` says).
 * Without it, a payment notification continues the chain of the payment attempt it answers (caused by its
 * `PaymentAttemptStarted`), and each carrier push starts a correlation of its own, as a webhook without a request
 * id does.
 */
export interface SandboxCallOptions {
  readonly metadata?: RequestMetadata;
}

/** Driving the sandbox providers, carrier and outbox by hand: the customer's side of a payment, time for parcels. */
export interface ShopSandbox {
  readonly payments: {
    /** Whether the shop runs the sandbox payment providers (no `providers` given): the rest of `payments` needs them. */
    readonly runs: boolean;
    /** The sandbox transaction with this provider (or merchant) reference, whichever sandbox issued it. */
    transaction(reference: string): SandboxTransaction | undefined;
    /** The customer pays on the provider's page; the notification is handled and the processes settle. */
    complete(providerReference: string, options?: SandboxCallOptions): Promise<SandboxTransaction>;
    decline(providerReference: string, code?: string, options?: SandboxCallOptions): Promise<SandboxTransaction>;
    /** The customer never acts: no notification ever comes. */
    timeOut(providerReference: string): Promise<SandboxTransaction>;
    /** The provider closes the unpaid transaction and says so. */
    expire(providerReference: string, options?: SandboxCallOptions): Promise<SandboxTransaction>;
    /** Hands every queued provider notification to the payment webhook handler; returns how many. */
    deliverNotifications(): Promise<number>;
    provider(method: PaymentMethod): SandboxProvider;
  };
  readonly carrier: {
    /** Whether the shop runs the sandbox carrier (no `carrier` given): the rest of `carrier` needs it. */
    readonly runs: boolean;
    /** Moves carrier time on; every tracking push due is handed to the carrier webhook handler; returns how many. */
    advance(ms: number, options?: SandboxCallOptions): Promise<number>;
    /** Hands the pushes due by now to the webhook handler. */
    tick(options?: SandboxCallOptions): Promise<number>;
    /** The scenario of the next booking for this shipment id (set before shipping). */
    setScenario(shipmentId: string, scenario: DeliveryScenario): void;
    readonly control: SandboxCarrier;
  };
  readonly outbox: {
    /** Whether the shop runs the in-memory outbox (no `notifier` given): the rest of `outbox` needs it. */
    readonly runs: boolean;
    readonly sent: readonly Notification[];
    /** The last verification or reset code sent to a contact, as typed by the customer; null if none. */
    codeSentTo(contact: string): string | null;
  };
}
