import { match } from 'ts-pattern';
import type { Money } from '../shared/money.js';
import type { PaymentEvent } from './events.js';
import type { CardDetails, NextAction, OutcomeSource, PaymentMethod, ReversalReason } from './model.js';

export type AttemptStatus =
  | 'initiated'
  | 'action_required'
  | 'failed'
  | 'authorised'
  | 'captured'
  | 'declined'
  | 'expired'
  | 'timed_out'
  | 'voided';

/**
 * Statuses whose outcome the provider has not settled: it may still decline, expire or capture them, so we
 * keep listening and reconciliation asks about them.
 */
export const UNSETTLED_ATTEMPT_STATUSES: readonly AttemptStatus[] = ['initiated', 'action_required', 'failed', 'timed_out'];

export interface AttemptState {
  readonly attemptId: string;
  readonly method: PaymentMethod;
  readonly amount: Money;
  readonly status: AttemptStatus;
  readonly providerReference: string | null;
  readonly nextAction: NextAction | null;
  readonly card: CardDetails | null;
  readonly startedAt: string;
  readonly expiresAt: string;
  readonly authorised: Money;
  readonly captured: Money;
  /** Refunds that succeeded. */
  readonly refunded: Money;
  /** Refunds asked of the provider and not yet answered: reserved, so two refunds cannot both spend them. */
  readonly refundPending: Money;
  readonly reversal: ReversalReason | null;
}

export interface RefundState {
  readonly refundId: string;
  readonly attemptId: string;
  readonly amount: Money;
  readonly reason: string;
  readonly status: 'requested' | 'succeeded' | 'failed';
  readonly providerRefundReference: string | null;
}

export interface OpenPaymentState {
  readonly status: 'open';
  readonly orderId: string;
  readonly currency: string;
  readonly attempts: readonly AttemptState[];
  readonly refunds: readonly RefundState[];
  /** `providerReference:notificationId` of every notification that changed something. */
  readonly notifications: readonly string[];
  /** Order-level totals over all attempts. */
  readonly captured: Money;
  readonly refunded: Money;
}

/** One stream per order (`payment-<orderId>`) holding all its attempts. Plain JSON, so it can be snapshotted. */
export type PaymentState = { readonly status: 'initial' } | OpenPaymentState;

export const initialPaymentState = (): PaymentState => ({ status: 'initial' });

export const isOpen = (state: PaymentState): state is OpenPaymentState => state.status === 'open';

export const notificationKey = (providerReference: string, notificationId: string): string => `${providerReference}:${notificationId}`;

/** The attempt that pays for the order: the first that took or reserved money and is not to be given back. */
export const payingAttempt = (state: OpenPaymentState): AttemptState | undefined =>
  state.attempts.find((a) => a.reversal === null && (a.captured.amount > 0 || a.status === 'authorised' || a.status === 'captured'));

/** What can still be refunded of an attempt. */
export const refundable = (attempt: AttemptState): Money => ({
  amount: attempt.captured.amount - attempt.refunded.amount - attempt.refundPending.amount,
  currency: attempt.captured.currency,
});

// Arithmetic in evolve stays on amounts: the decider refuses foreign currencies, and evolve must not throw.
const plus = (a: Money, b: Money): Money => ({ amount: a.amount + b.amount, currency: a.currency });
const minus = (a: Money, b: Money): Money => ({ amount: a.amount - b.amount, currency: a.currency });

const withAttempt = (state: OpenPaymentState, attemptId: string, change: (attempt: AttemptState) => AttemptState): OpenPaymentState => ({
  ...state,
  attempts: state.attempts.map((a) => (a.attemptId === attemptId ? change(a) : a)),
});

const withRefund = (state: OpenPaymentState, refundId: string, change: (refund: RefundState) => RefundState): OpenPaymentState => ({
  ...state,
  refunds: state.refunds.map((r) => (r.refundId === refundId ? change(r) : r)),
});

const remember = (state: OpenPaymentState, providerReference: string, source: OutcomeSource): OpenPaymentState =>
  source.kind === 'notification' ? { ...state, notifications: [...state.notifications, notificationKey(providerReference, source.notificationId)] } : state;

const referenceOf = (state: OpenPaymentState, attemptId: string): string =>
  state.attempts.find((a) => a.attemptId === attemptId)?.providerReference ?? '';

const evolveOpen = (state: OpenPaymentState, event: PaymentEvent): OpenPaymentState =>
  match(event)
    .with({ type: 'PaymentAttemptStarted' }, ({ data }) => {
      if (state.attempts.some((a) => a.attemptId === data.attemptId)) return state;
      const none = { amount: 0, currency: data.amount.currency };
      const attempt: AttemptState = {
        attemptId: data.attemptId,
        method: data.method,
        amount: data.amount,
        status: 'initiated',
        providerReference: null,
        nextAction: null,
        card: data.card ?? null,
        startedAt: data.startedAt,
        expiresAt: data.expiresAt,
        authorised: none,
        captured: none,
        refunded: none,
        refundPending: none,
        reversal: null,
      };
      return { ...state, attempts: [...state.attempts, attempt] };
    })
    .with({ type: 'PaymentActionRequired' }, ({ data }) =>
      withAttempt(state, data.attemptId, (a) => ({
        ...a,
        status: a.status === 'initiated' || a.status === 'failed' ? 'action_required' : a.status,
        providerReference: data.providerReference,
        nextAction: data.nextAction,
      })),
    )
    .with({ type: 'PaymentInitiationFailed' }, ({ data }) => withAttempt(state, data.attemptId, (a) => ({ ...a, status: 'failed' })))
    .with({ type: 'PaymentAuthorised' }, ({ data }) =>
      remember(
        withAttempt(state, data.attemptId, (a) => ({ ...a, status: 'authorised', providerReference: data.providerReference, authorised: data.amount })),
        data.providerReference,
        data.source,
      ),
    )
    .with({ type: 'PaymentCaptured' }, ({ data }) => {
      const next = withAttempt(state, data.attemptId, (a) => ({ ...a, status: 'captured', providerReference: data.providerReference, captured: plus(a.captured, data.amount) }));
      return remember({ ...next, captured: plus(state.captured, data.amount) }, data.providerReference, data.source);
    })
    .with({ type: 'PaymentDeclined' }, ({ data }) =>
      remember(
        withAttempt(state, data.attemptId, (a) => ({ ...a, status: 'declined', providerReference: data.providerReference })),
        data.providerReference,
        data.source,
      ),
    )
    .with({ type: 'PaymentAttemptExpired' }, ({ data }) =>
      remember(
        withAttempt(state, data.attemptId, (a) => ({ ...a, status: 'expired', providerReference: data.providerReference })),
        data.providerReference,
        data.source,
      ),
    )
    .with({ type: 'PaymentAttemptTimedOut' }, ({ data }) => withAttempt(state, data.attemptId, (a) => ({ ...a, status: 'timed_out' })))
    .with({ type: 'PaymentAttemptVoided' }, ({ data }) => withAttempt(state, data.attemptId, (a) => ({ ...a, status: 'voided' })))
    .with({ type: 'PaymentAttemptFlaggedForReversal' }, ({ data }) => withAttempt(state, data.attemptId, (a) => ({ ...a, reversal: data.reason })))
    .with({ type: 'PaymentRefundRequested' }, ({ data }) => {
      if (state.refunds.some((r) => r.refundId === data.refundId)) return state;
      const next = withAttempt(state, data.attemptId, (a) => ({ ...a, refundPending: plus(a.refundPending, data.amount) }));
      const refund: RefundState = {
        refundId: data.refundId,
        attemptId: data.attemptId,
        amount: data.amount,
        reason: data.reason,
        status: 'requested',
        providerRefundReference: null,
      };
      return { ...next, refunds: [...next.refunds, refund] };
    })
    .with({ type: 'PaymentRefunded' }, ({ data }) => {
      const settled = withAttempt(state, data.attemptId, (a) => ({ ...a, refundPending: minus(a.refundPending, data.amount), refunded: plus(a.refunded, data.amount) }));
      const next = withRefund({ ...settled, refunded: plus(state.refunded, data.amount) }, data.refundId, (r) => ({
        ...r,
        status: 'succeeded',
        providerRefundReference: data.providerRefundReference,
      }));
      return remember(next, referenceOf(state, data.attemptId), data.source);
    })
    .with({ type: 'PaymentRefundFailed' }, ({ data }) => {
      const released = withAttempt(state, data.attemptId, (a) => ({ ...a, refundPending: minus(a.refundPending, data.amount) }));
      return remember(
        withRefund(released, data.refundId, (r) => ({ ...r, status: 'failed' })),
        referenceOf(state, data.attemptId),
        data.source,
      );
    })
    .exhaustive();

/** Total: every event of the union folds; an event before the first attempt starts the stream only if it is a start. */
export const evolvePayment = (state: PaymentState, event: PaymentEvent): PaymentState => {
  if (isOpen(state)) return evolveOpen(state, event);
  if (event.type !== 'PaymentAttemptStarted') return state;
  const none = { amount: 0, currency: event.data.amount.currency };
  const opened: OpenPaymentState = {
    status: 'open',
    orderId: event.data.orderId,
    currency: event.data.amount.currency,
    attempts: [],
    refunds: [],
    notifications: [],
    captured: none,
    refunded: none,
  };
  return evolveOpen(opened, event);
};
