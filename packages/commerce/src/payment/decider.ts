import { streamName } from '@shopstream/kernel';
import type { Decider, DecisionContext } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import type { PaymentCommand } from './commands.js';
import type { PaymentError } from './errors.js';
import type { PaymentEvent } from './events.js';
import { UNSETTLED_ATTEMPT_STATUSES, evolvePayment, initialPaymentState, isOpen, notificationKey, payingAttempt, refundable } from './state.js';
import type { AttemptState, OpenPaymentState, PaymentState } from './state.js';

type Decision = Either<PaymentError, readonly PaymentEvent[]>;
type Data<T extends PaymentCommand['type']> = Extract<PaymentCommand, { type: T }>['data'];

const unchanged: Decision = E.right([]);

const isUnsettled = (attempt: AttemptState): boolean => UNSETTLED_ATTEMPT_STATUSES.includes(attempt.status);

const opened = (state: PaymentState, orderId: string): Either<PaymentError, OpenPaymentState | null> => {
  if (!isOpen(state)) return E.right(null);
  if (state.orderId !== orderId) return E.left({ _tag: 'PaymentOrderMismatch', orderId: state.orderId, commandOrderId: orderId });
  return E.right(state);
};

const attemptOf = (state: PaymentState, orderId: string, attemptId: string): Either<PaymentError, { payment: OpenPaymentState; attempt: AttemptState }> => {
  const found = opened(state, orderId);
  if (E.isLeft(found)) return found;
  const attempt = found.right?.attempts.find((a) => a.attemptId === attemptId);
  if (!found.right || !attempt) return E.left({ _tag: 'UnknownPaymentAttempt', orderId, attemptId });
  return E.right({ payment: found.right, attempt });
};

const sameCard = (a: AttemptState['card'], b: Data<'StartPaymentAttempt'>['card']): boolean =>
  (a === null && b === undefined) || (a !== null && b !== undefined && a.token === b.token && a.brand === b.brand && a.last4 === b.last4);

const startAttempt = (data: Data<'StartPaymentAttempt'>, state: PaymentState, { now }: DecisionContext): Decision => {
  const found = opened(state, data.orderId);
  if (E.isLeft(found)) return found;
  const payment = found.right;
  const earlier = payment?.attempts.find((a) => a.attemptId === data.attemptId);
  if (earlier) {
    const same = earlier.method === data.method && earlier.amount.amount === data.amount.amount && earlier.amount.currency === data.amount.currency && sameCard(earlier.card, data.card);
    return same ? unchanged : E.left({ _tag: 'AttemptIdReused', attemptId: data.attemptId });
  }
  const paying = payment ? payingAttempt(payment) : undefined;
  if (paying) return E.left({ _tag: 'OrderAlreadyPaid', orderId: data.orderId, attemptId: paying.attemptId });
  if (payment && payment.currency !== data.amount.currency) {
    return E.left({ _tag: 'PaymentCurrencyMismatch', expected: payment.currency, received: data.amount.currency });
  }
  if (data.amount.amount <= 0) return E.left({ _tag: 'PaymentAmountNotPositive', amount: data.amount });
  if (new Date(data.expiresAt).getTime() <= now.getTime()) {
    return E.left({ _tag: 'AttemptExpiryNotInFuture', expiresAt: data.expiresAt, now: now.toISOString() });
  }
  if (data.method === 'card' && !data.card) return E.left({ _tag: 'CardDetailsRequired', attemptId: data.attemptId });
  if (data.method !== 'card' && data.card) return E.left({ _tag: 'CardDetailsNotAccepted', attemptId: data.attemptId, method: data.method });
  return E.right([
    {
      type: 'PaymentAttemptStarted',
      data: {
        orderId: data.orderId,
        attemptId: data.attemptId,
        method: data.method,
        amount: data.amount,
        ...(data.card ? { card: data.card } : {}),
        startedAt: now.toISOString(),
        expiresAt: data.expiresAt,
      },
    },
  ]);
};

const checkReference = (attempt: AttemptState, providerReference: string): Either<PaymentError, AttemptState> =>
  attempt.providerReference !== null && attempt.providerReference !== providerReference
    ? E.left({ _tag: 'ProviderReferenceMismatch', attemptId: attempt.attemptId, expected: attempt.providerReference, received: providerReference })
    : E.right(attempt);

const recordInitiation = (data: Data<'RecordPaymentInitiation'>, state: PaymentState): Decision => {
  const found = attemptOf(state, data.orderId, data.attemptId);
  if (E.isLeft(found)) return found;
  const { attempt } = found.right;
  const reference = checkReference(attempt, data.providerReference);
  if (E.isLeft(reference)) return reference;
  // A notification may overtake the provider's answer to initiate; once the attempt has moved on, the action is
  // moot. A failed initiate may be retried, and then succeed.
  if (attempt.status !== 'initiated' && attempt.status !== 'failed') return unchanged;
  return E.right([
    { type: 'PaymentActionRequired', data: { orderId: data.orderId, attemptId: data.attemptId, providerReference: data.providerReference, nextAction: data.nextAction } },
  ]);
};

const recordInitiationFailure = (data: Data<'RecordPaymentInitiationFailure'>, state: PaymentState, { now }: DecisionContext): Decision => {
  const found = attemptOf(state, data.orderId, data.attemptId);
  if (E.isLeft(found)) return found;
  const { attempt } = found.right;
  if (attempt.status === 'failed') return unchanged;
  if (attempt.status !== 'initiated') return E.left({ _tag: 'AttemptNotPending', attemptId: attempt.attemptId, status: attempt.status });
  return E.right([{ type: 'PaymentInitiationFailed', data: { orderId: data.orderId, attemptId: data.attemptId, reason: data.reason, failedAt: now.toISOString() } }]);
};

const recordOutcome = (data: Data<'RecordPaymentOutcome'>, state: PaymentState, { now }: DecisionContext): Decision => {
  const found = attemptOf(state, data.orderId, data.attemptId);
  if (E.isLeft(found)) return found;
  const { payment, attempt } = found.right;
  if (data.source.kind === 'notification' && payment.notifications.includes(notificationKey(data.providerReference, data.source.notificationId))) {
    return unchanged;
  }
  const reference = checkReference(attempt, data.providerReference);
  if (E.isLeft(reference)) return reference;
  const at = now.toISOString();
  const base = { orderId: data.orderId, attemptId: data.attemptId, providerReference: data.providerReference, source: data.source };

  return match(data.outcome)
    .with({ kind: 'captured' }, { kind: 'authorised' }, (outcome): Decision => {
      if (outcome.amount.amount !== attempt.amount.amount || outcome.amount.currency !== attempt.amount.currency) {
        return E.left({ _tag: 'OutcomeAmountMismatch', attemptId: attempt.attemptId, expected: attempt.amount, received: outcome.amount });
      }
      // Money already taken is never taken twice; an authorisation after the capture is stale news.
      if (attempt.status === 'captured' || (outcome.kind === 'authorised' && attempt.status === 'authorised')) return unchanged;
      const paying = payingAttempt(payment);
      const reversal =
        attempt.status === 'voided' ? ('paid_after_void' as const) : paying && paying.attemptId !== attempt.attemptId ? ('double_payment' as const) : null;
      const recorded: PaymentEvent =
        outcome.kind === 'captured'
          ? { type: 'PaymentCaptured', data: { ...base, amount: outcome.amount, capturedAt: at } }
          : { type: 'PaymentAuthorised', data: { ...base, amount: outcome.amount, authorisedAt: at } };
      // An attempt already flagged keeps its first flag; its capture after authorisation needs no second one.
      if (reversal === null || attempt.reversal !== null) return E.right([recorded]);
      return E.right([
        recorded,
        { type: 'PaymentAttemptFlaggedForReversal', data: { orderId: data.orderId, attemptId: attempt.attemptId, reason: reversal, amount: outcome.amount, flaggedAt: at } },
      ]);
    })
    .with({ kind: 'declined' }, (outcome): Decision => {
      if (!isUnsettled(attempt)) return unchanged;
      return E.right([
        {
          type: 'PaymentDeclined',
          data: { ...base, code: outcome.code, ...(outcome.message === undefined ? {} : { message: outcome.message }), declinedAt: at },
        },
      ]);
    })
    .with({ kind: 'expired' }, (): Decision => (isUnsettled(attempt) ? E.right([{ type: 'PaymentAttemptExpired', data: { ...base, expiredAt: at } }]) : unchanged))
    .exhaustive();
};

const timeOut = (data: Data<'TimeOutPaymentAttempt'>, state: PaymentState, { now }: DecisionContext): Decision => {
  const found = attemptOf(state, data.orderId, data.attemptId);
  if (E.isLeft(found)) return found;
  const { attempt } = found.right;
  if (attempt.status === 'timed_out') return unchanged;
  if (attempt.status !== 'initiated' && attempt.status !== 'action_required') {
    return E.left({ _tag: 'AttemptNotPending', attemptId: attempt.attemptId, status: attempt.status });
  }
  if (now.getTime() < new Date(attempt.expiresAt).getTime()) return E.left({ _tag: 'AttemptNotExpired', attemptId: attempt.attemptId, expiresAt: attempt.expiresAt });
  return E.right([{ type: 'PaymentAttemptTimedOut', data: { orderId: data.orderId, attemptId: data.attemptId, timedOutAt: now.toISOString() } }]);
};

const voidAttempt = (data: Data<'VoidPaymentAttempt'>, state: PaymentState, { now }: DecisionContext): Decision => {
  const found = attemptOf(state, data.orderId, data.attemptId);
  if (E.isLeft(found)) return found;
  const { attempt } = found.right;
  if (attempt.status === 'voided') return unchanged;
  if (attempt.status === 'captured' || attempt.status === 'declined' || attempt.status === 'expired') {
    return E.left({ _tag: 'AttemptNotVoidable', attemptId: attempt.attemptId, status: attempt.status });
  }
  return E.right([{ type: 'PaymentAttemptVoided', data: { orderId: data.orderId, attemptId: data.attemptId, reason: data.reason, voidedAt: now.toISOString() } }]);
};

const requestRefund = (data: Data<'RequestPaymentRefund'>, state: PaymentState, { now }: DecisionContext): Decision => {
  const found = attemptOf(state, data.orderId, data.attemptId);
  if (E.isLeft(found)) return found;
  const { payment, attempt } = found.right;
  const earlier = payment.refunds.find((r) => r.refundId === data.refundId);
  if (earlier) {
    const same = earlier.attemptId === data.attemptId && earlier.amount.amount === data.amount.amount && earlier.amount.currency === data.amount.currency;
    return same ? unchanged : E.left({ _tag: 'RefundIdReused', refundId: data.refundId });
  }
  if (data.amount.currency !== payment.currency) return E.left({ _tag: 'PaymentCurrencyMismatch', expected: payment.currency, received: data.amount.currency });
  if (data.amount.amount <= 0) return E.left({ _tag: 'PaymentAmountNotPositive', amount: data.amount });
  if (attempt.captured.amount === 0) return E.left({ _tag: 'AttemptNotCaptured', attemptId: attempt.attemptId, status: attempt.status });
  const left = refundable(attempt);
  if (data.amount.amount > left.amount) return E.left({ _tag: 'RefundExceedsCaptured', attemptId: attempt.attemptId, requested: data.amount, refundable: left });
  return E.right([
    {
      type: 'PaymentRefundRequested',
      data: { orderId: data.orderId, refundId: data.refundId, attemptId: data.attemptId, amount: data.amount, reason: data.reason, requestedAt: now.toISOString() },
    },
  ]);
};

const recordRefundOutcome = (data: Data<'RecordPaymentRefundOutcome'>, state: PaymentState, { now }: DecisionContext): Decision => {
  const found = opened(state, data.orderId);
  if (E.isLeft(found)) return found;
  const payment = found.right;
  const refund = payment?.refunds.find((r) => r.refundId === data.refundId);
  if (!payment || !refund) return E.left({ _tag: 'UnknownRefund', orderId: data.orderId, refundId: data.refundId });
  // The first answer about a refund is final; retries and late duplicates change nothing.
  if (refund.status !== 'requested') return unchanged;
  const base = { orderId: data.orderId, refundId: refund.refundId, attemptId: refund.attemptId, amount: refund.amount, source: data.source };
  const at = now.toISOString();
  return E.right([
    data.outcome.kind === 'succeeded'
      ? { type: 'PaymentRefunded', data: { ...base, providerRefundReference: data.outcome.providerRefundReference, refundedAt: at } }
      : { type: 'PaymentRefundFailed', data: { ...base, reason: data.outcome.reason, failedAt: at } },
  ]);
};

const decidePayment = (command: PaymentCommand, state: PaymentState, context: DecisionContext): Decision =>
  match(command)
    .with({ type: 'StartPaymentAttempt' }, ({ data }) => startAttempt(data, state, context))
    .with({ type: 'RecordPaymentInitiation' }, ({ data }) => recordInitiation(data, state))
    .with({ type: 'RecordPaymentInitiationFailure' }, ({ data }) => recordInitiationFailure(data, state, context))
    .with({ type: 'RecordPaymentOutcome' }, ({ data }) => recordOutcome(data, state, context))
    .with({ type: 'TimeOutPaymentAttempt' }, ({ data }) => timeOut(data, state, context))
    .with({ type: 'VoidPaymentAttempt' }, ({ data }) => voidAttempt(data, state, context))
    .with({ type: 'RequestPaymentRefund' }, ({ data }) => requestRefund(data, state, context))
    .with({ type: 'RecordPaymentRefundOutcome' }, ({ data }) => recordRefundOutcome(data, state, context))
    .exhaustive();

/** The payment aggregate: one stream per order holding every attempt, so double payments are seen in one place. */
export const paymentDecider: Decider<PaymentState, PaymentCommand, PaymentEvent, PaymentError> = {
  initialState: initialPaymentState,
  evolve: evolvePayment,
  decide: decidePayment,
};

export const paymentStream = (orderId: string): string => streamName('payment', orderId);
