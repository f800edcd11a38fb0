import type { Money } from '../shared/money.js';
import type { AttemptStatus } from './state.js';

/** Every way the payment decider refuses a command, as data. */
export type PaymentError =
  /** The command names another order than the stream holds: a routing fault upstream. */
  | { readonly _tag: 'PaymentOrderMismatch'; readonly orderId: string; readonly commandOrderId: string }
  | { readonly _tag: 'UnknownPaymentAttempt'; readonly orderId: string; readonly attemptId: string }
  | { readonly _tag: 'AttemptIdReused'; readonly attemptId: string }
  /** Another attempt has already taken (or reserved) the customer's money. */
  | { readonly _tag: 'OrderAlreadyPaid'; readonly orderId: string; readonly attemptId: string }
  | { readonly _tag: 'PaymentCurrencyMismatch'; readonly expected: string; readonly received: string }
  | { readonly _tag: 'PaymentAmountNotPositive'; readonly amount: Money }
  | { readonly _tag: 'AttemptExpiryNotInFuture'; readonly expiresAt: string; readonly now: string }
  | { readonly _tag: 'CardDetailsRequired'; readonly attemptId: string }
  | { readonly _tag: 'CardDetailsNotAccepted'; readonly attemptId: string; readonly method: string }
  | { readonly _tag: 'ProviderReferenceMismatch'; readonly attemptId: string; readonly expected: string; readonly received: string }
  | { readonly _tag: 'OutcomeAmountMismatch'; readonly attemptId: string; readonly expected: Money; readonly received: Money }
  | { readonly _tag: 'AttemptNotPending'; readonly attemptId: string; readonly status: AttemptStatus }
  | { readonly _tag: 'AttemptNotExpired'; readonly attemptId: string; readonly expiresAt: string }
  | { readonly _tag: 'AttemptNotVoidable'; readonly attemptId: string; readonly status: AttemptStatus }
  | { readonly _tag: 'RefundIdReused'; readonly refundId: string }
  | { readonly _tag: 'AttemptNotCaptured'; readonly attemptId: string; readonly status: AttemptStatus }
  | { readonly _tag: 'RefundExceedsCaptured'; readonly attemptId: string; readonly requested: Money; readonly refundable: Money }
  | { readonly _tag: 'UnknownRefund'; readonly orderId: string; readonly refundId: string };

export type PaymentErrorTag = PaymentError['_tag'];
