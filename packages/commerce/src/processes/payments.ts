import type { HandleOptions } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Money } from '../shared/money.js';
import { isOpen, payingAttempt, paymentStream } from '../payment/index.js';
import type { AttemptState, PaymentMethod, PaymentProvider } from '../payment/index.js';
import type { CommerceHandlers, CommerceReader } from './ports.js';
import { settle } from './outcome.js';

export interface RefundRequest {
  readonly orderId: string;
  /** Deterministic: asking again with the same id is a retry of the same refund, never a second one. */
  readonly refundId: string;
  readonly amount: Money;
  readonly reason: string;
  /** The attempt to refund; by default the one that paid for the order. */
  readonly attemptId?: string;
}

/** Where a refund stands after the call: settled now, settled later by the provider's notification, or refused. */
export type RefundProgress = 'succeeded' | 'pending' | 'failed';

/**
 * What the processes need from the payment context: give money back and stop open attempts from taking
 * any. Every call is safe to repeat with the same arguments.
 */
export interface PaymentGateway {
  refund(request: RefundRequest, options?: HandleOptions): Promise<RefundProgress>;
  /** Voids every attempt of the order that has not taken money, with the provider and in the payment stream; returns how many. */
  voidOpenAttempts(orderId: string, reason: string, options?: HandleOptions): Promise<number>;
  /** Voids one attempt (an authorisation that must not be captured); false when it had already settled otherwise. */
  voidAttempt(orderId: string, attemptId: string, reason: string, options?: HandleOptions): Promise<boolean>;
}

/** A provider call that may or may not have taken effect: thrown, so the reaction is retried with the same ids. */
export class PaymentProviderUnavailable extends Error {
  override readonly name = 'PaymentProviderUnavailable';
}

const PROCESS = 'payments';
// Attempts that hold no money the customer could lose; voiding them stops a late payment from being taken.
const VOIDABLE: readonly AttemptState['status'][] = ['initiated', 'action_required', 'failed', 'timed_out', 'authorised'];

export interface ProviderGatewayConfig {
  readonly handlers: CommerceHandlers;
  readonly read: CommerceReader;
  readonly providers: Partial<Readonly<Record<PaymentMethod, PaymentProvider>>>;
}

/**
 * The gateway over the payment aggregate and the providers: the refund is recorded as requested before the
 * provider is asked (so the money is reserved and a second refund cannot spend it), then the provider's
 * answer is recorded; an asynchronous refund (WeChat Pay) is settled by its notification instead.
 */
export const providerPayments = ({ handlers, read, providers }: ProviderGatewayConfig): PaymentGateway => {
  const providerFor = (method: PaymentMethod): PaymentProvider => {
    const provider = providers[method];
    if (!provider) throw new Error(`payments: no provider configured for ${method}`);
    return provider;
  };

  const voidOne = async (orderId: string, attempt: AttemptState, reason: string, options: HandleOptions | undefined): Promise<boolean> => {
    if (attempt.providerReference !== null) {
      const answer = await providerFor(attempt.method).void({ providerReference: attempt.providerReference });
      // A refusal (the customer paid meanwhile, say) is fine: the void below makes that payment one to give back.
      if (E.isLeft(answer) && answer.left._tag !== 'ProviderRejected') {
        throw new PaymentProviderUnavailable(`payments: void ${attempt.attemptId}: ${JSON.stringify(answer.left)}`);
      }
    }
    const result = await handlers.payments(paymentStream(orderId), { type: 'VoidPaymentAttempt', data: { orderId, attemptId: attempt.attemptId, reason } }, options);
    // Captured, declined or expired since we read it: nothing left to void.
    const outcome = settle(PROCESS, 'VoidPaymentAttempt', result, ['AttemptNotVoidable']);
    return outcome.done && outcome.value.events.length > 0;
  };

  return {
    refund: async (request, options) => {
      const stream = paymentStream(request.orderId);
      const payment = await read.payment(request.orderId);
      if (!isOpen(payment)) throw new Error(`payments: order ${request.orderId} has no payment to refund`);
      const earlier = payment.refunds.find((r) => r.refundId === request.refundId);
      if (earlier && earlier.status !== 'requested') return earlier.status;
      const attemptId = earlier?.attemptId ?? request.attemptId ?? payingAttempt(payment)?.attemptId;
      const attempt = payment.attempts.find((a) => a.attemptId === attemptId);
      if (!attempt || attempt.providerReference === null) throw new Error(`payments: order ${request.orderId} has no captured attempt to refund`);
      const amount = earlier?.amount ?? request.amount;
      if (!earlier) {
        const requested = await handlers.payments(
          stream,
          { type: 'RequestPaymentRefund', data: { orderId: request.orderId, refundId: request.refundId, attemptId: attempt.attemptId, amount, reason: request.reason } },
          options,
        );
        settle(PROCESS, 'RequestPaymentRefund', requested, []);
      }
      const answer = await providerFor(attempt.method).refund({ providerReference: attempt.providerReference, refundId: request.refundId, amount, reason: request.reason });
      if (E.isLeft(answer)) {
        if (answer.left._tag !== 'ProviderRejected') throw new PaymentProviderUnavailable(`payments: refund ${request.refundId}: ${JSON.stringify(answer.left)}`);
        const failed = await handlers.payments(
          stream,
          { type: 'RecordPaymentRefundOutcome', data: { orderId: request.orderId, refundId: request.refundId, outcome: { kind: 'failed', reason: `${answer.left.code}: ${answer.left.message}` }, source: { kind: 'response' } } },
          options,
        );
        settle(PROCESS, 'RecordPaymentRefundOutcome', failed, []);
        return 'failed';
      }
      if (answer.right.status === 'pending') return 'pending';
      const settled = await handlers.payments(
        stream,
        {
          type: 'RecordPaymentRefundOutcome',
          data: { orderId: request.orderId, refundId: request.refundId, outcome: { kind: 'succeeded', providerRefundReference: answer.right.providerRefundReference }, source: { kind: 'response' } },
        },
        options,
      );
      settle(PROCESS, 'RecordPaymentRefundOutcome', settled, []);
      return 'succeeded';
    },

    voidOpenAttempts: async (orderId, reason, options) => {
      const payment = await read.payment(orderId);
      if (!isOpen(payment)) return 0;
      let voided = 0;
      for (const attempt of payment.attempts.filter((a) => VOIDABLE.includes(a.status))) {
        if (await voidOne(orderId, attempt, reason, options)) voided++;
      }
      return voided;
    },

    voidAttempt: async (orderId, attemptId, reason, options) => {
      const payment = await read.payment(orderId);
      const attempt = isOpen(payment) ? payment.attempts.find((a) => a.attemptId === attemptId) : undefined;
      if (!attempt) throw new Error(`payments: order ${orderId} has no attempt ${attemptId}`);
      return VOIDABLE.includes(attempt.status) ? voidOne(orderId, attempt, reason, options) : false;
    },
  };
};
