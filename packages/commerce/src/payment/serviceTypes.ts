import type { CommandHandler, ConcurrencyConflict, Clock, EventStore, HandleOptions, IdGenerator } from '@shopstream/kernel';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Money } from '../shared/money.js';
import type { PaymentCommand } from './commands.js';
import type { PaymentError } from './errors.js';
import type { PaymentEvent } from './events.js';
import type { CardDetails, NextAction, PaymentMethod, PaymentOutcome } from './model.js';
import type { NotificationHeaders, NotificationRejected, PaymentProvider, ProviderError, ProviderTransactionStatus } from './provider.js';
import type { AttemptState, PaymentState, RefundState } from './state.js';

export interface PaymentServiceConfig {
  readonly store: EventStore;
  readonly providers: Partial<Record<PaymentMethod, PaymentProvider>>;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** How long a customer has to complete an attempt. Default 15 minutes. */
  readonly attemptTtlMs?: number;
  /** Give back double payments (refund, or void an authorisation) as soon as they are seen. Default true. */
  readonly reverseDoublePayments?: boolean;
  /**
   * The payment streams' command handler to share with the processes that command them too (one state cache per
   * stream, so neither decides on a state the other made stale). Default: a handler of the service's own.
   */
  readonly handler?: CommandHandler<PaymentState, PaymentCommand, PaymentEvent, PaymentError>;
}

/** Failures only the service meets: they involve the provider or the order's payments as a whole. */
export type PaymentServiceOnlyError =
  | { readonly _tag: 'NothingToRefund'; readonly orderId: string; readonly requested: Money }
  | { readonly _tag: 'AttemptNotAuthorised'; readonly attemptId: string; readonly status: string };

export type PaymentServiceError = PaymentError | ConcurrencyConflict | ProviderError | NotificationRejected | PaymentServiceOnlyError;

export interface StartPaymentRequest {
  readonly orderId: string;
  readonly method: PaymentMethod;
  readonly amount: Money;
  readonly description: string;
  readonly card?: CardDetails;
  readonly returnUrl?: string;
  /** Give one to make a retried request idempotent; a new id is drawn otherwise. */
  readonly attemptId?: string;
}

export interface StartedPayment {
  readonly attemptId: string;
  readonly providerReference: string;
  readonly nextAction: NextAction;
  /** Set when the provider decided at once (a card without a challenge). */
  readonly outcome?: PaymentOutcome;
}

export type ReversalOutcome =
  | { readonly attemptId: string; readonly reversed: 'refund'; readonly refund: RefundHandled }
  | { readonly attemptId: string; readonly reversed: 'void' }
  | { readonly attemptId: string; readonly error: PaymentServiceError };

export interface NotificationHandled {
  readonly notificationId: string;
  readonly orderId: string;
  /** False for duplicates and for news the payment already knew. */
  readonly changed: boolean;
  readonly events: readonly PaymentEvent[];
  readonly reversals: readonly ReversalOutcome[];
}

export interface RefundRequest {
  readonly orderId: string;
  /** The idempotency key: retrying with the same id never refunds twice. */
  readonly refundId: string;
  readonly amount: Money;
  readonly reason: string;
  /** The attempt to refund; by default the one that paid the order. */
  readonly attemptId?: string;
}

export interface RefundHandled {
  readonly refundId: string;
  readonly attemptId: string;
  /** `requested` means the provider's answer is pending (a notification settles it). */
  readonly status: RefundState['status'] | 'pending';
}

export interface ReconciledAttempt {
  readonly attemptId: string;
  readonly before: AttemptState['status'];
  readonly provider: ProviderTransactionStatus | 'unknown';
  readonly recorded: number;
}

/**
 * How one call runs, as the kernel's `HandleOptions`: `metadata` (correlation id, causation id, actor, trace
 * context) goes on every event the call records, the reversals and refunds it sets off included; `expectedRevision`
 * (an HTTP If-Match on the payment) pins the call's first decision to the revision the caller saw: its first
 * command, or, for a call that asks the provider before it records anything (capture, cancelAttempt), the payment
 * it read, so a stale pin is a ConcurrencyConflict before any provider is asked. Every option is optional.
 */
export type PaymentCallOptions = HandleOptions;

export interface PaymentService {
  startPayment(request: StartPaymentRequest, options?: PaymentCallOptions): Promise<Either<PaymentServiceError, StartedPayment>>;
  /** The events it records name the provider (`integration`, `payment-provider:<method>`) as actor, whatever `options.metadata.actor` says. */
  handleNotification(method: PaymentMethod, rawBody: string, headers: NotificationHeaders, options?: PaymentCallOptions): Promise<Either<PaymentServiceError, NotificationHandled>>;
  capture(orderId: string, attemptId: string, options?: PaymentCallOptions): Promise<Either<PaymentServiceError, PaymentState>>;
  cancelAttempt(orderId: string, attemptId: string, reason: string, options?: PaymentCallOptions): Promise<Either<PaymentServiceError, PaymentState>>;
  /**
   * Voids an attempt whose money the shop no longer wants (the order cancelled, the payment to be reversed), for the
   * processes: like `cancelAttempt`, except that a provider refusing the void (the customer paid meanwhile) does not
   * stop the void being recorded, so the payment it took is flagged for reversal when it is reported. Left
   * `AttemptNotVoidable` for an attempt that already took money or ended otherwise.
   */
  voidAttempt(orderId: string, attemptId: string, reason: string, options?: PaymentCallOptions): Promise<Either<PaymentServiceError, PaymentState>>;
  refund(request: RefundRequest, options?: PaymentCallOptions): Promise<Either<PaymentServiceError, RefundHandled>>;
  /** Reverses every flagged attempt not yet given back; safe to call again. */
  reverseFlagged(orderId: string, options?: PaymentCallOptions): Promise<readonly ReversalOutcome[]>;
  /** Gives up on attempts past their expiry; returns the attempts timed out. */
  timeOutExpiredAttempts(orderId: string, options?: PaymentCallOptions): Promise<Either<PaymentServiceError, readonly string[]>>;
  /** Asks the provider about every attempt it has not settled, and records what it says. */
  reconcile(orderId: string, options?: PaymentCallOptions): Promise<Either<PaymentServiceError, readonly ReconciledAttempt[]>>;
  payment(orderId: string): Promise<PaymentState>;
}
