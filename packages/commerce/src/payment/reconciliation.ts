import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { PaymentOutcome } from './model.js';
import type { MoneyBack } from './refunds.js';
import type { Call, ServiceContext } from './serviceContext.js';
import type { PaymentServiceError, ReconciledAttempt } from './serviceTypes.js';
import { UNSETTLED_ATTEMPT_STATUSES, isOpen } from './state.js';

/** Giving up on attempts the customer left, and asking providers what became of the ones not settled. */
export const reconciliation = (context: ServiceContext, { recordOutcome }: MoneyBack) => {
  const { run, load, providerFor, clock } = context;

  const timeOutExpiredAttempts = async (orderId: string, call: Call): Promise<Either<PaymentServiceError, readonly string[]>> => {
    const state = await load(orderId);
    if (!isOpen(state)) return E.right([]);
    const now = clock.now().getTime();
    const expired = state.attempts.filter((a) => (a.status === 'initiated' || a.status === 'action_required') && Date.parse(a.expiresAt) <= now);
    const timedOut: string[] = [];
    for (const attempt of expired) {
      const recorded = await run(orderId, { type: 'TimeOutPaymentAttempt', data: { orderId, attemptId: attempt.attemptId } }, call);
      if (E.isLeft(recorded)) return recorded;
      if (recorded.right.events.length > 0) timedOut.push(attempt.attemptId);
    }
    return E.right(timedOut);
  };

  const reconcile = async (orderId: string, call: Call): Promise<Either<PaymentServiceError, readonly ReconciledAttempt[]>> => {
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
        const recorded = await run(orderId, { type: 'VoidPaymentAttempt', data: { orderId, attemptId: attempt.attemptId, reason: 'voided at the provider' } }, call);
        if (E.isLeft(recorded)) return recorded;
        recordedCount = recorded.right.events.length;
      } else if (outcome !== null) {
        const recorded = await recordOutcome(orderId, attempt.attemptId, t.providerReference, outcome, 'query', call);
        if (E.isLeft(recorded)) return recorded;
        recordedCount = recorded.right.events.length;
      }
      report.push({ attemptId: attempt.attemptId, before: attempt.status, provider: t.status, recorded: recordedCount });
    }
    return E.right(report);
  };

  return { timeOutExpiredAttempts, reconcile };
};
