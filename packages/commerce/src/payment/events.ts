import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { z } from 'zod';
import { NonNegativeMoney } from '../shared/money.js';
import { CardDetails, NextAction, OutcomeSource, PaymentMethod, ReversalReason } from './model.js';

const Instant = z.iso.datetime();
const Id = z.string().min(1);

export const PaymentAttemptStarted = defineEvent(
  'PaymentAttemptStarted',
  z.strictObject({
    orderId: Id,
    attemptId: Id,
    method: PaymentMethod,
    amount: NonNegativeMoney,
    card: CardDetails.optional(),
    startedAt: Instant,
    /** After this instant we stop waiting and time the attempt out (the provider may still report later). */
    expiresAt: Instant,
  }),
);

export const PaymentActionRequired = defineEvent(
  'PaymentActionRequired',
  z.strictObject({ orderId: Id, attemptId: Id, providerReference: Id, nextAction: NextAction }),
);

export const PaymentInitiationFailed = defineEvent(
  'PaymentInitiationFailed',
  z.strictObject({ orderId: Id, attemptId: Id, reason: z.string().min(1), failedAt: Instant }),
);

export const PaymentAuthorised = defineEvent(
  'PaymentAuthorised',
  z.strictObject({ orderId: Id, attemptId: Id, providerReference: Id, amount: NonNegativeMoney, source: OutcomeSource, authorisedAt: Instant }),
);

export const PaymentCaptured = defineEvent(
  'PaymentCaptured',
  z.strictObject({ orderId: Id, attemptId: Id, providerReference: Id, amount: NonNegativeMoney, source: OutcomeSource, capturedAt: Instant }),
);

export const PaymentDeclined = defineEvent(
  'PaymentDeclined',
  z.strictObject({
    orderId: Id,
    attemptId: Id,
    providerReference: Id,
    code: z.string().min(1),
    message: z.string().optional(),
    source: OutcomeSource,
    declinedAt: Instant,
  }),
);

export const PaymentAttemptExpired = defineEvent(
  'PaymentAttemptExpired',
  z.strictObject({ orderId: Id, attemptId: Id, providerReference: Id, source: OutcomeSource, expiredAt: Instant }),
);

export const PaymentAttemptTimedOut = defineEvent('PaymentAttemptTimedOut', z.strictObject({ orderId: Id, attemptId: Id, timedOutAt: Instant }));

export const PaymentAttemptVoided = defineEvent(
  'PaymentAttemptVoided',
  z.strictObject({ orderId: Id, attemptId: Id, reason: z.string().min(1), voidedAt: Instant }),
);

/** Money that must go back: refunded when captured, voided when only authorised. */
export const PaymentAttemptFlaggedForReversal = defineEvent(
  'PaymentAttemptFlaggedForReversal',
  z.strictObject({ orderId: Id, attemptId: Id, reason: ReversalReason, amount: NonNegativeMoney, flaggedAt: Instant }),
);

export const PaymentRefundRequested = defineEvent(
  'PaymentRefundRequested',
  z.strictObject({ orderId: Id, refundId: Id, attemptId: Id, amount: NonNegativeMoney, reason: z.string().min(1), requestedAt: Instant }),
);

export const PaymentRefunded = defineEvent(
  'PaymentRefunded',
  z.strictObject({
    orderId: Id,
    refundId: Id,
    attemptId: Id,
    amount: NonNegativeMoney,
    providerRefundReference: Id,
    source: OutcomeSource,
    refundedAt: Instant,
  }),
);

export const PaymentRefundFailed = defineEvent(
  'PaymentRefundFailed',
  z.strictObject({ orderId: Id, refundId: Id, attemptId: Id, amount: NonNegativeMoney, reason: z.string().min(1), source: OutcomeSource, failedAt: Instant }),
);

/** Every payment event type, for the event store's registry. */
export const paymentEvents = [
  PaymentAttemptStarted,
  PaymentActionRequired,
  PaymentInitiationFailed,
  PaymentAuthorised,
  PaymentCaptured,
  PaymentDeclined,
  PaymentAttemptExpired,
  PaymentAttemptTimedOut,
  PaymentAttemptVoided,
  PaymentAttemptFlaggedForReversal,
  PaymentRefundRequested,
  PaymentRefunded,
  PaymentRefundFailed,
] as const;

export type PaymentEvent = EventOf<(typeof paymentEvents)[number]>;
export type PaymentEventType = PaymentEvent['type'];
