import type { Either } from 'fp-ts/lib/Either.js';
import type { Money } from '../shared/money.js';
import type { NextAction, PaymentMethod, PaymentOutcome, RefundOutcome } from './model.js';

/**
 * The port every payment provider (Alipay, WeChat Pay, UnionPay, a card gateway, or their sandboxes)
 * implements. Calls answer with values: a provider that is down or refuses is an expected failure, not an
 * exception. Every call is safe to retry with the same references, as the real providers' APIs are.
 */
export interface PaymentProvider {
  readonly method: PaymentMethod;
  initiate(request: InitiateRequest): Promise<Either<ProviderError, InitiateResult>>;
  /** Captures an authorised card payment in full. */
  capture(request: CaptureRequest): Promise<Either<ProviderError, { readonly outcome: Extract<PaymentOutcome, { kind: 'captured' }> }>>;
  /** Refunds part or all of a captured payment. `refundId` is the idempotency key (Alipay's out_request_no). */
  refund(request: RefundRequest): Promise<Either<ProviderError, RefundResult>>;
  /** Cancels an unpaid transaction or releases an authorisation, so the customer can no longer pay it. */
  void(request: { readonly providerReference: string }): Promise<Either<ProviderError, { readonly voided: true }>>;
  /** The provider's view of a transaction, by our reference (works even when initiate's answer was lost). */
  query(request: { readonly merchantReference: string }): Promise<Either<ProviderError, ProviderTransaction>>;
  /** Checks a notification's signature and freshness and reads it. Never trust a notification that fails. */
  verifyNotification(rawBody: string, headers: NotificationHeaders): Promise<Either<NotificationRejected, ProviderNotification>>;
}

export interface InitiateRequest {
  readonly orderId: string;
  /** Our reference for the transaction (out_trade_no); the provider echoes it in notifications. */
  readonly attemptId: string;
  readonly amount: Money;
  readonly description: string;
  /** When the provider should stop accepting payment. */
  readonly expiresAt: string;
  readonly card?: { readonly token: string };
  /** Where the provider sends the customer back after paying (redirect methods). */
  readonly returnUrl?: string;
}

export interface InitiateResult {
  readonly providerReference: string;
  readonly nextAction: NextAction;
  /** Present when the provider decided at once (a card without a challenge). A notification follows anyway. */
  readonly outcome?: PaymentOutcome;
}

export interface CaptureRequest {
  readonly providerReference: string;
  readonly amount: Money;
}

export interface RefundRequest {
  readonly providerReference: string;
  readonly refundId: string;
  readonly amount: Money;
  readonly reason: string;
}

/** A refund either settles at once or is accepted and settled later by a notification (WeChat Pay). */
export type RefundResult =
  | { readonly status: 'succeeded'; readonly providerRefundReference: string }
  | { readonly status: 'pending'; readonly providerRefundReference: string };

export type ProviderTransactionStatus = 'pending' | 'authorised' | 'captured' | 'declined' | 'expired' | 'voided';

export interface ProviderTransaction {
  readonly providerReference: string;
  readonly merchantReference: string;
  readonly status: ProviderTransactionStatus;
  readonly amount: Money;
  readonly captured: Money;
  readonly refunded: Money;
  readonly declineCode?: string;
}

export type ProviderOperation = 'initiate' | 'capture' | 'refund' | 'void' | 'query';

export type ProviderError =
  /** No answer in time, or the provider is down: the call may or may not have taken effect. Retry or query. */
  | { readonly _tag: 'ProviderUnavailable'; readonly operation: ProviderOperation; readonly detail: string }
  /** The provider answered no (an unknown transaction, a refund above what it holds, a bad request). */
  | { readonly _tag: 'ProviderRejected'; readonly operation: ProviderOperation; readonly code: string; readonly message: string }
  /** No provider is configured for the method. */
  | { readonly _tag: 'ProviderNotConfigured'; readonly method: PaymentMethod };

/** Header names as received; lookups are case-insensitive. */
export type NotificationHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface NotificationRejected {
  readonly _tag: 'NotificationRejected';
  readonly reason: 'missing_signature' | 'bad_signature' | 'stale_timestamp' | 'malformed_body' | 'wrong_method';
  readonly detail: string;
}

/** A verified notification, in our terms. */
export interface ProviderNotification {
  readonly notificationId: string;
  readonly method: PaymentMethod;
  readonly providerReference: string;
  /** Our attempt id, echoed back. */
  readonly merchantReference: string;
  /** Our order id, echoed back (passback_params, attach, reqReserved): it names the payment stream. */
  readonly orderId: string;
  readonly occurredAt: string;
  readonly subject:
    | { readonly kind: 'payment'; readonly outcome: PaymentOutcome }
    | { readonly kind: 'refund'; readonly refundId: string; readonly outcome: RefundOutcome };
}

/** Looks a header up regardless of case, as HTTP header names are case-insensitive. */
export const headerValue = (headers: NotificationHeaders, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value[0];
  }
  return undefined;
};
