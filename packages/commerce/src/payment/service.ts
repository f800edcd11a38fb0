import * as E from 'fp-ts/lib/Either.js';
import type { PaymentCommand } from './commands.js';
import { reconciliation } from './reconciliation.js';
import { moneyBack } from './refunds.js';
import { attemptIn, callOf, eventsOf, flaggedIn, providerCall, serviceContext } from './serviceContext.js';
import type { PaymentService, PaymentServiceConfig } from './serviceTypes.js';

/**
 * Drives providers and the payment aggregate: every provider answer becomes a command, decided and
 * appended through the kernel's command handler, so what the provider said is on the record before the
 * caller hears about it.
 */
export const paymentService = (config: PaymentServiceConfig): PaymentService => {
  const context = serviceContext(config);
  const { run, load, current, providerFor, clock, ids } = context;
  const ttl = config.attemptTtlMs ?? 15 * 60_000;
  const back = moneyBack(context);
  const { recordOutcome, reverseAll } = back;
  const { timeOutExpiredAttempts, reconcile } = reconciliation(context, back);

  return {
    startPayment: async (request, options) => {
      const call = callOf(options);
      const provider = providerFor(request.method);
      if (E.isLeft(provider)) return provider;
      const attemptId = request.attemptId ?? ids.next();
      const expiresAt = new Date(clock.now().getTime() + ttl).toISOString();
      // The call's first command: a pinned call starts the attempt only on the revision its caller saw.
      const started = await run(
        request.orderId,
        {
          type: 'StartPaymentAttempt',
          data: { orderId: request.orderId, attemptId, method: request.method, amount: request.amount, expiresAt, ...(request.card ? { card: request.card } : {}) },
        },
        call,
      );
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
        const failed = await run(request.orderId, { type: 'RecordPaymentInitiationFailure', data: { orderId: request.orderId, attemptId, reason } }, call);
        return E.isLeft(failed) ? failed : initiated;
      }
      const { providerReference, nextAction, outcome } = initiated.right;
      const recorded = await run(request.orderId, { type: 'RecordPaymentInitiation', data: { orderId: request.orderId, attemptId, providerReference, nextAction } }, call);
      if (E.isLeft(recorded)) return recorded;
      if (outcome) {
        const decided = await recordOutcome(request.orderId, attemptId, providerReference, outcome, 'response', call);
        if (E.isLeft(decided)) return decided;
      }
      return E.right({ attemptId, providerReference, nextAction, ...(outcome ? { outcome } : {}) });
    },

    handleNotification: async (method, rawBody, headers, options) => {
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
      // The provider acts, whoever delivered its word: the request's correlation and trace, the provider as actor.
      const call = providerCall(options, { kind: 'integration', id: `payment-provider:${method}` });
      const recorded = await run(n.orderId, command, call);
      if (E.isLeft(recorded)) return recorded;
      const events = eventsOf(recorded.right);
      return E.right({
        notificationId: n.notificationId,
        orderId: n.orderId,
        changed: events.length > 0,
        events,
        reversals: await reverseAll(n.orderId, flaggedIn(events), call),
      });
    },

    capture: async (orderId, attemptId, options) => {
      const call = callOf(options);
      const { state, revision } = await current(orderId);
      const found = attemptIn(state, orderId, attemptId);
      if (E.isLeft(found)) return found;
      const { attempt } = found.right;
      if (attempt.status === 'captured') return E.right(found.right.payment);
      if (attempt.status !== 'authorised' || attempt.providerReference === null) return E.left({ _tag: 'AttemptNotAuthorised', attemptId, status: attempt.status });
      const provider = providerFor(attempt.method);
      if (E.isLeft(provider)) return provider;
      const stale = call.stale(orderId, revision);
      if (stale !== null) return E.left(stale);
      const captured = await provider.right.capture({ providerReference: attempt.providerReference, amount: attempt.amount });
      if (E.isLeft(captured)) return captured;
      const recorded = await recordOutcome(orderId, attemptId, attempt.providerReference, captured.right.outcome, 'response', call);
      return E.isLeft(recorded) ? recorded : E.right(recorded.right.state);
    },

    cancelAttempt: (orderId, attemptId, reason, options) => back.cancelAttempt(orderId, attemptId, reason, callOf(options)),
    voidAttempt: (orderId, attemptId, reason, options) => back.cancelAttempt(orderId, attemptId, reason, callOf(options), 'void'),
    refund: (request, options) => back.refund(request, callOf(options)),
    reverseFlagged: (orderId, options) => back.reverseFlagged(orderId, callOf(options)),
    timeOutExpiredAttempts: (orderId, options) => timeOutExpiredAttempts(orderId, callOf(options)),
    reconcile: (orderId, options) => reconcile(orderId, callOf(options)),
    payment: load,
  };
};
