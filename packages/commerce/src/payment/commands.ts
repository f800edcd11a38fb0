import { z } from 'zod';
import { NonNegativeMoney } from '../shared/money.js';
import { CardDetails, NextAction, OutcomeSource, PaymentMethod, PaymentOutcome, RefundOutcome } from './model.js';

const Id = z.string().min(1);

/**
 * Commands carry the provider's answers as facts: the payment service calls the provider and then records
 * what it said, so the decider never does I/O and a replay decides exactly as the original did.
 */
export const StartPaymentAttempt = z.strictObject({
  type: z.literal('StartPaymentAttempt'),
  data: z.strictObject({
    orderId: Id,
    attemptId: Id,
    method: PaymentMethod,
    amount: NonNegativeMoney,
    card: CardDetails.optional(),
    expiresAt: z.iso.datetime(),
  }),
});

export const RecordPaymentInitiation = z.strictObject({
  type: z.literal('RecordPaymentInitiation'),
  data: z.strictObject({ orderId: Id, attemptId: Id, providerReference: Id, nextAction: NextAction }),
});

export const RecordPaymentInitiationFailure = z.strictObject({
  type: z.literal('RecordPaymentInitiationFailure'),
  data: z.strictObject({ orderId: Id, attemptId: Id, reason: z.string().min(1) }),
});

export const RecordPaymentOutcome = z.strictObject({
  type: z.literal('RecordPaymentOutcome'),
  data: z.strictObject({ orderId: Id, attemptId: Id, providerReference: Id, outcome: PaymentOutcome, source: OutcomeSource }),
});

export const TimeOutPaymentAttempt = z.strictObject({
  type: z.literal('TimeOutPaymentAttempt'),
  data: z.strictObject({ orderId: Id, attemptId: Id }),
});

export const VoidPaymentAttempt = z.strictObject({
  type: z.literal('VoidPaymentAttempt'),
  data: z.strictObject({ orderId: Id, attemptId: Id, reason: z.string().min(1) }),
});

export const RequestPaymentRefund = z.strictObject({
  type: z.literal('RequestPaymentRefund'),
  data: z.strictObject({ orderId: Id, refundId: Id, attemptId: Id, amount: NonNegativeMoney, reason: z.string().min(1) }),
});

export const RecordPaymentRefundOutcome = z.strictObject({
  type: z.literal('RecordPaymentRefundOutcome'),
  data: z.strictObject({ orderId: Id, refundId: Id, outcome: RefundOutcome, source: OutcomeSource }),
});

export const PaymentCommand = z.discriminatedUnion('type', [
  StartPaymentAttempt,
  RecordPaymentInitiation,
  RecordPaymentInitiationFailure,
  RecordPaymentOutcome,
  TimeOutPaymentAttempt,
  VoidPaymentAttempt,
  RequestPaymentRefund,
  RecordPaymentRefundOutcome,
]);
export type PaymentCommand = z.output<typeof PaymentCommand>;
