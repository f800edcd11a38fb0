import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { PaymentEvent } from './events.js';
import type { PaymentOutcome } from './model.js';
import { isReversalOf } from './refundIds.js';
import { attemptIn, eventsOf, flaggedIn } from './serviceContext.js';
import type { Call, ServiceContext } from './serviceContext.js';
import type { PaymentServiceError, RefundHandled, RefundRequest, ReversalOutcome } from './serviceTypes.js';
import { isOpen, payingAttempt, refundable } from './state.js';
import type { OpenPaymentState, PaymentState, RefundState } from './state.js';

const REVERSAL_REASON = 'double payment reversed automatically';

/** Every operation runs for one caller's call (`Call`): its metadata goes on every command, the reversals' too. */
export interface MoneyBack {
  readonly refund: (request: RefundRequest, call: Call) => Promise<Either<PaymentServiceError, RefundHandled>>;
  /**
   * Voids the attempt with the provider, then on the record. `whenRefused`: `refuse` answers the provider's refusal
   * and records nothing; `void` records the void all the same (a process that no longer wants the money: a payment
   * the provider took meanwhile is then flagged for reversal when it is reported).
   */
  readonly cancelAttempt: (orderId: string, attemptId: string, reason: string, call: Call, whenRefused?: 'refuse' | 'void') => Promise<Either<PaymentServiceError, PaymentState>>;
  readonly reverseFlagged: (orderId: string, call: Call) => Promise<ReversalOutcome[]>;
  /** Records an outcome the provider gave in an answer or a query, and reverses the attempt if it was flagged. */
  readonly recordOutcome: (
    orderId: string,
    attemptId: string,
    providerReference: string,
    outcome: PaymentOutcome,
    source: 'response' | 'query',
    call: Call,
  ) => Promise<Either<PaymentServiceError, { events: PaymentEvent[]; state: PaymentState; reversals: ReversalOutcome[] }>>;
  readonly reverseAll: (orderId: string, attemptIds: readonly string[], call: Call) => Promise<ReversalOutcome[]>;
}

/**
 * Refunds, voids and the automatic reversal of double payments. A refund reserves its amount on the record
 * before the provider is asked, so that two refunds racing cannot both spend the same money.
 */
export const moneyBack = (context: ServiceContext): MoneyBack => {
  const { run, load, current, providerFor } = context;
  const reverseAutomatically = context.config.reverseDoublePayments ?? true;

  const refundOnProvider = async (state: OpenPaymentState, refund: RefundState, call: Call): Promise<Either<PaymentServiceError, RefundHandled>> => {
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
      const recorded = await run(
        state.orderId,
        {
          type: 'RecordPaymentRefundOutcome',
          data: { orderId: state.orderId, refundId: refund.refundId, outcome: { kind: 'failed', reason: `${answer.left.code}: ${answer.left.message}` }, source: { kind: 'response' } },
        },
        call,
      );
      return E.isLeft(recorded) ? recorded : done('failed');
    }
    if (answer.right.status === 'pending') return done('pending');
    const recorded = await run(
      state.orderId,
      {
        type: 'RecordPaymentRefundOutcome',
        data: { orderId: state.orderId, refundId: refund.refundId, outcome: { kind: 'succeeded', providerRefundReference: answer.right.providerRefundReference }, source: { kind: 'response' } },
      },
      call,
    );
    return E.isLeft(recorded) ? recorded : done('succeeded');
  };

  const refund = async (request: RefundRequest, call: Call): Promise<Either<PaymentServiceError, RefundHandled>> => {
    const state = await load(request.orderId);
    const chosen =
      request.attemptId ??
      (isOpen(state)
        ? (state.refunds.find((r) => r.refundId === request.refundId)?.attemptId ??
          // An attempt flagged for reversal (a second payment, one paid after its void) is owed back whole by its
          // reversal: a refund drawn from it would give the customer nothing more.
          [payingAttempt(state), ...state.attempts.filter((a) => a.reversal === null)].find((a) => a !== undefined && refundable(a).amount >= request.amount.amount)?.attemptId ??
          payingAttempt(state)?.attemptId)
        : undefined);
    if (chosen === undefined) return E.left({ _tag: 'NothingToRefund', orderId: request.orderId, requested: request.amount });
    // The first command, before the provider is asked: a pinned call decides here on the revision its caller saw.
    const requested = await run(
      request.orderId,
      { type: 'RequestPaymentRefund', data: { orderId: request.orderId, refundId: request.refundId, attemptId: chosen, amount: request.amount, reason: request.reason } },
      call,
    );
    if (E.isLeft(requested)) return requested;
    const after = requested.right.state;
    const recorded = isOpen(after) ? after.refunds.find((r) => r.refundId === request.refundId) : undefined;
    if (!isOpen(after) || !recorded) return E.left({ _tag: 'UnknownRefund', orderId: request.orderId, refundId: request.refundId });
    return refundOnProvider(after, recorded, call);
  };

  const reverse = async (orderId: string, attemptId: string, call: Call): Promise<ReversalOutcome> => {
    const state = await load(orderId);
    const found = attemptIn(state, orderId, attemptId);
    if (E.isLeft(found)) return { attemptId, error: found.left };
    const { attempt } = found.right;
    if (attempt.captured.amount > 0) {
      // The refund id follows from the record, so the reversal is idempotent however often it is retried: the
      // first try's id, then, after each try the provider refused (recorded as failed), the next one.
      const refused = found.right.payment.refunds.filter((r) => r.attemptId === attemptId && isReversalOf(r.refundId, attemptId) && r.status === 'failed').length;
      const refundId = refused === 0 ? `reversal-${attemptId}` : `reversal-${attemptId}-${refused + 1}`;
      const known = found.right.payment.refunds.find((r) => r.refundId === refundId);
      const amount = known?.amount ?? { amount: attempt.captured.amount - attempt.refunded.amount - attempt.refundPending.amount, currency: attempt.captured.currency };
      const result = await refund({ orderId, refundId, amount, reason: REVERSAL_REASON, attemptId }, call);
      return E.isLeft(result) ? { attemptId, error: result.left } : { attemptId, reversed: 'refund', refund: result.right };
    }
    const voided = await cancelAttempt(orderId, attemptId, REVERSAL_REASON, call);
    return E.isLeft(voided) ? { attemptId, error: voided.left } : { attemptId, reversed: 'void' };
  };

  const reverseAll = async (orderId: string, attemptIds: readonly string[], call: Call): Promise<ReversalOutcome[]> => {
    if (!reverseAutomatically) return [];
    const outcomes: ReversalOutcome[] = [];
    for (const attemptId of attemptIds) outcomes.push(await reverse(orderId, attemptId, call));
    return outcomes;
  };

  const cancelAttempt = async (orderId: string, attemptId: string, reason: string, call: Call, whenRefused: 'refuse' | 'void' = 'refuse'): Promise<Either<PaymentServiceError, PaymentState>> => {
    const { state, revision } = await current(orderId);
    const found = attemptIn(state, orderId, attemptId);
    if (E.isLeft(found)) return found;
    const { attempt } = found.right;
    const provider = providerFor(attempt.method);
    if (E.isLeft(provider)) return provider;
    // The provider is asked before anything is recorded: a stale pin stops the call here.
    const stale = call.stale(orderId, revision);
    if (stale !== null) return E.left(stale);
    // Without a reference (initiate's answer was lost) ask by ours: the transaction may exist all the same.
    let reference = attempt.providerReference;
    if (reference === null) {
      const looked = await provider.right.query({ merchantReference: attemptId });
      if (E.isRight(looked)) reference = looked.right.providerReference;
      else if (looked.left._tag !== 'ProviderRejected') return looked;
    }
    if (reference !== null && attempt.status !== 'voided') {
      const voided = await provider.right.void({ providerReference: reference });
      if (E.isLeft(voided) && (whenRefused === 'refuse' || voided.left._tag !== 'ProviderRejected')) return voided;
    }
    const recorded = await run(orderId, { type: 'VoidPaymentAttempt', data: { orderId, attemptId, reason } }, call);
    return E.isLeft(recorded) ? recorded : E.right(recorded.right.state);
  };

  const recordOutcome: MoneyBack['recordOutcome'] = async (orderId, attemptId, providerReference, outcome, source, call) => {
    const recorded = await run(orderId, { type: 'RecordPaymentOutcome', data: { orderId, attemptId, providerReference, outcome, source: { kind: source } } }, call);
    if (E.isLeft(recorded)) return recorded;
    const events = eventsOf(recorded.right);
    return E.right({ events, state: recorded.right.state, reversals: await reverseAll(orderId, flaggedIn(events), call) });
  };

  const reverseFlagged = async (orderId: string, call: Call): Promise<ReversalOutcome[]> => {
    const state = await load(orderId);
    if (!isOpen(state)) return [];
    const owed = state.attempts.filter(
      (a) => a.reversal !== null && (refundable(a).amount > 0 || a.status === 'authorised' || state.refunds.some((r) => r.attemptId === a.attemptId && r.status === 'requested')),
    );
    const outcomes: ReversalOutcome[] = [];
    for (const attempt of owed) outcomes.push(await reverse(orderId, attempt.attemptId, call));
    return outcomes;
  };

  return { refund, cancelAttempt, reverseFlagged, recordOutcome, reverseAll };
};
