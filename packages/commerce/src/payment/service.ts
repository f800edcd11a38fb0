import { commandHandler, fold, randomIds, systemClock } from '@shopstream/kernel';
import type { Actor, Clock, CommandResult, ConcurrencyConflict, EventStore, IdGenerator } from '@shopstream/kernel';
import * as E from 'fp-ts/Either';
import type { Either } from 'fp-ts/Either';
import type { Money } from '../shared/money.js';
import type { PaymentCommand } from './commands.js';
import { paymentDecider, paymentStream } from './decider.js';
import type { PaymentError } from './errors.js';
import type { PaymentEvent } from './events.js';
import type { CardDetails, NextAction, PaymentMethod, PaymentOutcome } from './model.js';
import type { NotificationHeaders, NotificationRejected, PaymentProvider, ProviderError, ProviderTransactionStatus } from './provider.js';
import { UNSETTLED_ATTEMPT_STATUSES, isOpen, payingAttempt, refundable } from './state.js';
import type { AttemptState, OpenPaymentState, PaymentState, RefundState } from './state.js';

export interface PaymentServiceConfig {
  readonly store: EventStore;
  readonly providers: Partial<Record<PaymentMethod, PaymentProvider>>;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** How long a customer has to complete an attempt. Default 15 minutes. */
  readonly attemptTtlMs?: number;
  /** Give back double payments (refund, or void an authorisation) as soon as they are seen. Default true. */
  readonly reverseDoublePayments?: boolean;
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

export interface PaymentService {
  startPayment(request: StartPaymentRequest): Promise<Either<PaymentServiceError, StartedPayment>>;
  handleNotification(method: PaymentMethod, rawBody: string, headers: NotificationHeaders): Promise<Either<PaymentServiceError, NotificationHandled>>;
  capture(orderId: string, attemptId: string): Promise<Either<PaymentServiceError, PaymentState>>;
  cancelAttempt(orderId: string, attemptId: string, reason: string): Promise<Either<PaymentServiceError, PaymentState>>;
  refund(request: RefundRequest): Promise<Either<PaymentServiceError, RefundHandled>>;
  /** Reverses every flagged attempt not yet given back; safe to call again. */
  reverseFlagged(orderId: string): Promise<readonly ReversalOutcome[]>;
  /** Gives up on attempts past their expiry; returns the attempts timed out. */
  timeOutExpiredAttempts(orderId: string): Promise<Either<PaymentServiceError, readonly string[]>>;
  /** Asks the provider about every attempt it has not settled, and records what it says. */
  reconcile(orderId: string): Promise<Either<PaymentServiceError, readonly ReconciledAttempt[]>>;
  payment(orderId: string): Promise<PaymentState>;
}

const REVERSAL_REASON = 'double payment reversed automatically';

/**
 * Drives providers and the payment aggregate: every provider answer becomes a command, decided and
 * appended through the kernel's command handler, so what the provider said is on the record before the
 * caller hears about it.
 */
export const paymentService = (config: PaymentServiceConfig): PaymentService => {
  const clock = config.clock ?? systemClock;
  const ids = config.ids ?? randomIds;
  const ttl = config.attemptTtlMs ?? 15 * 60_000;
  const reverseAutomatically = config.reverseDoublePayments ?? true;
  const handle = commandHandler({ store: config.store, decider: paymentDecider, clock, ids });

  const run = (orderId: string, command: PaymentCommand, actor?: Actor): Promise<Either<PaymentServiceError, CommandResult<PaymentState, PaymentEvent>>> =>
    handle(paymentStream(orderId), command, actor ? { metadata: { actor } } : {});

  const load = async (orderId: string): Promise<PaymentState> => {
    const events = await config.store.readStream(paymentStream(orderId));
    return fold(
      paymentDecider,
      events.map((e) => ({ type: e.type, data: e.data }) as PaymentEvent),
    );
  };

  const providerFor = (method: PaymentMethod): Either<PaymentServiceError, PaymentProvider> => {
    const provider = config.providers[method];
    return provider ? E.right(provider) : E.left({ _tag: 'ProviderNotConfigured', method });
  };

  const attemptIn = (state: PaymentState, orderId: string, attemptId: string): Either<PaymentServiceError, { payment: OpenPaymentState; attempt: AttemptState }> => {
    const attempt = isOpen(state) ? state.attempts.find((a) => a.attemptId === attemptId) : undefined;
    return isOpen(state) && attempt ? E.right({ payment: state, attempt }) : E.left({ _tag: 'UnknownPaymentAttempt', orderId, attemptId });
  };

  const eventsOf = (result: CommandResult<PaymentState, PaymentEvent>): PaymentEvent[] => result.events.map((e) => ({ type: e.type, data: e.data }) as PaymentEvent);

  const flaggedIn = (events: readonly PaymentEvent[]): string[] =>
    events.flatMap((e) => (e.type === 'PaymentAttemptFlaggedForReversal' ? [e.data.attemptId] : []));

  const refundOnProvider = async (state: OpenPaymentState, refund: RefundState): Promise<Either<PaymentServiceError, RefundHandled>> => {
    const done = (status: RefundHandled['status']): Either<PaymentServiceError, RefundHandled> => E.right({ refundId: refund.refundId, attemptId: refund.attemptId, status });
    if (refund.status !== 'requested') return done(refund.status);
    const attempt = state.attempts.find((a) => a.attemptId === refund.attemptId);
    if (!attempt?.providerReference) return E.left({ _tag: 'UnknownPaymentAttempt', orderId: state.orderId, attemptId: refund.attemptId });
    const provider = providerFor(attempt.method);
    if (E.isLeft(provider)) return provider;
    const answer = await provider.right.refund({ providerReference: attempt.providerReference, refundId: refund.refundId, amount: refund.amount, reason: refund.reason });
    if (E.isLeft(answer)) {
      // No answer: the refund stays requested (its amount reserved) and is retried with the same id.
      if (answer.left._tag !== 'ProviderRejected') return answer;
      const recorded = await run(state.orderId, {
        type: 'RecordPaymentRefundOutcome',
        data: { orderId: state.orderId, refundId: refund.refundId, outcome: { kind: 'failed', reason: `${answer.left.code}: ${answer.left.message}` }, source: { kind: 'response' } },
      });
      return E.isLeft(recorded) ? recorded : done('failed');
    }
    if (answer.right.status === 'pending') return done('pending');
    const recorded = await run(state.orderId, {
      type: 'RecordPaymentRefundOutcome',
      data: { orderId: state.orderId, refundId: refund.refundId, outcome: { kind: 'succeeded', providerRefundReference: answer.right.providerRefundReference }, source: { kind: 'response' } },
    });
    return E.isLeft(recorded) ? recorded : done('succeeded');
  };

  const refund = async (request: RefundRequest): Promise<Either<PaymentServiceError, RefundHandled>> => {
    const state = await load(request.orderId);
    const chosen =
      request.attemptId ??
      (isOpen(state)
        ? (state.refunds.find((r) => r.refundId === request.refundId)?.attemptId ??
          [payingAttempt(state), ...state.attempts].find((a) => a !== undefined && refundable(a).amount >= request.amount.amount)?.attemptId ??
          payingAttempt(state)?.attemptId)
        : undefined);
    if (chosen === undefined) return E.left({ _tag: 'NothingToRefund', orderId: request.orderId, requested: request.amount });
    const requested = await run(request.orderId, {
      type: 'RequestPaymentRefund',
      data: { orderId: request.orderId, refundId: request.refundId, attemptId: chosen, amount: request.amount, reason: request.reason },
    });
    if (E.isLeft(requested)) return requested;
    const after = requested.right.state;
    const recorded = isOpen(after) ? after.refunds.find((r) => r.refundId === request.refundId) : undefined;
    if (!isOpen(after) || !recorded) return E.left({ _tag: 'UnknownRefund', orderId: request.orderId, refundId: request.refundId });
    return refundOnProvider(after, recorded);
  };

  const reverse = async (orderId: string, attemptId: string): Promise<ReversalOutcome> => {
    const state = await load(orderId);
    const found = attemptIn(state, orderId, attemptId);
    if (E.isLeft(found)) return { attemptId, error: found.left };
    const { attempt } = found.right;
    if (attempt.captured.amount > 0) {
      // A fixed refund id per attempt makes the reversal idempotent however often it is retried.
      const refundId = `reversal-${attemptId}`;
      const known = found.right.payment.refunds.find((r) => r.refundId === refundId);
      const amount = known?.amount ?? { amount: attempt.captured.amount - attempt.refunded.amount - attempt.refundPending.amount, currency: attempt.captured.currency };
      const result = await refund({ orderId, refundId, amount, reason: REVERSAL_REASON, attemptId });
      return E.isLeft(result) ? { attemptId, error: result.left } : { attemptId, reversed: 'refund', refund: result.right };
    }
    const voided = await cancelAttempt(orderId, attemptId, REVERSAL_REASON);
    return E.isLeft(voided) ? { attemptId, error: voided.left } : { attemptId, reversed: 'void' };
  };

  const reverseAll = async (orderId: string, attemptIds: readonly string[]): Promise<ReversalOutcome[]> => {
    if (!reverseAutomatically) return [];
    const outcomes: ReversalOutcome[] = [];
    for (const attemptId of attemptIds) outcomes.push(await reverse(orderId, attemptId));
    return outcomes;
  };

  const cancelAttempt = async (orderId: string, attemptId: string, reason: string): Promise<Either<PaymentServiceError, PaymentState>> => {
    const found = attemptIn(await load(orderId), orderId, attemptId);
    if (E.isLeft(found)) return found;
    const { attempt } = found.right;
    const provider = providerFor(attempt.method);
    if (E.isLeft(provider)) return provider;
    // Without a reference (initiate's answer was lost) ask by ours: the transaction may exist all the same.
    let reference = attempt.providerReference;
    if (reference === null) {
      const looked = await provider.right.query({ merchantReference: attemptId });
      if (E.isRight(looked)) reference = looked.right.providerReference;
      else if (looked.left._tag !== 'ProviderRejected') return looked;
    }
    if (reference !== null && attempt.status !== 'voided') {
      const voided = await provider.right.void({ providerReference: reference });
      if (E.isLeft(voided)) return voided;
    }
    const recorded = await run(orderId, { type: 'VoidPaymentAttempt', data: { orderId, attemptId, reason } });
    return E.isLeft(recorded) ? recorded : E.right(recorded.right.state);
  };

  const recordOutcome = async (
    orderId: string,
    attemptId: string,
    providerReference: string,
    outcome: PaymentOutcome,
    source: 'response' | 'query',
  ): Promise<Either<PaymentServiceError, { events: PaymentEvent[]; state: PaymentState; reversals: ReversalOutcome[] }>> => {
    const recorded = await run(orderId, { type: 'RecordPaymentOutcome', data: { orderId, attemptId, providerReference, outcome, source: { kind: source } } });
    if (E.isLeft(recorded)) return recorded;
    const events = eventsOf(recorded.right);
    return E.right({ events, state: recorded.right.state, reversals: await reverseAll(orderId, flaggedIn(events)) });
  };

  return {
    startPayment: async (request) => {
      const provider = providerFor(request.method);
      if (E.isLeft(provider)) return provider;
      const attemptId = request.attemptId ?? ids.next();
      const expiresAt = new Date(clock.now().getTime() + ttl).toISOString();
      const started = await run(request.orderId, {
        type: 'StartPaymentAttempt',
        data: { orderId: request.orderId, attemptId, method: request.method, amount: request.amount, expiresAt, ...(request.card ? { card: request.card } : {}) },
      });
      if (E.isLeft(started)) return started;
      const known = attemptIn(started.right.state, request.orderId, attemptId);
      if (E.isRight(known) && known.right.attempt.providerReference !== null && known.right.attempt.nextAction !== null) {
        // A retry of a start the provider already answered: the same answer, without asking again.
        return E.right({ attemptId, providerReference: known.right.attempt.providerReference, nextAction: known.right.attempt.nextAction });
      }
      const recordedExpiry = E.isRight(known) ? known.right.attempt.expiresAt : expiresAt;
      const initiated = await provider.right.initiate({
        orderId: request.orderId,
        attemptId,
        amount: request.amount,
        description: request.description,
        expiresAt: recordedExpiry,
        ...(request.card ? { card: { token: request.card.token } } : {}),
        ...(request.returnUrl ? { returnUrl: request.returnUrl } : {}),
      });
      if (E.isLeft(initiated)) {
        const reason = initiated.left._tag === 'ProviderRejected' ? `${initiated.left.code}: ${initiated.left.message}` : initiated.left._tag;
        const failed = await run(request.orderId, { type: 'RecordPaymentInitiationFailure', data: { orderId: request.orderId, attemptId, reason } });
        return E.isLeft(failed) ? failed : initiated;
      }
      const { providerReference, nextAction, outcome } = initiated.right;
      const recorded = await run(request.orderId, { type: 'RecordPaymentInitiation', data: { orderId: request.orderId, attemptId, providerReference, nextAction } });
      if (E.isLeft(recorded)) return recorded;
      if (outcome) {
        const decided = await recordOutcome(request.orderId, attemptId, providerReference, outcome, 'response');
        if (E.isLeft(decided)) return decided;
      }
      return E.right({ attemptId, providerReference, nextAction, ...(outcome ? { outcome } : {}) });
    },

    handleNotification: async (method, rawBody, headers) => {
      const provider = providerFor(method);
      if (E.isLeft(provider)) return provider;
      const verified = await provider.right.verifyNotification(rawBody, headers);
      if (E.isLeft(verified)) return verified;
      const n = verified.right;
      const source = { kind: 'notification' as const, notificationId: n.notificationId };
      const command: PaymentCommand =
        n.subject.kind === 'payment'
          ? { type: 'RecordPaymentOutcome', data: { orderId: n.orderId, attemptId: n.merchantReference, providerReference: n.providerReference, outcome: n.subject.outcome, source } }
          : { type: 'RecordPaymentRefundOutcome', data: { orderId: n.orderId, refundId: n.subject.refundId, outcome: n.subject.outcome, source } };
      const recorded = await run(n.orderId, command, { kind: 'integration', id: `payment-provider:${method}` });
      if (E.isLeft(recorded)) return recorded;
      const events = eventsOf(recorded.right);
      return E.right({
        notificationId: n.notificationId,
        orderId: n.orderId,
        changed: events.length > 0,
        events,
        reversals: await reverseAll(n.orderId, flaggedIn(events)),
      });
    },

    capture: async (orderId, attemptId) => {
      const found = attemptIn(await load(orderId), orderId, attemptId);
      if (E.isLeft(found)) return found;
      const { attempt } = found.right;
      if (attempt.status === 'captured') return E.right(found.right.payment);
      if (attempt.status !== 'authorised' || attempt.providerReference === null) return E.left({ _tag: 'AttemptNotAuthorised', attemptId, status: attempt.status });
      const provider = providerFor(attempt.method);
      if (E.isLeft(provider)) return provider;
      const captured = await provider.right.capture({ providerReference: attempt.providerReference, amount: attempt.amount });
      if (E.isLeft(captured)) return captured;
      const recorded = await recordOutcome(orderId, attemptId, attempt.providerReference, captured.right.outcome, 'response');
      return E.isLeft(recorded) ? recorded : E.right(recorded.right.state);
    },

    cancelAttempt,
    refund,

    reverseFlagged: async (orderId) => {
      const state = await load(orderId);
      if (!isOpen(state)) return [];
      const owed = state.attempts.filter((a) => a.reversal !== null && (refundable(a).amount > 0 || a.status === 'authorised' || state.refunds.some((r) => r.attemptId === a.attemptId && r.status === 'requested')));
      const outcomes: ReversalOutcome[] = [];
      for (const attempt of owed) outcomes.push(await reverse(orderId, attempt.attemptId));
      return outcomes;
    },

    timeOutExpiredAttempts: async (orderId) => {
      const state = await load(orderId);
      if (!isOpen(state)) return E.right([]);
      const now = clock.now().getTime();
      const expired = state.attempts.filter((a) => (a.status === 'initiated' || a.status === 'action_required') && Date.parse(a.expiresAt) <= now);
      const timedOut: string[] = [];
      for (const attempt of expired) {
        const recorded = await run(orderId, { type: 'TimeOutPaymentAttempt', data: { orderId, attemptId: attempt.attemptId } });
        if (E.isLeft(recorded)) return recorded;
        if (recorded.right.events.length > 0) timedOut.push(attempt.attemptId);
      }
      return E.right(timedOut);
    },

    reconcile: async (orderId) => {
      const state = await load(orderId);
      if (!isOpen(state)) return E.right([]);
      const report: ReconciledAttempt[] = [];
      for (const attempt of state.attempts.filter((a) => UNSETTLED_ATTEMPT_STATUSES.includes(a.status) || a.status === 'authorised')) {
        const provider = providerFor(attempt.method);
        if (E.isLeft(provider)) return provider;
        const looked = await provider.right.query({ merchantReference: attempt.attemptId });
        if (E.isLeft(looked)) {
          // The provider never heard of it: initiate failed before it created anything.
          if (looked.left._tag === 'ProviderRejected') {
            report.push({ attemptId: attempt.attemptId, before: attempt.status, provider: 'unknown', recorded: 0 });
            continue;
          }
          return looked;
        }
        const t = looked.right;
        const outcome: PaymentOutcome | 'voided' | null =
          t.status === 'captured'
            ? { kind: 'captured', amount: t.amount }
            : t.status === 'authorised'
              ? { kind: 'authorised', amount: t.amount }
              : t.status === 'declined'
                ? { kind: 'declined', code: t.declineCode ?? 'declined' }
                : t.status === 'expired'
                  ? { kind: 'expired' }
                  : t.status === 'voided'
                    ? 'voided'
                    : null;
        let recordedCount = 0;
        if (outcome === 'voided') {
          const recorded = await run(orderId, { type: 'VoidPaymentAttempt', data: { orderId, attemptId: attempt.attemptId, reason: 'voided at the provider' } });
          if (E.isLeft(recorded)) return recorded;
          recordedCount = recorded.right.events.length;
        } else if (outcome !== null) {
          const recorded = await recordOutcome(orderId, attempt.attemptId, t.providerReference, outcome, 'query');
          if (E.isLeft(recorded)) return recorded;
          recordedCount = recorded.right.events.length;
        }
        report.push({ attemptId: attempt.attemptId, before: attempt.status, provider: t.status, recorded: recordedCount });
      }
      return E.right(report);
    },

    payment: load,
  };
};
