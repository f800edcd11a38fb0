import type { HandleOptions } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Money } from '../shared/money.js';
import { isOpen, payingAttempt } from '../payment/index.js';
import type { AttemptState, PaymentService, PaymentServiceError } from '../payment/index.js';
import { ProcessFault } from './outcome.js';
import type { CommerceReader } from './ports.js';

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
  readonly read: CommerceReader;
  /**
   * The payment service over the processes' payment handler (`handlers.payments`, so both keep one state per
   * stream) and the providers: it records the request, asks the provider and records the answer, for the
   * processes as for every other caller.
   */
  readonly service: Pick<PaymentService, 'refund' | 'voidAttempt'>;
}

/**
 * A refusal the service answered with instead of acting: a provider that did not answer (the call may or may not
 * have taken effect) is `PaymentProviderUnavailable`, retried with the same ids; any other is a fault.
 */
const thrown = (step: string, error: PaymentServiceError): Error =>
  error._tag === 'ProviderUnavailable' ? new PaymentProviderUnavailable(`payments: ${step}: ${JSON.stringify(error)}`) : new ProcessFault(PROCESS, step, error);

/**
 * The gateway the processes give money back through: the payment service (its `refund` and `voidAttempt`), with the
 * refusals a reaction cannot act on thrown. A refund asked again with its id is the refund asked first (its
 * attempt, amount and reason), so a redelivered reaction never trips over an id it already used.
 */
export const providerPayments = ({ read, service }: ProviderGatewayConfig): PaymentGateway => {
  const voidOne = async (orderId: string, attemptId: string, reason: string, options: HandleOptions | undefined): Promise<boolean> => {
    const voided = await service.voidAttempt(orderId, attemptId, reason, options);
    if (E.isRight(voided)) return true;
    // Captured, declined or expired since we read it: nothing left to void.
    if (voided.left._tag === 'AttemptNotVoidable') return false;
    throw thrown(`void ${attemptId}`, voided.left);
  };

  return {
    refund: async (request, options) => {
      const payment = await read.payment(request.orderId);
      if (!isOpen(payment)) throw new Error(`payments: order ${request.orderId} has no payment to refund`);
      const earlier = payment.refunds.find((r) => r.refundId === request.refundId);
      if (earlier && earlier.status !== 'requested') return earlier.status;
      const attemptId = earlier?.attemptId ?? request.attemptId ?? payingAttempt(payment)?.attemptId;
      const attempt = payment.attempts.find((a) => a.attemptId === attemptId);
      if (!attempt || attempt.providerReference === null) throw new Error(`payments: order ${request.orderId} has no captured attempt to refund`);
      const handled = await service.refund(
        { orderId: request.orderId, refundId: request.refundId, attemptId: attempt.attemptId, amount: earlier?.amount ?? request.amount, reason: earlier?.reason ?? request.reason },
        options,
      );
      if (E.isLeft(handled)) throw thrown(`refund ${request.refundId}`, handled.left);
      // Recorded as requested and not answered yet: the provider's notification settles it.
      return handled.right.status === 'requested' ? 'pending' : handled.right.status;
    },

    voidOpenAttempts: async (orderId, reason, options) => {
      const payment = await read.payment(orderId);
      if (!isOpen(payment)) return 0;
      let voided = 0;
      for (const attempt of payment.attempts.filter((a) => VOIDABLE.includes(a.status))) {
        if (await voidOne(orderId, attempt.attemptId, reason, options)) voided++;
      }
      return voided;
    },

    voidAttempt: async (orderId, attemptId, reason, options) => {
      const payment = await read.payment(orderId);
      const attempt = isOpen(payment) ? payment.attempts.find((a) => a.attemptId === attemptId) : undefined;
      if (!attempt) throw new Error(`payments: order ${orderId} has no attempt ${attemptId}`);
      return VOIDABLE.includes(attempt.status) ? voidOne(orderId, attemptId, reason, options) : false;
    },
  };
};
