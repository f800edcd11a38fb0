import { timeOrderedIds } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { PaymentOutcome } from '../model.js';
import type { ProviderError, ProviderOperation, ProviderTransaction, RefundResult } from '../provider.js';
import type { MethodProfile, SandboxConfig, SandboxFailure, SandboxProvider, SandboxScenario, SandboxTransaction } from './types.js';
import { DEFAULT_SANDBOX_BASE_URL } from './pages.js';
import { signNotification, verifySignedNotification } from './wire.js';
import type { NotificationBody } from './wire.js';

/** Why a sandbox control refused: a reference no sandbox issued, or a transaction past what the control plays. */
export type SandboxControlRefusal =
  | { readonly _tag: 'UnknownSandboxTransaction'; readonly reference: string }
  | { readonly _tag: 'SandboxTransactionSettled'; readonly reference: string; readonly status: SandboxTransaction['status'] };

/**
 * A sandbox control asked for something that cannot happen (playing the customer on a payment that was never
 * started, or paying one already paid). Thrown, not returned: the controls are a test's and a developer's
 * switches; the HTTP layer turns it into a 404 or 409 problem.
 */
export class SandboxControlError extends Error {
  override readonly name = 'SandboxControlError';
  constructor(readonly refusal: SandboxControlRefusal) {
    super(refusal._tag === 'UnknownSandboxTransaction' ? `no sandbox transaction ${refusal.reference}` : `sandbox transaction ${refusal.reference} is ${refusal.status}`);
  }
}

/**
 * The engine every sandbox provider shares: transactions in memory, scenarios that play out when the
 * customer acts, signed notifications to the sink, and failures planned by the test.
 */
export const sandboxProvider = (profile: MethodProfile, config: SandboxConfig): SandboxProvider => {
  const ids = config.ids ?? timeOrderedIds;
  const baseUrl = config.baseUrl ?? DEFAULT_SANDBOX_BASE_URL;
  const merchantName = config.merchantName ?? 'ShopStream sandbox merchant';
  const toleranceSeconds = config.toleranceSeconds ?? 300;
  const byReference = new Map<string, SandboxTransaction>();
  const byMerchantReference = new Map<string, SandboxTransaction>();
  const scenarios = new Map<string, SandboxScenario>();
  const failures = new Map<ProviderOperation, SandboxFailure>();
  let refundFailure: string | null = null;

  const now = () => config.clock.now();

  const notify = (transaction: SandboxTransaction, body: Omit<NotificationBody, 'id' | 'method' | 'providerReference' | 'merchantReference' | 'passback' | 'createdAt'>, copies = 0) => {
    const full: NotificationBody = {
      id: `ntf_${ids.next()}`,
      method: profile.method,
      providerReference: transaction.providerReference,
      merchantReference: transaction.merchantReference,
      passback: transaction.orderId,
      createdAt: now().toISOString(),
      ...body,
    };
    transaction.sent.push(full);
    for (let i = 0; i <= copies; i++) config.deliver(signNotification(config.secret, full, now()));
  };

  /** Consumes a planned failure. Returns the error to answer with, and whether the operation should still happen. */
  const planned = (operation: ProviderOperation): { error: ProviderError; applied: boolean } | null => {
    const failure = failures.get(operation);
    if (!failure) return null;
    failures.delete(operation);
    return failure.kind === 'unavailable'
      ? { error: { _tag: 'ProviderUnavailable', operation, detail: 'sandbox: no answer before the timeout' }, applied: failure.applied ?? false }
      : { error: { _tag: 'ProviderRejected', operation, code: failure.code, message: failure.message ?? failure.code }, applied: false };
  };

  const rejected = (operation: ProviderOperation, code: string, message: string): Either<ProviderError, never> =>
    E.left({ _tag: 'ProviderRejected', operation, code, message });

  const find = (reference: string): SandboxTransaction => {
    const transaction = byReference.get(reference) ?? byMerchantReference.get(reference);
    if (!transaction) throw new SandboxControlError({ _tag: 'UnknownSandboxTransaction', reference });
    return transaction;
  };

  const play = (transaction: SandboxTransaction, scenario: SandboxScenario): PaymentOutcome | undefined => {
    if (scenario.kind === 'timeout') return undefined;
    if (scenario.kind === 'decline') {
      transaction.status = 'declined';
      transaction.declineCode = scenario.code ?? 'declined';
      notify(transaction, { type: 'payment.declined', amount: transaction.amount, declineCode: transaction.declineCode }, scenario.duplicates);
      return { kind: 'declined', code: transaction.declineCode };
    }
    if (profile.manualCapture) {
      transaction.status = 'authorised';
      notify(transaction, { type: 'payment.authorised', amount: transaction.amount }, scenario.duplicates);
      return { kind: 'authorised', amount: transaction.amount };
    }
    transaction.status = 'captured';
    transaction.captured = transaction.amount.amount;
    notify(transaction, { type: 'payment.captured', amount: transaction.amount }, scenario.duplicates);
    return { kind: 'captured', amount: transaction.amount };
  };

  const snapshot = (t: SandboxTransaction): ProviderTransaction => ({
    providerReference: t.providerReference,
    merchantReference: t.merchantReference,
    status: t.status,
    amount: t.amount,
    captured: { amount: t.captured, currency: t.amount.currency },
    refunded: { amount: t.refunded, currency: t.amount.currency },
    ...(t.declineCode === undefined ? {} : { declineCode: t.declineCode }),
  });

  const provider: SandboxProvider = {
    method: profile.method,

    initiate: async (request) => {
      const failure = planned('initiate');
      if (failure && !failure.applied) return E.left(failure.error);
      const existing = byMerchantReference.get(request.attemptId);
      if (existing) {
        // The same out_trade_no again is a retry when nothing differs, a client bug otherwise.
        if (existing.amount.amount !== request.amount.amount || existing.amount.currency !== request.amount.currency) {
          return rejected('initiate', 'DUPLICATE_MERCHANT_REFERENCE', 'another transaction already uses this merchant reference');
        }
        return failure ? E.left(failure.error) : E.right({ providerReference: existing.providerReference, nextAction: profile.nextAction(existing, request, baseUrl) });
      }
      const transaction: SandboxTransaction = {
        method: profile.method,
        merchantName,
        description: request.description,
        ...(request.returnUrl === undefined ? {} : { returnUrl: request.returnUrl }),
        providerReference: `${profile.referencePrefix}${ids.next().replace(/-/g, '')}`,
        merchantReference: request.attemptId,
        orderId: request.orderId,
        amount: request.amount,
        status: 'pending',
        captured: 0,
        refunded: 0,
        refunds: new Map(),
        sent: [],
      };
      byReference.set(transaction.providerReference, transaction);
      byMerchantReference.set(transaction.merchantReference, transaction);
      scenarios.set(transaction.merchantReference, scenarios.get(request.attemptId) ?? profile.impliedScenario?.(request) ?? config.defaultScenario ?? { kind: 'succeed' });
      const nextAction = profile.nextAction(transaction, request, baseUrl);
      const outcome = profile.decidesAtOnce(request) ? play(transaction, scenarios.get(transaction.merchantReference) ?? { kind: 'succeed' }) : undefined;
      if (failure) return E.left(failure.error);
      return E.right({ providerReference: transaction.providerReference, nextAction, ...(outcome ? { outcome } : {}) });
    },

    capture: async ({ providerReference, amount }) => {
      const failure = planned('capture');
      if (failure && !failure.applied) return E.left(failure.error);
      const transaction = byReference.get(providerReference);
      if (!transaction) return rejected('capture', 'TRADE_NOT_EXIST', 'no such transaction');
      if (amount.amount !== transaction.amount.amount || amount.currency !== transaction.amount.currency) {
        return rejected('capture', 'AMOUNT_MISMATCH', 'captures are for the authorised amount');
      }
      if (transaction.status === 'authorised') {
        transaction.status = 'captured';
        transaction.captured = transaction.amount.amount;
        notify(transaction, { type: 'payment.captured', amount: transaction.amount });
      } else if (transaction.status !== 'captured') {
        return rejected('capture', 'TRADE_NOT_AUTHORISED', `the transaction is ${transaction.status}`);
      }
      return failure ? E.left(failure.error) : E.right({ outcome: { kind: 'captured' as const, amount: transaction.amount } });
    },

    refund: async ({ providerReference, refundId, amount }) => {
      const failure = planned('refund');
      if (failure && !failure.applied) return E.left(failure.error);
      const transaction = byReference.get(providerReference);
      if (!transaction) return rejected('refund', 'TRADE_NOT_EXIST', 'no such transaction');
      const earlier = transaction.refunds.get(refundId);
      if (earlier) {
        if (earlier.amount !== amount.amount) return rejected('refund', 'DUPLICATE_REFUND_ID', 'this refund id was used for another amount');
        const result: RefundResult = { status: earlier.settled ? 'succeeded' : 'pending', providerRefundReference: earlier.providerRefundReference };
        return failure ? E.left(failure.error) : E.right(result);
      }
      if (amount.currency !== transaction.amount.currency || amount.amount <= 0 || amount.amount > transaction.captured - transaction.refunded) {
        return rejected('refund', 'REFUND_AMOUNT_EXCEEDED', 'more than the transaction holds');
      }
      const providerRefundReference = `rf_${ids.next().replace(/-/g, '')}`;
      const refusal = refundFailure;
      refundFailure = null;
      if (refusal !== null && !profile.asyncRefunds) return rejected('refund', 'REFUND_FAILED', refusal);
      if (!profile.asyncRefunds) {
        transaction.refunded += amount.amount;
        transaction.refunds.set(refundId, { providerRefundReference, amount: amount.amount, settled: true });
        return failure ? E.left(failure.error) : E.right({ status: 'succeeded', providerRefundReference });
      }
      // Accepted now, settled by a notification (which the sink may deliver before this answer is read).
      transaction.refunds.set(refundId, { providerRefundReference, amount: amount.amount, settled: refusal === null });
      if (refusal === null) {
        transaction.refunded += amount.amount;
        notify(transaction, { type: 'refund.succeeded', amount, refundId, providerRefundReference });
      } else {
        notify(transaction, { type: 'refund.failed', amount, refundId, failureReason: refusal });
      }
      return failure ? E.left(failure.error) : E.right({ status: 'pending', providerRefundReference });
    },

    void: async ({ providerReference }) => {
      const failure = planned('void');
      if (failure && !failure.applied) return E.left(failure.error);
      const transaction = byReference.get(providerReference);
      if (!transaction) return rejected('void', 'TRADE_NOT_EXIST', 'no such transaction');
      if (transaction.status === 'captured') return rejected('void', 'TRADE_ALREADY_PAID', 'a captured payment is refunded, not voided');
      if (transaction.status === 'pending' || transaction.status === 'authorised') transaction.status = 'voided';
      return failure ? E.left(failure.error) : E.right({ voided: true as const });
    },

    query: async ({ merchantReference }) => {
      const failure = planned('query');
      if (failure) return E.left(failure.error);
      const transaction = byMerchantReference.get(merchantReference);
      return transaction ? E.right(snapshot(transaction)) : rejected('query', 'TRADE_NOT_EXIST', 'no such transaction');
    },

    verifyNotification: async (rawBody, headers) =>
      verifySignedNotification({ secret: config.secret, method: profile.method, now: now(), toleranceSeconds }, rawBody, headers),

    control: {
      setScenario: (merchantReference, scenario) => {
        scenarios.set(merchantReference, scenario);
      },
      act: (providerReference) => {
        const transaction = find(providerReference);
        if (transaction.status !== 'pending') throw new SandboxControlError({ _tag: 'SandboxTransactionSettled', reference: providerReference, status: transaction.status });
        play(transaction, scenarios.get(transaction.merchantReference) ?? { kind: 'succeed' });
        return transaction;
      },
      resolve: (providerReference, scenario) => {
        const transaction = find(providerReference);
        // A declined payment is final at the provider (the customer starts another attempt); one the shop gave up on
        // (expired, voided) can still be paid, as a real payment can arrive after the shop closed it.
        if (transaction.status === 'captured' || transaction.status === 'authorised' || transaction.status === 'declined') {
          throw new SandboxControlError({ _tag: 'SandboxTransactionSettled', reference: providerReference, status: transaction.status });
        }
        play(transaction, scenario);
        return transaction;
      },
      expire: (providerReference) => {
        const transaction = find(providerReference);
        if (transaction.status !== 'pending') throw new SandboxControlError({ _tag: 'SandboxTransactionSettled', reference: providerReference, status: transaction.status });
        transaction.status = 'expired';
        notify(transaction, { type: 'payment.expired', amount: transaction.amount });
        return transaction;
      },
      redeliver: (providerReference, notificationId) => {
        const transaction = find(providerReference);
        const body = notificationId === undefined ? transaction.sent[transaction.sent.length - 1] : transaction.sent.find((n) => n.id === notificationId);
        if (!body) throw new Error(`sandbox ${profile.method}: no notification ${notificationId ?? ''} was sent for ${providerReference}`);
        config.deliver(signNotification(config.secret, body, now()));
      },
      failNext: (operation, failure) => {
        failures.set(operation, failure);
      },
      failNextRefund: (reason) => {
        refundFailure = reason;
      },
      transaction: (reference) => byReference.get(reference) ?? byMerchantReference.get(reference),
    },
  };
  return provider;
};
